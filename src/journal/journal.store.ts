import { dateFromSql, sqlDateTime } from '../platform/data-source';
import type { Database } from '../platform/database';
import type { Diagnostic } from './diagnostics.rules';

/** One exchange as the journal keeps it: bodies already without secrets. */
export interface JournalEntry {
  organisationId: number | null;
  occurredAt: Date;
  surface: string;
  operation: string;
  username: string | null;
  outcome: string;
  httpStatus: number;
  durationMs: number;
  correlationId: string;
  requestBody: string | null;
  responseBody: string | null;
  diagnostics: Diagnostic[];
}

/** What a request refused before authentication says about who sent it. */
export interface Claim {
  username?: string;
  ukprn?: string;
  organisationRef?: string;
}

export interface ResolvedClaims {
  byUsername: Map<string, number>;
  byUkprn: Map<string, number>;
  byReference: Map<string, number>;
}

export interface StoredJournalEntry extends JournalEntry {
  id: number;
}

export interface JournalFilter {
  /** Undefined for an operator looking across organisations. */
  organisationId?: number;
  surface?: string;
  operation?: string;
  /** OK, REFUSED (anything but OK) or one outcome code. */
  outcome?: string;
  from?: Date;
  to?: Date;
  correlationId?: string;
  /** Only entries newer than this id (a console following the journal live). */
  afterId?: number;
  page: number;
  pageSize: number;
}

interface Row {
  id: number;
  organisation_id: number | null;
  occurred_at: string | Date;
  surface: string;
  operation: string;
  username: string | null;
  outcome: string;
  http_status: number;
  duration_ms: number;
  correlation_id: string;
  request_body?: string | null;
  response_body?: string | null;
  diagnostics: string | null;
}

const COLUMNS =
  'organisation_id, occurred_at, surface, operation, username, outcome, http_status, duration_ms, correlation_id, request_body, response_body, diagnostics';
const SUMMARY =
  'id, organisation_id, occurred_at, surface, operation, username, outcome, http_status, duration_ms, correlation_id, diagnostics';

/** The exchange_journal table: written in batches by the journal, read by the admin API, pruned per organisation. */
export class JournalStore {
  constructor(private readonly db: Database) {}

  async insertMany(entries: JournalEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const values = entries.flatMap((e) => [
      e.organisationId,
      sqlDateTime(e.occurredAt),
      e.surface,
      e.operation.slice(0, 60),
      e.username?.slice(0, 35) ?? null,
      e.outcome.slice(0, 60),
      e.httpStatus,
      Math.round(e.durationMs),
      e.correlationId.slice(0, 64),
      e.requestBody,
      e.responseBody,
      e.diagnostics.length > 0 ? JSON.stringify(e.diagnostics) : null,
    ]);
    const row = `(${Array(12).fill('?').join(', ')})`;
    await this.db.run(`INSERT INTO exchange_journal (${COLUMNS}) VALUES ${entries.map(() => row).join(', ')}`, values);
  }

  async list(filter: JournalFilter): Promise<{ entries: StoredJournalEntry[]; total: number }> {
    const where: string[] = [];
    const parameters: unknown[] = [];
    const add = (clause: string, value: unknown) => {
      where.push(clause);
      parameters.push(value);
    };
    if (filter.organisationId !== undefined) add('organisation_id = ?', filter.organisationId);
    if (filter.surface) add('surface = ?', filter.surface);
    if (filter.operation) add('operation = ?', filter.operation);
    if (filter.outcome === 'REFUSED') add('outcome <> ?', 'OK');
    else if (filter.outcome) add('outcome = ?', filter.outcome);
    if (filter.from) add('occurred_at >= ?', sqlDateTime(filter.from));
    if (filter.to) add('occurred_at <= ?', sqlDateTime(filter.to));
    if (filter.correlationId) add('correlation_id = ?', filter.correlationId);
    if (filter.afterId !== undefined) add('id > ?', filter.afterId);
    const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = (await this.db.query(`SELECT COUNT(*) AS total FROM exchange_journal ${clause}`, parameters)) as {
      total: number | string;
    }[];
    const rows = (await this.db.query(`SELECT ${SUMMARY} FROM exchange_journal ${clause} ORDER BY id DESC LIMIT ? OFFSET ?`, [
      ...parameters,
      filter.pageSize,
      (filter.page - 1) * filter.pageSize,
    ])) as Row[];
    return { entries: rows.map(toEntry), total: Number(total) };
  }

  /** One entry with its bodies; undefined when it is not there or not the organisation's. */
  async get(id: number, organisationId: number | undefined): Promise<StoredJournalEntry | undefined> {
    const rows = (await this.db.query(
      `SELECT id, ${COLUMNS} FROM exchange_journal WHERE id = ?${organisationId === undefined ? '' : ' AND organisation_id = ?'}`,
      organisationId === undefined ? [id] : [id, organisationId],
    )) as Row[];
    return rows[0] ? toEntry(rows[0]) : undefined;
  }

