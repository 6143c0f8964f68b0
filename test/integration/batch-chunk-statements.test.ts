import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import { VERIFY_LAYOUT } from '../../src/batches/batch-layouts';
import { distinctAchievementRows } from '../support/batch-helpers';
import { eachDatabase } from '../support/databases';
import { type RunningGateway, startGateway } from '../support/running-gateway';
import { principalOf } from '../support/seeded';
import { countStatements } from '../support/statement-count';

const ROWS = 800;
/** Per chunk: claiming its part, the transaction, the claim check, four reads, the writes, the results, the counts, the cancel check. */
const MOST_PER_CHUNK = 25;
/** Per job: the claim, reading the stored file, the finish. */
const MOST_PER_JOB = 20;
/** Per lane (docs/decisions/0095-batch-job-lanes.md): claiming it, reading the stored file again, marking it done; and its last part, which may be short. */
const MOST_PER_LANE = 10 + MOST_PER_CHUNK;

describe.each(eachDatabase({ sqliteFile: true }))('statements per batch chunk on %s', (_name, database) => {
  const gateways: Record<number, RunningGateway> = {};
  beforeAll(async () => {
    gateways[50] = await startGateway({ database, env: { BATCH_WORKER_IN_PROCESS: 'false', BATCH_CHUNK_ROWS: '50' } });
    gateways[400] = await startGateway({
      alongside: gateways[50],
      env: { BATCH_WORKER_IN_PROCESS: 'false', BATCH_CHUNK_ROWS: '400' },
    });
  }, 60_000);
  afterAll(async () => {
    await gateways[400].stop();
    await gateways[50].stop();
  });

  /** Works a job of ROWS rows in chunks of `chunkRows`; its statements must stay within the bound. */
  async function expectBounded(chunkRows: number, type: 'ACHIEVEMENT' | 'VERIFY_LEARNER', csv: string) {
    const running = gateways[chunkRows];
    const user = type === 'ACHIEVEMENT' ? 'rita.reeves' : 'barbara.bates';
    const principal = await principalOf(running.gateway.dataSource, user);
    const job = await running.gateway.batches.service.submit(
      { type, format: 'CSV', fileName: `${type}-${chunkRows}.csv`, content: Readable.from([csv]), origin: 'ADMIN' },
      { principal, correlationId: `count-${chunkRows}`, surface: 'admin' },
    );
    const counter = countStatements();
    try {
      await running.gateway.batches.worker.drain();
    } finally {
      counter.restore();
    }
    const done = await running.gateway.batches.store.find(job.id);
    expect(done).toMatchObject({ status: 'SUCCESSFUL', rowCount: ROWS });
    // One statement a row (or eleven, as a row at a time made) would be thousands here.
    const [{ lanes }] = await running.gateway.dataSource.query('SELECT lanes FROM batch_jobs WHERE id = ?', [job.id]);
    expect(counter.count()).toBeLessThanOrEqual(MOST_PER_CHUNK * (ROWS / chunkRows) + MOST_PER_JOB + MOST_PER_LANE * lanes);
  }

  test('an achievement chunk makes a bounded number of statements, whether it has 50 rows or 400', async () => {
    await expectBounded(50, 'ACHIEVEMENT', await distinctAchievementRows(gateways[50], ROWS, '2016-01-01'));
    await expectBounded(400, 'ACHIEVEMENT', await distinctAchievementRows(gateways[400], ROWS, '2017-06-01'));
  }, 300_000);

  test('a verify chunk makes a bounded number of statements, whether it has 50 rows or 400', async () => {
    const learners: { uln: string; given_name: string; family_name: string }[] = await gateways[50].gateway.dataSource.query(
      'SELECT uln, given_name, family_name FROM learners ORDER BY uln',
    );
    const csv = stringify(
      Array.from({ length: ROWS }, (_, i) => {
        const learner = learners[i % learners.length];
        const fields: Record<string, string> = {
          ULN: learner.uln,
          GivenName: learner.given_name,
          FamilyName: learner.family_name,
        };
        return VERIFY_LAYOUT.columns.map((c) => fields[c] ?? '');
      }),
      { header: true, columns: [...VERIFY_LAYOUT.columns] },
    );
    await expectBounded(50, 'VERIFY_LEARNER', csv);
    await expectBounded(400, 'VERIFY_LEARNER', csv);
  }, 300_000);
});
