// The process under measurement (forked by bench/run.ts): the whole gateway on a SQLite file,
// plus, on a second port of the same process, a bare Express route answering a fixed SOAP
// response of the same size as VerifyLearner's: the baseline.
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
  });
  const gateway = await createGateway(config, { logger: createLogger('error', true) });
  const fixedResponse = process.env.BENCH_FIXED_RESPONSE ?? '';
  const baseline = express();
  baseline.post('/baseline', express.raw({ type: () => true, limit: '1mb' }), (_req, res) => {
    res.type('text/xml; charset=utf-8').send(fixedResponse);
  });
  const gatewayServer = gateway.app.listen(0, '127.0.0.1');
  const baselineServer = baseline.listen(0, '127.0.0.1');
  await Promise.all([gatewayServer, baselineServer].map((s) => new Promise((resolve) => s.once('listening', resolve))));
  process.send?.({
    ready: true,
    gatewayPort: (gatewayServer.address() as AddressInfo).port,
    baselinePort: (baselineServer.address() as AddressInfo).port,
  });
  process.on('message', (message: { type: string }) => {
    if (message.type === 'stats') {
      process.send?.({
        stats: true,
        maxRssMb: process.resourceUsage().maxRSS / 1024,
        rssMb: process.memoryUsage().rss / 1048576,
      });
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

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
