import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { TestDatabase } from './databases';
import { type RunningGateway, startGateway } from './running-gateway';
import { COMPAT_PASSWORD, envelope, passwordTextHeader } from './soap-messages';

/**
 * What every red-team attack checks besides its refusal: that the database did not change (a
 * digest of the tables the attack could touch) and that the server still answers.
 */

const jsonSafe = (_key: string, value: unknown) => (typeof value === 'bigint' ? value.toString() : value);

/** Columns a digest leaves out, per table. */
const HOUSEKEEPING_COLUMNS: Record<string, string> = { users: 'last_login_at' };

/** Per table, a digest of every row (so a failure names the table that changed). */
export async function tableDigests(dataSource: DataSource, tables: readonly string[]): Promise<Record<string, string>> {
  const digests: Record<string, string> = {};
  for (const table of tables) {
    const rows = (await dataSource.query(`SELECT * FROM ${table} ORDER BY 1, 2`)) as Record<string, unknown>[];
    // When a user last signed in is housekeeping the service keeps on every successful login, not a change an attack made.
    for (const row of rows) delete row[HOUSEKEEPING_COLUMNS[table] ?? ''];
    digests[table] =
      `${rows.length} rows ${createHash('sha256').update(JSON.stringify(rows, jsonSafe)).digest('hex').slice(0, 16)}`;
  }
  return digests;
}

/** The tables an attack on achievements, data challenges, batch jobs or users could change. */
export const GUARDED_TABLES = [
  'achievements',
  'achievement_events',
  'data_challenges',
  'data_challenge_comments',
  'batch_jobs',
  'batch_job_chunks',
  'batch_job_results',
  'users',
  'user_roles',
  'organisations',
] as const;

/** GET /healthz and its status: the server still answers. */
export async function healthz(baseUrl: string): Promise<number> {
  const response = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(5_000) });
  await response.arrayBuffer();
  return response.status;
}

export interface Answer {
  status: number;
  body: string;
}

/**
 * A request sent with a fixed correlation id, so that two answers can be compared byte for byte:
 * another organisation's resource must be answered exactly as one that does not exist.
 */
export async function probe(
  baseUrl: string,
  path: string,
  init: { method?: string; body?: string; user?: string; soapAction?: string },
): Promise<Answer> {
  const headers: Record<string, string> = { 'X-Correlation-Id': 'red-team-probe-0001' };
  if (path.startsWith('/admin')) {
    if (init.user) headers.Authorization = `Basic ${Buffer.from(`${init.user}:${COMPAT_PASSWORD}`).toString('base64')}`;
    if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  } else {
    headers['Content-Type'] = 'text/xml; charset=utf-8';
    if (init.soapAction !== undefined) headers.SOAPAction = `"${init.soapAction}"`;
  }
  const response = await fetch(`${baseUrl}${path}`, {
    method: init.method ?? 'POST',
    headers,
    body: init.body,
    signal: AbortSignal.timeout(10_000),
  });
  return { status: response.status, body: await response.text() };
}

/** An AO gateway call as a user (PasswordText), sent as a probe. */
export function aoProbe(baseUrl: string, user: string, operation: string, inner: string): Promise<Answer> {
  return probe(baseUrl, '/soap/ao', {
    body: envelope(`<ao:${operation} xmlns:ao="urn:lrs-gateway:ao:1">${inner}</ao:${operation}>`, passwordTextHeader(user)),
  });
}

export interface GatewayUnderAttack {
  running(): RunningGateway;
  /** What the attacks must leave as it was: the digests of GUARDED_TABLES once `prepare` has run. */
  before(): Record<string, string>;
  /** What an attack left: the digests again, and whether the server still answers. */
  aftermath(): Promise<{ tables: Record<string, string>; healthz: number }>;
}

/**
 * One gateway per database for a file's attacks (started in beforeAll, stopped in afterAll); `prepare`
 * makes what the attacks aim at before the tables are digested.
 */
export function gatewayUnderAttack(
  database: TestDatabase,
  options: { env?: Record<string, string>; prepare?: (running: RunningGateway) => Promise<void> } = {},
): GatewayUnderAttack {
  let running: RunningGateway;
  let before: Record<string, string>;
  beforeAll(async () => {
    running = await startGateway({ database, env: options.env });
    await options.prepare?.(running);
    before = await tableDigests(running.gateway.dataSource, GUARDED_TABLES);
  });
  afterAll(() => running?.stop());
  return {
    running: () => running,
    before: () => before,
    aftermath: async () => ({
      tables: await tableDigests(running.gateway.dataSource, GUARDED_TABLES),
      healthz: await healthz(running.baseUrl),
    }),
  };
}
