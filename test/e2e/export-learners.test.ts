import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { verifyFileOfLearners } from '../../src/batches/verify-file-export';
import { LearnerRegister } from '../../src/learners/learner-register';
import { admin } from '../support/admin-client';
import { runWorker, uploadBatch } from '../support/batch-helpers';
import { eachDatabase } from '../support/databases';
import { type RunningGateway, startGateway } from '../support/running-gateway';

const ROOT = path.join(__dirname, '..', '..');
const TEMPLATE = fs.readFileSync(path.join(ROOT, 'docs', 'batch-files', 'verify-learner.template.csv'), 'utf8').trim();

async function text(readable: NodeJS.ReadableStream): Promise<string> {
  let out = '';
  for await (const chunk of readable) out += chunk.toString();
  return out;
}

describe.each(eachDatabase({ sqliteFile: true }))('export-learners on %s', (_name, database) => {
  let running: RunningGateway;
  let dir: string;
  beforeAll(async () => {
    running = await startGateway({ database, env: { BATCH_WORKER_IN_PROCESS: 'false' } });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lrs-export-'));
  });
  afterAll(async () => {
    await running.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const register = () => new LearnerRegister(running.gateway.db);

  test('the first N learners by ULN, in the verify-learner batch layout, as their records hold them', async () => {
    const csv = await text(verifyFileOfLearners(register(), 25).content);
    expect(csv.split('\n')[0]).toBe(TEMPLATE);
    const rows = parse(csv, { columns: true }) as Record<string, string>[];
    const held = await running.gateway.dataSource.query(
      'SELECT uln, family_name, given_name, date_of_birth, gender FROM learners ORDER BY uln LIMIT 25',
    );
    expect(rows).toHaveLength(25);
    expect(rows.map((r) => [r.ULN, r.FamilyName, r.GivenName, r.DateOfBirth, Number(r.Gender)])).toEqual(
      held.map((h: Record<string, unknown>) => [
        h.uln,
        h.family_name,
        h.given_name,
        String(h.date_of_birth).slice(0, 10),
        Number(h.gender),
      ]),
    );
    expect(rows[0].MISIdentifier).toBe('LRN0000001');
    expect(new Set(rows.map((r) => r.MISIdentifier)).size).toBe(25);
  });

  test('without a number, every learner of the register', async () => {
    const csv = await text(verifyFileOfLearners(register()).content);
    const [{ n }] = await running.gateway.dataSource.query('SELECT COUNT(*) AS n FROM learners');
    expect(parse(csv, { columns: true })).toHaveLength(Number(n));
  });

  test('the file, submitted as a verify batch, verifies every learner in it', async () => {
    const content = await text(verifyFileOfLearners(register(), 60).content);
    const { body } = await uploadBatch(running.baseUrl, 'barbara.bates', content);
    const jobId = body.jobId as number;
    await runWorker(running);
    const job = await admin(running.baseUrl, 'GET', `/batches/${jobId}`, { user: 'barbara.bates' });
    expect(job.body).toMatchObject({ status: 'SUCCESSFUL', rowCount: 60, rowsSucceeded: 60, rowsFailed: 0 });
  });

  test('through the command line: grow-learners adds, export-learners --count writes the file', async () => {
    const run = (args: string[]) =>
      promisify(execFile)(
        process.execPath,
        ['--require', 'ts-node/register/transpile-only', path.join(ROOT, 'src/cli/index.ts'), ...args],
        {
          cwd: ROOT,
          env: { PATH: process.env.PATH ?? '', DATABASE_URL: running.databaseUrl, LOG_LEVEL: 'error' },
          timeout: 60_000,
        },
      );
    const [{ n: before }] = await running.gateway.dataSource.query('SELECT COUNT(*) AS n FROM learners');
    const grown = await run(['grow-learners', '230']);
    expect(grown.stdout).toMatch(/synthetic learners wanted: 230, added: 30, already there: 200/);
    const [{ n: after }] = await running.gateway.dataSource.query('SELECT COUNT(*) AS n FROM learners');
    expect(Number(after) - Number(before)).toBe(30);

    const out = path.join(dir, 'vendor.csv');
    const exported = await run(['export-learners', '--count', '10', '--out', out]);
    expect(exported.stdout).toContain(`10 learners written to ${out}`);
    expect(parse(fs.readFileSync(out), { columns: true })).toHaveLength(10);
  });
});
