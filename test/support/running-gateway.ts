import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createGateway, type Gateway } from '../../src/app';
import type { Clock } from '../../src/platform/clock';
import { type TestDatabase, testDatabase } from './databases';
import { silentLogger, testConfig } from './test-config';

export interface RunningGateway {
  gateway: Gateway;
  /** The HTTP server, for tests that watch what arrives on the wire. */
  server: Server;
  baseUrl: string;
  stop(): Promise<void>;
}

/** The whole app on a fresh database, listening on 127.0.0.1 and a random port. */
export async function startGateway(
  options: { database?: TestDatabase; env?: Record<string, string>; clock?: Clock } = {},
): Promise<RunningGateway> {
  const database = options.database ?? testDatabase('sqlite');
  const dataSource = await database.open();
  const gateway = await createGateway(testConfig(options.env), { dataSource, logger: silentLogger(), clock: options.clock });
  const server: Server = await new Promise((resolve) => {
    const s = gateway.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    gateway,
    server,
    baseUrl: `http://127.0.0.1:${port}`,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await gateway.close();
      await database.drop();
    },
  };
}
