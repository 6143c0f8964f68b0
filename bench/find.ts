// Finding learners on a register of national size for npm run bench (`npm run bench -- find`): a
// database grown to BENCH_FIND_LEARNERS synthetic learners (a million unless told), then
// learnerByDemographics and learnerByULN under load beside verifyLearner on the same server, each as
// a ratio to verifyLearner's requests/s (docs/decisions/0079-finding-learners-by-search-keys.md:
// a search reads index ranges, never a scan, so it must not slow down as the register grows).
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { growSyntheticLearners } from '../src/compatibility/grow-learners';
import { KNOWN_ULNS } from '../src/compatibility/seed';
import { syntheticLearnerSequence } from '../src/compatibility/synthetic-learners';
import { DATA_SOURCE_PARTS } from '../src/schema-migrations';
import type { LearnerRecord } from '../src/learners/learner-record';
import { openDataSource } from '../src/platform/data-source';
import { Database } from '../src/platform/database';
import { envelope, firstText, lrsFindLearner, lrsVerifyLearner } from '../test/support/soap-messages';
import { type Measured, measure, type Server, startServer, stopServer } from './front-door';
import { scratchMariaDb } from './mariadb';

export const FIND_LEARNERS = Number(process.env.BENCH_FIND_LEARNERS ?? 1_000_000);

const VERIFY_ACTION = 'http://tempuri.org/LearnerPortType/verifyLearner';

export interface FindOptions {
  seconds: number;
  warmUpSeconds: number;
  connections: number;
}

interface FindRequest {
  label: string;
  body: string;
  soapAction?: string;
}

interface FindRow extends FindRequest {
  /** The ResponseCode (or fault code) of one call before the run: what every call of the run answered. */
  answered: string;
  measured: Measured;
}

export interface FindFigures {
  database: string;
  learners: number;
  loadSeconds: number;
  rows: FindRow[];
}

/** The last learner grown: the newest rows of the register, filed after every other. */
function lastSynthetic(count: number): LearnerRecord {
  let last: LearnerRecord | undefined;
  let seen = 0;
  for (const learner of syntheticLearnerSequence(undefined, KNOWN_ULNS)) {
    last = learner;
    if (++seen >= count) break;
  }
  if (!last) throw new Error('BENCH_FIND_LEARNERS must be at least 1');
  return last;
}

/** One letter of the family name changed (a vowel after the first letter): a typing slip the rules forgive. */
export function withTypo(name: string): string {
  const at = name.slice(1).search(/[aeiou]/i) + 1;
  if (at === 0) return name + 'e';
  return name.slice(0, at) + (name[at].toLowerCase() === 'e' ? 'a' : 'e') + name.slice(at + 1);
}

function requestsFor(learner: LearnerRecord): FindRequest[] {
  const search = {
    givenName: learner.givenName,
    familyName: learner.familyName,
    dateOfBirth: learner.dateOfBirth,
    gender: learner.gender,
    lastKnownPostCode: learner.lastKnownPostCode.replace(' ', ''),
  };
  return [
    {
      label: 'verifyLearner',
      body: envelope(lrsVerifyLearner({ ...search, uln: learner.uln })),
      soapAction: VERIFY_ACTION,
    },
    { label: 'learnerByDemographics FUL, exact names', body: envelope(lrsFindLearner(search)) },
    {
      label: 'learnerByDemographics FUL, family name mistyped',
      body: envelope(lrsFindLearner({ ...search, familyName: withTypo(search.familyName) })),
    },
    {
      label: 'learnerByULN FUL',
      body: envelope(lrsFindLearner({ uln: learner.uln, givenName: learner.givenName, familyName: learner.familyName })),
    },
  ];
}

/** The schema, then the synthetic learners, batch by batch, timed; the gateway seeds the rest on its first start. */
async function grow(databaseUrl: string, learners: number): Promise<number> {
  const dataSource = await openDataSource(databaseUrl, DATA_SOURCE_PARTS);
  try {
    await dataSource.runMigrations({ transaction: 'each' });
    const started = process.hrtime.bigint();
    await growSyntheticLearners(new Database(dataSource), learners);
    return Number(process.hrtime.bigint() - started) / 1e9;
  } finally {
    await dataSource.destroy();
  }
}

