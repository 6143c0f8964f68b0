// The process under measurement (forked by bench/front-door.ts): the whole gateway on a SQLite file
// or the scratch MariaDB database, plus, on a second port of the same process, a bare Express route
// answering the bytes it is given (the real answer of the operation measured next): the baseline.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createGateway } from '../src/app';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/platform/logger';

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lrs-bench-'));
  const databaseUrl = process.env.BENCH_DATABASE_URL ?? `sqlite:${path.join(dir, 'bench.sqlite')}`;
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'error',
    SYNTHETIC_LEARNERS: '5000',
    PASSWORD_DIGEST_KEY: 'b'.repeat(64),
    // The default limits per second instead of per minute: in the path of every call, and taken
    // from MariaDB in the default blocks (30 and 60), but above what the bench sends.
    RATE_LIMIT_ENABLED: process.env.BENCH_RATE_LIMITS ?? 'true',
    RATE_LIMIT_WINDOW_SECONDS: '1',
    // The bench driver reads the stage histogram from the gateway's /metrics, on loopback.
    METRICS_ACCESS: 'open',
  });
  const gateway = await createGateway(config, { logger: createLogger('error', true) });
  let fixed = { body: '', contentType: 'text/xml; charset=utf-8' };
  const baseline = express();
  baseline.post('/baseline', express.raw({ type: () => true, limit: '1mb' }), (_req, res) => {
    res.type(fixed.contentType).send(fixed.body);
  });
  const gatewayServer = gateway.app.listen(0, '127.0.0.1');
  const baselineServer = baseline.listen(0, '127.0.0.1');
  await Promise.all([gatewayServer, baselineServer].map((s) => new Promise((resolve) => s.once('listening', resolve))));
  process.send?.({
    ready: true,
    gatewayPort: (gatewayServer.address() as AddressInfo).port,
    baselinePort: (baselineServer.address() as AddressInfo).port,
  });
  process.on('message', (message: { type: string; body?: string; contentType?: string; enabled?: boolean }) => {
    if (message.type === 'journal') {
      // The journal of the organisation the bench calls as (AO One): off for the contract's own figures, on to price it.
      void setJournal(gateway, message.enabled === true).then(() => process.send?.({ journalSet: true }));
    }
    if (message.type === 'baseline') {
      fixed = { body: message.body ?? '', contentType: message.contentType ?? fixed.contentType };
      process.send?.({ baselineSet: true });
    }
    if (message.type === 'stop') {
      gatewayServer.close();
      baselineServer.close();
      gateway.close().finally(() => {
        fs.rmSync(dir, { recursive: true, force: true });
        process.exit(0);
      });
    }
  });
}

async function setJournal(gateway: Awaited<ReturnType<typeof createGateway>>, enabled: boolean): Promise<void> {
  const [{ id }] = (await gateway.db.query('SELECT id FROM organisations WHERE ukprn = ?', ['10099901'])) as { id: number }[];
  await gateway.journal.setEnabled(id, enabled);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
