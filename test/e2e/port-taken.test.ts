import { once } from 'node:events';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { startGatewayProcess } from '../support/gateway-process';
import { testDatabase } from '../support/databases';
import { killed, spawnWorker } from '../support/worker-process';

/**
 * A port another program holds: the real process answers with one line naming the port and the
 * setting that changes it, and exits non-zero, instead of an unhandled EADDRINUSE stack trace.
 * The processes run from the TypeScript sources, which takes a while on a busy machine.
 */
describe('starting on a port that is already taken', () => {
  let holder: Server;
  let port: number;

  beforeAll(async () => {
    holder = createServer();
    holder.listen(0, '127.0.0.1');
    await once(holder, 'listening');
    port = (holder.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => holder.close(() => resolve())));

  test('npm start says which port and which setting, in one line, and exits 1', async () => {
    const gateway = startGatewayProcess({ PORT: String(port), SYNTHETIC_LEARNERS: '0' });
    try {
      const { code } = await gateway.exited;
      const lines = gateway.stderr().trim().split('\n');
      expect({ code, lines }).toEqual({
        code: 1,
        lines: [
          `lrs-gateway failed to start: port ${port} on 127.0.0.1 is already in use: stop what uses it, or set PORT to another port`,
        ],
      });
    } finally {
      gateway.cleanup();
    }
  }, 120_000);

  describe('a worker whose metrics port is taken', () => {
    const database = testDatabase('sqlite', { sqliteFile: true });
    beforeAll(() => database.open());
    afterAll(() => database.drop());

    test('names WORKER_METRICS_PORT and exits 1', async () => {
      const worker = spawnWorker(database.url(), { WORKER_METRICS_PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'error' });
      try {
        let stderr = '';
        worker.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        const [code] = await once(worker, 'exit');
        expect({ code, lines: stderr.trim().split('\n') }).toEqual({
          code: 1,
          lines: [
            `batch worker failed to start: port ${port} on 127.0.0.1 is already in use: stop what uses it, or set WORKER_METRICS_PORT to another port`,
          ],
        });
      } finally {
        await killed(worker);
      }
    }, 120_000);
  });
});