  /** Keeps each organisation's newest `keep` entries, none older than `before`. */
  async prune(keep: number, before: Date): Promise<void> {
    await this.db.run('DELETE FROM exchange_journal WHERE occurred_at < ?', [sqlDateTime(before)]);
    const over = (await this.db.query(
      'SELECT organisation_id FROM exchange_journal GROUP BY organisation_id HAVING COUNT(*) > ?',
      [keep],
    )) as { organisation_id: number | null }[];
    for (const { organisation_id: organisationId } of over) {
      const scope = organisationId === null ? 'organisation_id IS NULL' : 'organisation_id = ?';
      const scoped = organisationId === null ? [] : [organisationId];
      const [cut] = (await this.db.query(`SELECT id FROM exchange_journal WHERE ${scope} ORDER BY id DESC LIMIT 1 OFFSET ?`, [
        ...scoped,
        keep - 1,
      ])) as { id: number }[];
      if (cut) await this.db.run(`DELETE FROM exchange_journal WHERE ${scope} AND id < ?`, [...scoped, cut.id]);
    }
  }

  /** Every SOAP exchange the organisation's journal holds, with its answer: what the coverage checklist reads. */
  async soapExchanges(
    organisationId: number,
  ): Promise<{ id: number; operation: string; outcome: string; responseBody: string | null }[]> {
    const rows = (await this.db.query(
      "SELECT id, operation, outcome, response_body FROM exchange_journal WHERE organisation_id = ? AND surface <> 'admin' ORDER BY id",
      [organisationId],
    )) as { id: number; operation: string; outcome: string; response_body: string | null }[];
    return rows.map((row) => ({
      id: Number(row.id),
      operation: row.operation,
      outcome: row.outcome,
      responseBody: row.response_body,
    }));
  }

  /** Removes an organisation's whole journal (a sandbox reset). */
  async clear(organisationId: number): Promise<void> {
    await this.db.run('DELETE FROM exchange_journal WHERE organisation_id = ?', [organisationId]);
  }

  /** The organisations the claims name, by UKPRN, reference and username, in at most two statements. */
  async resolveClaims(claims: Claim[]): Promise<ResolvedClaims> {
    const distinct = (values: (string | undefined)[]) => [...new Set(values.filter((v): v is string => !!v))].slice(0, 500);
    const usernames = distinct(claims.map((c) => c.username));
    const ukprns = distinct(claims.map((c) => c.ukprn));
    const references = distinct(claims.map((c) => c.organisationRef));
    const resolved: ResolvedClaims = { byUsername: new Map(), byUkprn: new Map(), byReference: new Map() };
    const marks = (values: string[]) => values.map(() => '?').join(', ');
    if (usernames.length > 0) {
      const rows = (await this.db.query(
        `SELECT username, organisation_id FROM users WHERE username IN (${marks(usernames)})`,
        usernames,
      )) as { username: string; organisation_id: number }[];
      for (const row of rows) resolved.byUsername.set(row.username, row.organisation_id);
    }
    if (ukprns.length + references.length > 0) {
      const rows = (await this.db.query(
        `SELECT id, ukprn, organisation_ref FROM organisations WHERE ukprn IN (${marks(['', ...ukprns])}) OR organisation_ref IN (${marks(['', ...references])})`,
        ['', ...ukprns, '', ...references],
      )) as { id: number; ukprn: string; organisation_ref: string | null }[];
      for (const row of rows) {
        resolved.byUkprn.set(row.ukprn, row.id);
        if (row.organisation_ref) resolved.byReference.set(row.organisation_ref, row.id);
      }
    }
    return resolved;
  }

  async organisation(id: number): Promise<{ ukprn: string; name: string }> {
    const [row] = (await this.db.query('SELECT ukprn, name FROM organisations WHERE id = ?', [id])) as {
      ukprn: string;
      name: string;
    }[];
    return row;
  }

  /** The id of the organisation with this UKPRN. */
  async organisationId(ukprn: string): Promise<number | undefined> {
    const rows = (await this.db.query('SELECT id FROM organisations WHERE ukprn = ?', [ukprn])) as { id: number }[];
    return rows[0]?.id;
  }

  /** The UKPRNs of these organisations, for the answers. */
  async ukprns(ids: number[]): Promise<Map<number, string>> {
    const distinct = [...new Set(ids)];
    if (distinct.length === 0) return new Map();
    const rows = (await this.db.query(
      `SELECT id, ukprn FROM organisations WHERE id IN (${distinct.map(() => '?').join(', ')})`,
      distinct,
    )) as {
      id: number;
      ukprn: string;
    }[];
    return new Map(rows.map((row) => [row.id, row.ukprn]));
  }

  async enabledOrganisations(): Promise<Set<number>> {
    const rows = (await this.db.query('SELECT id FROM organisations WHERE journal_enabled = 1')) as { id: number }[];
    return new Set(rows.map((row) => row.id));
  }

  async setEnabled(organisationId: number, enabled: boolean): Promise<void> {
    await this.db.run('UPDATE organisations SET journal_enabled = ? WHERE id = ?', [enabled ? 1 : 0, organisationId]);
  }
}

function toEntry(row: Row): StoredJournalEntry {
  return {
    id: Number(row.id),
    organisationId: row.organisation_id,
    occurredAt: dateFromSql(row.occurred_at),
    surface: row.surface,
    operation: row.operation,
    username: row.username,
    outcome: row.outcome,
    httpStatus: row.http_status,
    durationMs: row.duration_ms,
    correlationId: row.correlation_id,
    requestBody: row.request_body ?? null,
    responseBody: row.response_body ?? null,
    diagnostics: row.diagnostics ? (JSON.parse(row.diagnostics) as Diagnostic[]) : [],
  };
}
