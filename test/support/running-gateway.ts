import type { AddressInfo } from 'node:net';
import type { DataSource } from 'typeorm';
import { createGateway, type Gateway } from '../../src/app';
import { DATA_SOURCE_PARTS } from '../../src/schema-migrations';
import { openDataSource } from '../../src/platform/data-source';
import type { Logger } from '../../src/platform/logger';
import type { Clock } from '../../src/platform/clock';
import { createWebServer, type WebServer } from '../../src/platform/http/server';
import { type TestDatabase, testDatabase } from './databases';
import { silentLogger, testConfig } from './test-config';

export interface RunningGateway {
  gateway: Gateway;
  /** The HTTP server, for tests that watch what arrives on the wire. */
  server: WebServer;
  baseUrl: string;
  databaseUrl: string;
  stop(): Promise<void>;
}

/**
 * The whole app on a fresh database, listening on 127.0.0.1 and a random port; or, `alongside`
 * a running one, a second gateway process's worth on the same database (MariaDB or a SQLite file).
 */
export async function startGateway(
  options: {
    database?: TestDatabase;
    env?: Record<string, string>;
    clock?: Clock;
    alongside?: RunningGateway;
    logger?: Logger;
  } = {},
): Promise<RunningGateway> {
  const database = options.alongside
    ? sharedDatabase(options.alongside.databaseUrl)
    : (options.database ?? testDatabase('sqlite'));
  const dataSource = await database.open();
  const gateway = await createGateway(testConfig(options.env), {
    dataSource,
    logger: options.logger ?? silentLogger(),
    clock: options.clock,
  });
  // The server main.ts builds: HTTPS when the test configures TLS_CERT_FILE and TLS_KEY_FILE.
  const server = createWebServer(gateway.app, gateway.config);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    gateway,
    server,
    baseUrl: `${gateway.config.tlsCertFile ? 'https' : 'http'}://127.0.0.1:${port}`,
    databaseUrl: database.url(),
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await gateway.close();
      await database.drop();
    },
  };
}

/** The database of a running gateway, opened again; dropping it only closes this handle. */
function sharedDatabase(url: string): TestDatabase {
  let dataSource: DataSource | undefined;
  return {
    name: url.startsWith('sqlite:') ? 'sqlite' : 'mariadb',
    async open() {
      dataSource = await openDataSource(url, DATA_SOURCE_PARTS);
      return dataSource;
    },
    url: () => url,
    async drop() {
      if (dataSource?.isInitialized) await dataSource.destroy();
    },
  };
}
