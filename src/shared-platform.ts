import type { DataSource } from 'typeorm';
import { seedCompatibilityData } from './compatibility/seed';
import type { Config } from './config';
import { DATA_SOURCE_PARTS } from './schema-migrations';
import type { FeatureModule, Platform } from './feature-module';
import { AuditTrail } from './platform/audit/audit-trail';
import { PasswordHasher } from './platform/auth/password-hashing';
import { PasswordSeal } from './platform/auth/password-sealing';
import { ChangeCounters } from './platform/cache/change-counters';
import { type Clock, systemClock } from './platform/clock';
import { openDataSource } from './platform/data-source';
import { Database } from './platform/database';
import { migrate } from './platform/migrate';
import { createLogger, type Logger } from './platform/logger';
import { fileTransport, MailDelivery, smtpTransport } from './platform/mail/mail-delivery';
import { Outbox } from './platform/mail/outbox';
import { registerOutboxGauges } from './platform/mail/outbox.metrics';
import { GatewayMetrics } from './platform/metrics/metrics';
import { underStartupLock } from './platform/startup-lock';
import { SchemaRegistry } from './platform/validation/schema-registry';

export interface PlatformOptions {
  logger?: Logger;
  clock?: Clock;
  /** A data source the caller owns (tests); otherwise one is opened from DATABASE_URL and closed with the platform. */
  dataSource?: DataSource;
}

/** The platform of one process, with the outbox's delivery, which every process runs. */
export interface SharedPlatform extends Platform {
  mail: FeatureModule & { delivery: MailDelivery };
  /** Flushes the audit trail and closes the data source it opened; after every module has stopped. */
  close(): Promise<void>;
}

/**
 * Opens and migrates the database (and seeds the compatibility data on first start when SEED_ON_START
 * is on), then makes the pieces every feature module is built from: the server and the batch worker
 * process start the same way (docs/decisions/0075-operations-and-feature-modules.md).
 */
export async function openSharedPlatform(config: Config, options: PlatformOptions = {}): Promise<SharedPlatform> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const clock = options.clock ?? systemClock;
  const dataSource = options.dataSource ?? (await openDataSource(config.databaseUrl, DATA_SOURCE_PARTS));
  const db = new Database(dataSource);
  const hasher = new PasswordHasher(config.scryptCost);
  const seal = config.passwordDigestKey ? new PasswordSeal(config.passwordDigestKey) : undefined;
  // Replicas started together: one migrates and seeds, the others wait and find it done.
  await underStartupLock(dataSource, config.startupLockTimeoutSeconds, async () => {
    await migrate(dataSource);
    if (!config.seedOnStart) return;
    const report = await seedCompatibilityData(db, { hasher, seal, clock, syntheticLearnerCount: config.syntheticLearnerCount });
    if (report.seeded) logger.info('compatibility data set loaded', { ...report });
  });
  const metrics = new GatewayMetrics((gauge, error) => logger.warn('metrics gauge not read', { gauge, error: String(error) }));
  const audit = new AuditTrail(db, clock, {
    flushMs: config.auditFlushMs,
    onError: (error, dropped) => logger.error('audit write failed', { error: String(error), dropped }),
  });
  const outbox = new Outbox(db, clock);
  registerOutboxGauges(metrics, outbox, clock, config.metricsDbCacheSeconds);
  const delivery = mailDelivery(config, outbox, logger);
  return {
    config,
    dataSource,
    db,
    clock,
    logger,
    audit,
    outbox,
    metrics,
    schemas: new SchemaRegistry(),
    hasher,
    seal,
    counters: new ChangeCounters(db),
    mail: { name: 'mail', delivery, start: () => delivery.start(), stop: () => delivery.stop() },
    async close() {
      await audit.flush();
      if (!options.dataSource && dataSource.isInitialized) await dataSource.destroy();
    },
  };
}

function mailDelivery(config: Config, outbox: Outbox, logger: Logger): MailDelivery {
  return new MailDelivery(
    outbox,
    config.smtpUrl ? smtpTransport(config.smtpUrl, config.mailFrom) : fileTransport(config.mailDir, config.mailFrom, logger),
    logger,
    {
      intervalMs: config.mailDeliveryIntervalMs,
      batchSize: 20,
      leaseMs: 60_000,
      maxAttempts: config.mailMaxAttempts,
      baseBackoffMs: 1000,
      maxBackoffMs: 3_600_000,
    },
  );
}
