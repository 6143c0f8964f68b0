import { once } from 'node:events';
import { testDatabase } from '../support/databases';
import { killed, spawnWorker } from '../support/worker-process';

/**
 * `npm run worker` with nothing to do: it must wait for work until told to stop. Its poll timers
 * are unref'd (so they never keep a gateway or a test alive), and on SQLite no socket holds the
 * process either: it used to exit as soon as it had started (found by the soak test).
 */
describe('a worker process with an empty queue, on SQLite', () => {
  const database = testDatabase('sqlite', { sqliteFile: true });
  beforeAll(() => database.open());
  afterAll(() => database.drop());

  test('stays up, polling, until SIGTERM, then exits 0', async () => {
    const worker = spawnWorker(database.url(), { LOG_LEVEL: 'info' }, { stdout: 'pipe' });
    const exited = once(worker, 'exit');
    try {
      let output = '';
      const started = new Promise<void>((resolve) =>
        worker.stdout?.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('batch worker started')) resolve();
        }),
      );
      await Promise.race([started, exited]);
      // Twenty poll intervals (BATCH_POLL_MS is 50) with nothing to claim.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const aliveWhileIdle = worker.exitCode === null && worker.signalCode === null;
      if (aliveWhileIdle) worker.kill('SIGTERM');
      const [code, signal] = await exited;
      expect({ aliveWhileIdle, code, signal }).toEqual({ aliveWhileIdle: true, code: 0, signal: null });
    } finally {
      await killed(worker);
    }
  });
});
