import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { testDatabase } from '../test/support/databases';
import { SmtpSink } from '../test/support/smtp-sink';
import { Availability } from './availability';
import { Caller, pause } from './caller';
import { runChaos } from './chaos';
import { type CheckResult, databaseChecks } from './checks';
import { dataChallengeClient, lifecycleClient } from './clients/achievements';
import { batchClient } from './clients/batches';
import type { ClientLoop } from './clients/context';
import { hostileClient } from './clients/hostile';
import { adminClient, verifyClient } from './clients/reads';
import { LoopbackClient } from './http';
import { LearnerPool } from './learners';
import { Ledger } from './ledger';
import type { SoakDatabase, SoakOptions } from './options';
import { runChecks } from './process-checks';
import { freePort } from './processes';
import { Rig } from './rig';
import { passed, type SoakResult } from './summary';
import { Traffic } from './traffic';

/** Client i runs PATTERN[i % 16]: the first six cover every kind; 16 clients give 5/5/2/2/1/1. */
const PATTERN: ClientLoop[] = [
  lifecycleClient,
  verifyClient,
  dataChallengeClient,
  batchClient,
  hostileClient,
  adminClient,
  lifecycleClient,
  verifyClient,
  lifecycleClient,
  verifyClient,
  dataChallengeClient,
  batchClient,
  lifecycleClient,
  verifyClient,
  verifyClient,
  lifecycleClient,
];

const SERVICE_DESK = 'service-desk@soak.lrs-gateway.invalid';

async function count(dataSource: DataSource, sql: string): Promise<number> {
  return Number((await dataSource.query(sql))[0].n);
}

/** Waiting for the backlogs after the traffic gives up when one has not shrunk for this long. */
const STALL_MS = 30_000;

/** After the traffic: every batch job finished and every mail delivered, as long as each backlog keeps shrinking. */
async function settle(dataSource: DataSource): Promise<CheckResult> {
  const name = 'batch jobs and outbox settle after the traffic';
  const backlogs: [string, string][] = [
    ['batch jobs unfinished', "SELECT COUNT(*) AS n FROM batch_jobs WHERE status NOT IN ('SUCCESSFUL', 'FAILED', 'CANCELLED')"],
    ['outbox messages unsent', "SELECT COUNT(*) AS n FROM outbox_messages WHERE status <> 'SENT'"],
  ];
  const started = Date.now();
  const atEnd = await Promise.all(backlogs.map(async ([what, sql]) => `${await count(dataSource, sql)} ${what}`));
  for (const [what, sql] of backlogs) {
    let last = await count(dataSource, sql);
    let progressAt = Date.now();
    while (last > 0) {
      if (Date.now() - progressAt > STALL_MS)
        return { name, passed: false, detail: `${last} ${what}, none done in ${STALL_MS / 1000} s` };
      await pause(250);
      const now = await count(dataSource, sql);
      if (now < last) progressAt = Date.now();
      last = now;
    }
  }
  return {
    name,
    passed: true,
    detail: `${atEnd.join(', ')} when the traffic ended; all done ${((Date.now() - started) / 1000).toFixed(0)} s later`,
  };
}

/**
 * One soak on one database: a fresh scratch database, an SMTP sink, the gateway and the batch
 * workers as real processes on 127.0.0.1, the client loops and the disturbances for the
 * duration, then the settling, a graceful stop and the checks.
 */
