import { type Request, type Response, Router } from 'express';
import type { Diagnostic } from '../journal/diagnostics.rules';
import { holdsAny } from '../platform/auth/roles';
import { DomainError } from '../platform/errors';
import { type CodeView, codeView, type Mark } from './code-view.rules';
import { type ConsolePages, correlationIdOf, page, signedIn } from './console-kit';
import {
  filterQueryString,
  formatInstant,
  journalRow,
  type JournalSummary,
  kindText,
  outcomeTag,
  pageNumber,
  readJournalFilters,
  SURFACE_NAMES,
} from './journal-view.rules';

const PAGE_SIZE = 25;

interface JournalList {
  page: number;
  pageSize: number;
  total: number;
  entries: JournalSummary[];
}

interface JournalEntry extends JournalSummary {
  correlationId: string;
  requestBody: string | null;
  responseBody: string | null;
  diagnostics: Diagnostic[];
}

/** The request journal: the list with its filters and live updates, and one exchange laid out with its diagnostics. */
export function journalPages(pages: ConsolePages): Router {
  const router = Router();
  const operator = (res: Response) => holdsAny(signedIn(res).principal.roles, ['OPERATOR']);
  const list = (res: Response, query: Record<string, string>) =>
    pages.calls.call<JournalList>(signedIn(res).principal, 'get /journal', { query }, correlationIdOf(res));

  router.get(
    '/console/journal',
    page(async (req: Request, res: Response) => {
      const filters = readJournalFilters(req.query, operator(res));
      const number = pageNumber(req.query.page);
      const found = await list(res, { ...filters.query, page: String(number), pageSize: String(PAGE_SIZE) });
      const pageCount = Math.max(1, Math.ceil(found.total / PAGE_SIZE));
      const link = (n: number) => `/console/journal?${filterQueryString(filters.query, { page: String(n) })}`;
      const errors = Object.entries(filters.errors).map(([field, text]) => ({ text, href: `#${field}` }));
      pages.render(res, 'journal.njk', {
        title: 'Request journal',
        section: '/console/journal',
        operator: operator(res),
        filters: filters.values,
        fieldErrors: filters.errors,
        errorList: errors,
        filtered: Object.keys(filters.values).length > 0,
        rows: found.entries.map(journalRow),
        total: found.total,
        pageNumber: number,
        pageCount,
        previous: number > 1 ? link(number - 1) : undefined,
        next: number < pageCount ? link(number + 1) : undefined,
        // Following live makes sense on the first page, where new exchanges appear.
        live:
          number === 1
            ? {
                url: `/console/journal/updates?${filterQueryString(filters.query)}`,
                afterId: String(found.entries[0]?.id ?? 0),
              }
            : undefined,
      });
    }),
  );

  router.get(
    '/console/journal/updates',
    page(async (req: Request, res: Response) => {
      const filters = readJournalFilters(req.query, operator(res));
      if (Object.keys(filters.errors).length > 0)
        throw new DomainError('REQUEST_INVALID', Object.values(filters.errors).join('; '));
      const afterId = typeof req.query.afterId === 'string' ? req.query.afterId : '0';
      const found = await list(res, { ...filters.query, afterId, pageSize: '50' });
      res.json({ rows: found.entries.map(journalRow) });
    }),
  );

  router.get(
    '/console/journal/:id',
    page(async (req: Request, res: Response) => {
      const entry = await pages.calls.call<JournalEntry>(
        signedIn(res).principal,
        'get /journal/:id',
        { params: { id: String(req.params.id) } },
        correlationIdOf(res),
      );
      pages.render(res, 'exchange.njk', {
        title: `${entry.operation} exchange`,
        section: '/console/journal',
        ...exchangeView(entry),
      });
    }),
  );

  return router;
}

function exchangeView(entry: JournalEntry) {
  const format = entry.surface === 'admin' ? 'json' : 'xml';
  const request = entry.requestBody === null ? undefined : codeView(entry.requestBody, format, marks(entry.diagnostics));
  const response = entry.responseBody === null ? undefined : codeView(entry.responseBody, format);
  return {
    entry: {
      id: entry.id,
      time: formatInstant(entry.occurredAt),
      organisation: entry.organisation,
      surface: SURFACE_NAMES[entry.surface] ?? entry.surface,
      operation: entry.operation,
      username: entry.username ?? 'not known',
      outcome: outcomeTag(entry.outcome),
      httpStatus: String(entry.httpStatus),
      duration: `${entry.durationMs} ms`,
      correlationId: entry.correlationId,
      ok: entry.outcome === 'OK',
    },
    request: request?.lines,
    response: response?.lines,
    diagnostics: entry.diagnostics.map((diagnostic) => ({
      kind: kindText(diagnostic.kind),
      summary: diagnostic.summary,
      hint: diagnostic.hint,
      where: diagnostic.line === undefined ? undefined : whereOf(diagnostic as Diagnostic & { line: number }, request),
    })),
  };
}

function marks(diagnostics: readonly Diagnostic[]): Mark[] {
  return diagnostics.flatMap(({ line, element }) => (line === undefined ? [] : [{ line, element }]));
}

/** "Line 5" (of the request as sent), linked to the laid-out line of the element it names. */
function whereOf(diagnostic: Diagnostic & { line: number }, request: CodeView | undefined) {
  const laidOut = request?.locate(diagnostic);
  return {
    text: `Line ${diagnostic.line}${diagnostic.column === undefined ? '' : `, column ${diagnostic.column}`}`,
    href: laidOut === undefined ? undefined : `#request-${laidOut}`,
  };
}