async function answerCode(server: Server, request: FindRequest): Promise<string> {
  const response = await fetch(`${server.origin}/LearnerService.svc`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${request.soapAction ?? ''}"` },
    body: request.body,
  });
  const xml = await response.text();
  if (response.status !== 200) throw new Error(`${request.label} answered ${response.status}:\n${xml}`);
  return firstText(xml, 'ResponseCode') ?? firstText(xml, 'faultcode') ?? 'no ResponseCode';
}

async function onDatabase(database: string, databaseUrl: string, options: FindOptions): Promise<FindFigures> {
  const loadSeconds = await grow(databaseUrl, FIND_LEARNERS);
  const server = await startServer(databaseUrl);
  try {
    const rows: FindRow[] = [];
    for (const request of requestsFor(lastSynthetic(FIND_LEARNERS))) {
      const answered = await answerCode(server, request);
      const load = (seconds: number) =>
        measure(server, {
          url: `${server.origin}/LearnerService.svc`,
          soapAction: request.soapAction,
          seconds,
          connections: options.connections,
          bodies: { fixed: request.body },
        });
      await load(options.warmUpSeconds);
      rows.push({ ...request, answered, measured: await load(options.seconds) });
    }
    return { database, learners: FIND_LEARNERS, loadSeconds, rows };
  } finally {
    await stopServer(server);
  }
}

/**
 * SQLite, then MariaDB when one answers at 127.0.0.1:3306 (undefined when none does), each handed to
 * `report` as soon as it is measured: growing a register of a million takes minutes on each.
 */
export async function findFigures(
  options: FindOptions,
  report: (database: string, figures: FindFigures | undefined) => void,
): Promise<(FindFigures | undefined)[]> {
  // BENCH_FIND_DATABASES=mariadb (or sqlite) measures one database alone: a million learners take minutes to grow on each.
  const only = process.env.BENCH_FIND_DATABASES?.toLowerCase();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lrs-bench-find-'));
  const figures: (FindFigures | undefined)[] = [];
  try {
    figures.push(only === 'mariadb' ? undefined : await onDatabase('SQLite', `sqlite:${path.join(dir, 'find.sqlite')}`, options));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  if (only !== 'mariadb') report('SQLite', figures[0]);
  const maria = only === 'sqlite' ? undefined : await scratchMariaDb();
  try {
    figures.push(maria && (await onDatabase('MariaDB', maria.url, options)));
  } finally {
    await maria?.drop();
  }
  if (only !== 'sqlite') report('MariaDB', figures[1]);
  return figures;
}

const fixed = (n: number, digits: number) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

export function findTable(figures: FindFigures): string[] {
  const verify = figures.rows[0].measured.requestsPerSecond;
  return [
    `${figures.learners} synthetic learners grown in ${fixed(figures.loadSeconds, 0)} s ` +
      `(${fixed(figures.learners / figures.loadSeconds, 0)} learners/s, search keys included)\n`,
    '| operation | answered | requests/s | ratio to verifyLearner | p50 ms | p99 ms | non-2xx / errors | server CPU µs/request |',
    '|---|---|--:|--:|--:|--:|--:|--:|',
    ...figures.rows.map(
      ({ label, answered, measured: m }) =>
        `| ${label} | ${answered} | ${fixed(m.requestsPerSecond, 0)} | ${fixed(m.requestsPerSecond / verify, 2)} ` +
        `| ${fixed(m.p50Ms, 1)} | ${fixed(m.p99Ms, 1)} | ${m.non2xx}/${m.errors} | ${fixed(m.serverCpuMicrosPerRequest, 0)} |`,
    ),
  ];
}

export function findFailed(figures: (FindFigures | undefined)[]): boolean {
  return figures.some((f) => f?.rows.some((row) => row.measured.non2xx + row.measured.errors > 0));
}
