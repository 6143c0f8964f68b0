import { Readable } from 'node:stream';
import type { AdminRoute } from '../admin/admin-route';
import type { Clock } from '../platform/clock';
import { coverageReport } from './coverage-report';
import { coverage } from './coverage.rules';
import type { Principal } from '../platform/auth/accounts';
import { holdsAny, type Role } from '../platform/auth/roles';
import { DomainError } from '../platform/errors';
import type { JournalStore, StoredJournalEntry } from './journal.store';
import type { RequestJournal } from './request-journal';

/** Who reads a journal: the organisation's developers and super users; operators read any organisation's. */
export const JOURNAL_READERS: readonly Role[] = ['DEVELOPER', 'LRB_SUPER_USER', 'OPERATOR'];
/** Routes whose own exchanges the journal does not keep: reading the journal would otherwise fill it. */
export const JOURNAL_TAG = 'Request journal';

interface ListQuery {
  surface?: string;
  operation?: string;
  outcome?: string;
  from?: string;
  to?: string;
  correlationId?: string;
  afterId?: string;
  organisation?: string;
  page?: string;
  pageSize?: string;
}

/** The request journal through the admin API (docs/decisions/0087-the-request-journal.md). */
export function journalAdminRoutes(deps: { store: JournalStore; journal: RequestJournal; clock: Clock }): AdminRoute[] {
  const { store, journal, clock } = deps;

  /** The organisation whose journal the caller reads: their own, or for an operator the one named (or every one). */
  const scope = async (principal: Principal, ukprn: string | undefined): Promise<number | undefined> => {
    if (!holdsAny(principal.roles, ['OPERATOR'])) {
      if (ukprn !== undefined) throw new DomainError('ROLE_REQUIRED', "Only operators read another organisation's journal");
      return principal.organisationId;
    }
    if (ukprn === undefined) return undefined;
    const id = await store.organisationId(ukprn);
    if (id === undefined) throw new DomainError('ORGANISATION_NOT_FOUND', `No organisation has the UKPRN ${ukprn}`);
    return id;
  };

  const answer = (entry: StoredJournalEntry, ukprns: Map<number, string>, withBodies: boolean) => ({
    id: entry.id,
    organisation: entry.organisationId === null ? null : (ukprns.get(entry.organisationId) ?? null),
    occurredAt: entry.occurredAt.toISOString(),
    surface: entry.surface,
    operation: entry.operation,
    username: entry.username,
    outcome: entry.outcome,
    httpStatus: entry.httpStatus,
    durationMs: entry.durationMs,
    correlationId: entry.correlationId,
    ...(withBodies ? { requestBody: entry.requestBody, responseBody: entry.responseBody } : {}),
    diagnostics: entry.diagnostics,
  });

  return [
    {
      method: 'get',
      path: '/journal',
      summary: "Your organisation's request journal: every exchange, newest first, filtered and paged",
      tag: JOURNAL_TAG,
      roles: JOURNAL_READERS,
      querySchema: 'admin/journal/list.query',
      responseSchema: 'admin/journal/list',
      handle: async ({ principal, query }) => {
        const q = query as ListQuery;
        const page = Number(q.page ?? 1);
        const pageSize = Number(q.pageSize ?? 50);
        const { entries, total } = await store.list({
          organisationId: await scope(principal, q.organisation),
          surface: q.surface,
          operation: q.operation,
          outcome: q.outcome,
          from: q.from ? new Date(q.from) : undefined,
          to: q.to ? new Date(q.to) : undefined,
          correlationId: q.correlationId,
          afterId: q.afterId === undefined ? undefined : Number(q.afterId),
          page,
          pageSize,
        });
        const ukprns = await store.ukprns(entries.flatMap((e) => (e.organisationId === null ? [] : [e.organisationId])));
        return { page, pageSize, total, entries: entries.map((entry) => answer(entry, ukprns, false)) };
      },
    },
    {
      method: 'get',
      path: '/journal/:id',
      summary: 'One exchange of the request journal, with its request and response bodies and what was wrong with it',
      tag: JOURNAL_TAG,
      roles: JOURNAL_READERS,
      responseSchema: 'admin/journal/entry',
      handle: async ({ principal, params }) => {
        const id = /^[0-9]{1,12}$/.test(params.id) ? Number(params.id) : undefined;
        const own = holdsAny(principal.roles, ['OPERATOR']) ? undefined : principal.organisationId;
        // Another organisation's entry is answered as one that does not exist.
        const entry = id === undefined ? undefined : await store.get(id, own);
        if (!entry) throw new DomainError('JOURNAL_ENTRY_NOT_FOUND', `No journal entry ${params.id}`);
        return answer(entry, await store.ukprns(entry.organisationId === null ? [] : [entry.organisationId]), true);
      },
    },
    {
      method: 'get',
      path: '/coverage',
      summary:
        'The coverage checklist: each response code, failure flag, fault and job state of every SOAP operation your organisation has called, seen (with the journal entry) or not yet (with what produces it)',
      tag: JOURNAL_TAG,
      roles: JOURNAL_READERS,
      responseSchema: 'admin/journal/coverage',
      handle: async ({ principal }) => {
        const lines = coverage(await store.soapExchanges(principal.organisationId));
        return { seen: lines.filter((line) => line.seenIn !== null).length, total: lines.length, behaviours: lines };
      },
    },
    {
      method: 'get',
      path: '/coverage/report',
      summary: 'The coverage checklist as a self-contained HTML page, to hand to a customer as evidence of testing',
      tag: JOURNAL_TAG,
      roles: JOURNAL_READERS,
      responseSchema: 'admin/journal/coverage',
      fileResponse: { contentTypes: ['text/html'] },
      handle: async ({ principal }) => {
        const lines = coverage(await store.soapExchanges(principal.organisationId));
        const organisation = await store.organisation(principal.organisationId);
        return {
          file: Readable.from([coverageReport(organisation, lines, clock.now())]),
          contentType: 'text/html; charset=utf-8',
          fileName: `lrs-coverage-${organisation.ukprn}.html`,
        };
      },
    },
    {
      method: 'put',
      path: '/organisations/:ukprn/journal',
      summary: "Turn an organisation's request journal on or off (on for the compatibility data set's organisations)",
      tag: JOURNAL_TAG,
      roles: ['OPERATOR'],
      requestSchema: 'admin/journal/settings.request',
      responseSchema: 'admin/journal/settings',
      handle: async ({ params, body }) => {
        const id = await store.organisationId(params.ukprn);
        if (id === undefined) throw new DomainError('ORGANISATION_NOT_FOUND', `No organisation has the UKPRN ${params.ukprn}`);
        const { enabled } = body as { enabled: boolean };
        await journal.setEnabled(id, enabled);
        return { organisation: params.ukprn, enabled };
      },
    },
  ];
}
