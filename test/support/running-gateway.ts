import type { AddressInfo } from 'node:net';
import { createGateway, type Gateway } from '../../src/app';
import type { Clock } from '../../src/platform/clock';
import { createWebServer, type WebServer } from '../../src/platform/http/server';
import { type TestDatabase, testDatabase } from './databases';
import { silentLogger, testConfig } from './test-config';

export interface RunningGateway {
  gateway: Gateway;
  /** The HTTP server, for tests that watch what arrives on the wire. */
  server: WebServer;
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
  // The server main.ts builds: HTTPS when the test configures TLS_CERT_FILE and TLS_KEY_FILE.
  const server = createWebServer(gateway.app, gateway.config);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    gateway,
    server,
    baseUrl: `${gateway.config.tlsCertFile ? 'https' : 'http'}://127.0.0.1:${port}`,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await gateway.close();
      await database.drop();
    },
  };
}
