/**
 * What the journal pages show, worked out from what the admin API answers: the filters a form
 * sent, read into the API's query with an error per field in the GOV.UK way, and each exchange as
 * a row (docs/decisions/0088-the-compatibility-console.md). Pure functions.
 */

export const SURFACE_NAMES: Record<string, string> = {
  'soap-ao': 'AO gateway',
  'soap-lrs': 'LRS-compatible services',
  admin: 'Admin API',
};

export const JOURNAL_FILTERS = ['surface', 'operation', 'outcome', 'correlationId', 'from', 'to', 'organisation'] as const;
export type JournalFilterName = (typeof JOURNAL_FILTERS)[number];

export interface JournalFilters {
  /** The admin API's query (GET /admin/journal). */
  query: Partial<Record<JournalFilterName, string>>;
  /** What the form showed, to show it again. */
  values: Partial<Record<JournalFilterName, string>>;
  errors: Partial<Record<JournalFilterName, string>>;
}

const INSTANT = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?))?\s*(Z|[+-]\d{2}:\d{2})?$/i;

/**
 * A time a person types: a date, or a date and time, UTC unless a zone is given. A bare date is
 * the start of that day for "from" and its end for "to".
 */
export function readInstant(text: string, end: 'from' | 'to'): string | undefined {
  const match = INSTANT.exec(text.trim());
  if (!match) return undefined;
  const [, date, time, zone] = match;
  const clock = time ?? (end === 'from' ? '00:00:00.000' : '23:59:59.999');
  const day = new Date(`${date}T00:00:00Z`);
  // 2026-02-30 is no day, though Date would read it as 2 March.
  if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== date) return undefined;
  const instant = new Date(`${date}T${clock}${(zone ?? 'Z').toUpperCase()}`);
  return Number.isNaN(instant.getTime()) ? undefined : instant.toISOString();
}

/** The filters of the journal form, each checked as the admin API will check it, with a message a person can act on. */
export function readJournalFilters(form: Record<string, unknown>, operator: boolean): JournalFilters {
  const result: JournalFilters = { query: {}, values: {}, errors: {} };
  const text = (name: JournalFilterName) => {
    const value = form[name];
    return typeof value === 'string' ? value.trim() : '';
  };
  const take = (name: JournalFilterName, check: (value: string) => string | undefined, error: string) => {
    const value = text(name);
    if (value === '') return;
    result.values[name] = value;
    const read = check(value);
    if (read === undefined) result.errors[name] = error;
    else result.query[name] = read;
  };
  take('surface', (v) => (v in SURFACE_NAMES ? v : undefined), 'Choose a surface from the list');
  take('operation', (v) => (v.length <= 60 ? v : undefined), 'Operation must be 60 characters or fewer');
  take(
    'outcome',
    (v) => (/^[A-Za-z0-9_]{2,60}$/.test(v) ? v.toUpperCase() : undefined),
    'Outcome must be OK, REFUSED or an error code, like MESSAGE_INVALID',
  );
  take(
    'correlationId',
    (v) => (/^[A-Za-z0-9._-]{8,64}$/.test(v) ? v : undefined),
    'Correlation id must be 8 to 64 letters, digits, dots, hyphens or underscores',
  );
  take('from', (v) => readInstant(v, 'from'), 'From must be a date, or a date and time, like 2026-12-06 or 2026-12-06T09:30Z');
  take('to', (v) => readInstant(v, 'to'), 'To must be a date, or a date and time, like 2026-12-06 or 2026-12-06T17:00Z');
  if (operator) take('organisation', (v) => (/^[0-9]{8}$/.test(v) ? v : undefined), 'Organisation must be a UKPRN of 8 digits');
  if (result.query.from && result.query.to && result.query.from > result.query.to) {
    result.errors.to = 'To must be the same as or after From';
    delete result.query.to;
  }
  return result;
}

/** The page number a link asked for; anything else is the first page. */
export function pageNumber(value: unknown): number {
  return typeof value === 'string' && /^[1-9][0-9]{0,5}$/.test(value) ? Number(value) : 1;
}

/** The query string of the filters in force, for links to other pages and for following live. */
export function filterQueryString(query: JournalFilters['query'], extra: Record<string, string> = {}): string {
  const parameters = new URLSearchParams();
  for (const [name, value] of Object.entries({ ...query, ...extra })) if (value !== undefined) parameters.set(name, value);
  return parameters.toString();
}

/** How an instant is shown: UTC, to the second, as the filters take it. */
export function formatInstant(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

export function outcomeTag(outcome: string): { text: string; classes: string } {
  return { text: outcome, classes: `app-tag-code ${outcome === 'OK' ? 'govuk-tag--green' : 'govuk-tag--red'}` };
}

export interface JournalSummary {
  id: number;
  organisation: string | null;
  occurredAt: string;
  surface: string;
  operation: string;
  username: string | null;
  outcome: string;
  httpStatus: number;
  durationMs: number;
}

/** One exchange as a row of the journal table (and as the live updates send it to the page's script). */
export function journalRow(entry: JournalSummary) {
  return {
    id: entry.id,
    href: `/console/journal/${entry.id}`,
    time: formatInstant(entry.occurredAt),
    organisation: entry.organisation ?? '',
    surface: SURFACE_NAMES[entry.surface] ?? entry.surface,
    operation: entry.operation,
    username: entry.username ?? '',
    outcome: outcomeTag(entry.outcome),
    httpStatus: String(entry.httpStatus),
    duration: `${entry.durationMs} ms`,
  };
}

/** A diagnostic kind as words: QUALIFIED_WHERE_UNQUALIFIED is "Qualified where unqualified". */
export function kindText(kind: string): string {
  const words = kind.toLowerCase().replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export interface CoverageLine {
  operation: string;
  key: string;
  label: string;
  howTo: string;
  seenIn: number | null;
}

/** The coverage checklist by operation, in the order the admin API lists it, each with how much of it was seen. */
export function coverageGroups(lines: readonly CoverageLine[]) {
  const groups = new Map<string, CoverageLine[]>();
  for (const line of lines) groups.set(line.operation, [...(groups.get(line.operation) ?? []), line]);
  return [...groups].map(([operation, behaviours]) => ({
    operation,
    seen: behaviours.filter((line) => line.seenIn !== null).length,
    total: behaviours.length,
    rows: behaviours.map((line) => ({
      label: line.label,
      howTo: line.howTo,
      seenHref: line.seenIn === null ? undefined : `/console/journal/${line.seenIn}`,
    })),
  }));
}