export async function soakDatabase(
  database: SoakDatabase,
  options: SoakOptions,
  log: (line: string) => void,
): Promise<SoakResult> {
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), `lrs-soak-${database}-`));
  const scratch = testDatabase(database, { sqliteFile: true });
  const dataSource = await scratch.open();
  const sink = new SmtpSink();
  await sink.start();
  const port = await freePort();
  const common = {
    DATABASE_URL: scratch.url(),
    LOG_LEVEL: 'warn',
    PASSWORD_DIGEST_KEY: randomBytes(32).toString('hex'),
    SMTP_URL: sink.url,
    SERVICE_DESK_EMAIL: SERVICE_DESK,
    EDC_REPORT_SCHEDULE: 'false',
    SYNTHETIC_LEARNERS: String(options.learners),
    MAIL_DIR: path.join(logDir, 'mail'),
    // Every client comes from 127.0.0.1 and most from two organisations: the limits stay in the
    // path of every call (in the database on MariaDB) but sit above what the soak sends, so a
    // good request is never refused and a hostile one gets its own fault, not RATE_LIMITED.
    RATE_LIMIT_ENABLED: 'true',
    RATE_LIMIT_SOAP_PER_ORGANISATION: '10000000',
    RATE_LIMIT_SOAP_PER_ADDRESS: '10000000',
    RATE_LIMIT_ADMIN_PER_ORGANISATION: '10000000',
    RATE_LIMIT_ADMIN_PER_ADDRESS: '10000000',
    // The hostile client's wrong OrgPasswords also come from 127.0.0.1: their budget too sits above
    // the soak (the super users are still mailed, once per window).
    ORG_PASSWORD_FAILURES_PER_ADDRESS: '10000000',
  };
  const rig = new Rig({
    launch: options.launch,
    port,
    logDir,
    workers: options.workers,
    gatewayEnv: {
      ...common,
      PORT: String(port),
      HOST: '127.0.0.1',
      BATCH_WORKER_IN_PROCESS: 'false',
      MAIL_DELIVERY_INTERVAL_MS: '500',
    },
    // Mail is the gateway's to deliver here: a SIGKILL between an SMTP send and its SENT mark would
    // send that message again (at-least-once, same Message-ID), which the exactly-once check forbids.
    workerEnv: {
      ...common,
      LOG_LEVEL: 'info',
      SEED_ON_START: 'false',
      BATCH_CHUNK_ROWS: '20',
      BATCH_LEASE_MS: '3000',
      BATCH_POLL_MS: '200',
      MAIL_DELIVERY_INTERVAL_MS: '3600000',
    },
  });
  const sampler = setInterval(() => rig.sampleRss(), 1000);
  const client = new LoopbackClient(port);
  let succeeded = false;
  try {
    log(`[${database}] gateway on 127.0.0.1:${port}, ${options.workers} workers, ${scratch.url()}; logs in ${logDir}`);
    await rig.startGateway();
    rig.startWorkers();
    const traffic = new Traffic(options.durationSeconds * 1000, options.maxRequests);
    // The clients drain like a load balancer taking the gateway out of rotation before its SIGTERM.
    const availability = new Availability({ down: () => client.drain(), up: () => client.resume() });
    const ledger = new Ledger();
    const pool = new LearnerPool(options.learners);
    const clients = Array.from({ length: options.clients }, (_, i) =>
      PATTERN[i % PATTERN.length]({ caller: new Caller(client, traffic, availability, `soak-${i + 1}`), traffic, ledger, pool }),
    );
    const progress = setInterval(
      () => log(`[${database}] ${Math.round(traffic.elapsedMs / 1000)} s: ${traffic.requests} requests`),
      30_000,
    );
    const chaos = runChaos(rig, availability, traffic, options.durationSeconds * 1000, dataSource).catch((error: unknown) => {
      traffic.stop();
      throw error;
    });
    const [events] = await Promise.all([chaos, ...clients]).finally(() => clearInterval(progress));
    const trafficSeconds = traffic.elapsedMs / 1000;
    log(`[${database}] traffic over after ${trafficSeconds.toFixed(0)} s and ${traffic.requests} requests; settling`);
    rig.ensureWorkers();
    const settled = await settle(dataSource);
    rig.sampleRss();
    await rig.stopAll();
    const checks = [
      settled,
      ...runChecks(traffic, events, rig, options.maxRssMb),
      ...(await databaseChecks(dataSource, ledger, sink.received)),
    ];
    const result: SoakResult = {
      database,
      options,
      trafficSeconds,
      kinds: traffic.kinds,
      reconciled: traffic.reconciled,
      chaos: events,
      checks,
      peakRssMb: { ...rig.peakRssMb },
      logDir,
    };
    succeeded = passed(result);
    return result;
  } finally {
    clearInterval(sampler);
    client.close();
    await rig.stopAll();
    await sink.stop();
    if (options.keep) {
      await dataSource.destroy();
      log(`[${database}] kept: ${scratch.url()} and ${logDir}`);
    } else {
      await scratch.drop();
      if (succeeded) fs.rmSync(logDir, { recursive: true, force: true });
      else log(`[${database}] process logs kept in ${logDir}`);
    }
  }
}
