import 'reflect-metadata';
import express, { type Express, type RequestHandler } from 'express';
import type { DataSource } from 'typeorm';
import { adminRouter } from './admin/admin-router';
import { SchemaRegistry } from './platform/validation/schema-registry';
import { OfqualRegisterClient } from './achievements/ofqual/ofqual-register.client';
import { qualificationAdminRoutes } from './achievements/qualification.admin';
import { qualificationStructureRoutes } from './achievements/qualification-structure.admin';
import { achievementOperations } from './achievements/achievement.soap';
import { type BatchFeature, batchFeature } from './batches/batch-feature';
import { AchievementService } from './achievements/achievement.service';
import { AchievementStore } from './achievements/achievement.store';
import { QualificationRegister } from './achievements/qualification-register';
import { seedCompatibilityData } from './compatibility/seed';
import { maintenanceAdminRoutes } from './maintenance/maintenance.admin';
import { MaintenanceSchedule } from './maintenance/maintenance-schedule';
import { createDataChallenges, type DataChallenges } from './data-challenges/data-challenge.module';
import { type Config, xmlLimitsOf } from './config';
import { DATA_SOURCE_PARTS } from './entities';
import { LearnerRegister } from './learners/learner-register';
import { ReferenceData } from './learners/reference-data';
import { lrsVerifyLearnerOperation } from './learners/verification.lrs';
import { VerificationService } from './learners/verification.service';
import { verifyLearnerOperation } from './learners/verification.soap';
import { AuditTrail } from './platform/audit/audit-trail';
import { consoleRouter } from './console/console.routes';
import { journalAdminRoutes } from './journal/journal.admin';
import { faultInjectionAdminRoutes } from './fault-injection/fault-injection.admin';
import { FaultInjectionStore } from './fault-injection/fault-injection.store';
import { FaultInjector } from './fault-injection/fault-injector';
import { sandboxAdminRoutes } from './sandbox/sandbox.admin';
import { SandboxService } from './sandbox/sandbox.service';
import { SandboxStore, SnapshotStore } from './sandbox/sandbox.store';
import { JournalStore } from './journal/journal.store';
import { RequestJournal } from './journal/request-journal';
import { Authenticator } from './platform/auth/authenticator';
import { CredentialCache } from './platform/auth/credential-cache';
import { PasswordHasher } from './platform/auth/password-hashing';
import { PasswordSeal } from './platform/auth/password-sealing';
import { type Clock, systemClock } from './platform/clock';
import { openDataSource } from './platform/data-source';
import { underStartupLock } from './platform/startup-lock';
import { Database } from './platform/database';
import { healthRoutes } from './platform/http/health';
import { jsonErrorHandler, notFound } from './platform/http/json-errors';
import { budgetLimiter, RateLimits } from './platform/http/rate-limits';
import { observeRequests } from './platform/http/request-context';
import { createLogger, type Logger } from './platform/logger';
import { GatewayMetrics } from './platform/metrics/metrics';
import { metricsEndpoint, metricsGuard } from './platform/metrics/metrics-http';
import { registerOutboxGauges } from './platform/mail/outbox.metrics';
import { basicAuthentication } from './platform/http/basic-auth';
import { fileTransport, MailDelivery, smtpTransport } from './platform/mail/mail-delivery';
import { Outbox } from './platform/mail/outbox';
import { loadLibXml } from './platform/xml/libxml';
import { aoGatewaySurface } from './soap/ao-gateway';
import { lrsExternalServiceSurface } from './soap/lrs-external-service';
import { lrsLearnerServiceSurface } from './soap/lrs-learner-service';
import { clientCertificateGate } from './soap/client-certificate-gate';
import { soapDoor, soapFrontDoors } from './soap/soap-endpoint';
import { SqlAccountStore } from './users/account.store';
import { clientCertificates } from './users/client-certificates.admin';
import { OrganisationPasswordFailures } from './users/organisation-password-failures';
import { userManagementRoutes } from './users/users.wiring';

export interface GatewayOptions {
  logger?: Logger;
  clock?: Clock;
  /** A data source the caller owns (tests); otherwise one is opened from DATABASE_URL and closed with the gateway. */
  dataSource?: DataSource;
}

export interface Gateway {
  app: Express;
  dataSource: DataSource;
  db: Database;
  config: Config;
  hasher: PasswordHasher;
  seal: PasswordSeal | undefined;
  audit: AuditTrail;
  authenticator: Authenticator;
  referenceData: ReferenceData;
  verification: VerificationService;
  achievements: AchievementService;
  outbox: Outbox;
  mailDelivery: MailDelivery;
  batches: BatchFeature;
  dataChallenges: DataChallenges;
  metrics: GatewayMetrics;
  /** The GET /metrics handler behind its guard (undefined when METRICS_ACCESS=off), for processes that serve nothing else. */
  metricsEndpoint: RequestHandler | undefined;
  journal: RequestJournal;
  close(): Promise<void>;
}

/**
 * The composition root: opens and migrates the database, seeds the compatibility data on
 * first start, wires services to their adapters and builds the Express app without listening.
 */
export async function createGateway(config: Config, options: GatewayOptions = {}): Promise<Gateway> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const clock = options.clock ?? systemClock;
  const lib = await loadLibXml();
  const dataSource = options.dataSource ?? (await openDataSource(config.databaseUrl, DATA_SOURCE_PARTS));
  const db = new Database(dataSource);
  const metrics = new GatewayMetrics((gauge, error) => logger.warn('metrics gauge not read', { gauge, error: String(error) }));

  const hasher = new PasswordHasher(config.scryptCost);
  const seal = config.passwordDigestKey ? new PasswordSeal(config.passwordDigestKey) : undefined;
  // Replicas started together: one migrates and seeds, the others wait and find it done.
  await underStartupLock(dataSource, config.startupLockTimeoutSeconds, async () => {
    await dataSource.runMigrations({ transaction: 'each' });
    if (!config.seedOnStart) return;
    const report = await seedCompatibilityData(db, { hasher, seal, clock, syntheticLearnerCount: config.syntheticLearnerCount });
    if (report.seeded) logger.info('compatibility data set loaded', { ...report });
  });
  const audit = new AuditTrail(db, clock, {
    flushMs: config.auditFlushMs,
    onError: (error, dropped) => logger.error('audit write failed', { error: String(error), dropped }),
  });
  const outbox = new Outbox(db, clock);
  const organisationPasswords = new OrganisationPasswordFailures(
    db,
    outbox,
    clock,
    config.orgPasswordFailureWindowSeconds,
    config.orgPasswordFailuresPerAddress === 0
      ? undefined
      : budgetLimiter(config, dataSource, {
          keyPrefix: 'org-password-address',
          points: config.orgPasswordFailuresPerAddress,
          duration: config.orgPasswordFailureWindowSeconds,
        }),
  );
  const authenticator = new Authenticator(
    new SqlAccountStore(db),
    hasher,
    new CredentialCache(config.credentialCacheSize),
    seal,
    {
      lockoutThreshold: config.lockoutThreshold,
      passwordExpiryDays: config.passwordExpiryDays,
      createdToleranceSeconds: config.wsseCreatedToleranceSeconds,
    },
    clock,
    (event) => {
      if (event.outcome !== 'LOCKED_OUT') return;
      metrics.lockouts.inc();
      logger.warn('account suspended after repeated wrong passwords', { username: event.username });
      audit.recordSoon({
        correlationId: 'lockout',
        surface: 'system',
        operation: 'SuspendAccount',
        outcome: 'LOCKED_OUT',
        organisationId: event.organisationId,
        userId: event.userId,
        username: event.username,
        subject: event.username,
      });
    },
    organisationPasswords,
  );

  const mailDelivery = new MailDelivery(
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
  mailDelivery.start();
  registerOutboxGauges(metrics, outbox, clock, config.metricsDbCacheSeconds);

  const referenceData = new ReferenceData(db, config.referenceDataTtlSeconds, clock);
  const learnerRegister = new LearnerRegister(db);
  const verification = new VerificationService(learnerRegister, referenceData, audit);
  const dataChallenges = createDataChallenges({
    db,
    audit,
    outbox,
    clock,
    logger,
    learners: learnerRegister,
    achievements: new AchievementStore(),
    config,
  });
  const achievements = new AchievementService(
    db,
    new AchievementStore(),
    learnerRegister,
    new QualificationRegister(db),
    referenceData,
    audit,
    clock,
    { acceptPossibleMatch: config.achievementAcceptPossibleMatch },
    dataChallenges.service,
  );

  const maintenance = new MaintenanceSchedule(db, audit, clock, {
    cacheSeconds: config.maintenanceCacheSeconds,
    openEndedRetryAfterSeconds: config.maintenanceRetryAfterSeconds,
  });
  const schemas = new SchemaRegistry();
  const batches = batchFeature({
    maintenance,
    db,
    clock,
    logger,
    config,
    schemas,
    audit,
    accounts: new SqlAccountStore(db),
    verification,
    achievements,
    metrics,
    outbox,
  });

  const certificates = clientCertificates({ db, audit, clock, clientCaFile: config.tlsClientCaFile });

  const journalStore = new JournalStore(db);
  const journal = new RequestJournal(
    journalStore,
    clock,
    {
      maxEntries: config.journalMaxEntries,
      maxAgeDays: config.journalMaxAgeDays,
      bodyMaxChars: config.journalBodyMaxChars,
      flushMs: 250,
      refreshMs: 5000,
    },
    (error) => logger.warn('request journal not written', { error: String(error) }),
  );
  await journal.start();
  const faultInjections = new FaultInjectionStore(db);
  const faults = new FaultInjector(faultInjections, clock, config.sandbox, 1000, (error) =>
    logger.warn('fault injections not read', { error: String(error) }),
  );
  await faults.start();

  const rateLimits = RateLimits.create(config, dataSource, metrics, logger);
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.use(observeRequests(logger, metrics));
  const soapDeps = {
    lib,
    limits: xmlLimitsOf(config),
    bodyLimitBytes: config.bodyLimitBytes,
    batchBodyLimitBytes: config.batchSoapBodyLimitBytes,
    publicBaseUrl: config.publicBaseUrl,
    validateResponses: config.validateResponses,
    audit,
    logger,
    clientCertificates: clientCertificateGate(config.clientAuthMode, certificates.registry, authenticator),
    rateLimits,
    maintenance,
    metrics,
    journal,
    faults,
  };
  const soapSurfaces = [
    aoGatewaySurface(authenticator, [
      verifyLearnerOperation(verification),
      ...achievementOperations(achievements),
      ...batches.soapOperations,
      ...dataChallenges.operations,
    ]),
    lrsLearnerServiceSurface(authenticator, [lrsVerifyLearnerOperation(verification), ...batches.learnerServiceOperations]),
    lrsExternalServiceSurface(authenticator, batches.externalServiceOperations),
  ];
  // First after the request's own middleware: a SOAP call meets no router on its way in.
  app.use(soapFrontDoors(await Promise.all(soapSurfaces.map((surface) => soapDoor(surface, soapDeps)))));
  app.use(healthRoutes(dataSource));
  const metricsHandler =
    config.metricsAccess === 'off'
      ? undefined
      : metricsEndpoint(
          metrics,
          metricsGuard(config.metricsAccess, config.metricsBearerToken, basicAuthentication(authenticator)),
        );
  if (metricsHandler) app.get('/metrics', metricsHandler);
  const adminRoutes = [
    ...batches.adminRoutes,
    ...dataChallenges.adminRoutes,
    ...certificates.adminRoutes,
    ...maintenanceAdminRoutes(maintenance),
    ...journalAdminRoutes({ store: journalStore, journal }),
    ...sandboxAdminRoutes(new SandboxService(db, new SandboxStore(), new SnapshotStore(), audit, clock, config.sandbox)),
    ...faultInjectionAdminRoutes({
      store: faultInjections,
      injector: faults,
      audit,
      clock,
      operations: new Set(soapSurfaces.flatMap((surface) => surface.operations.map((operation) => operation.name))),
    }),
    ...qualificationAdminRoutes({ db, audit, ofqual: () => new OfqualRegisterClient({ baseUrl: config.ofqualApiBase }) }),
    ...qualificationStructureRoutes({ db, audit }),
    ...userManagementRoutes({
      db,
      audit,
      hasher,
      seal,
      outbox,
      clock,
      referenceData,
      passwordExpiryDays: config.passwordExpiryDays,
      syntheticLearnerCount: config.syntheticLearnerCount,
    }),
  ];
  app.use(
    adminRouter(adminRoutes, {
      authenticator,
      schemas,
      audit,
      logger,
      bodyLimitBytes: config.bodyLimitBytes,
      rateLimits,
      maintenance,
      journal,
    }),
  );
  app.use(
    consoleRouter({ routes: adminRoutes, config, db, clock, logger, audit, schemas, rateLimits, maintenance, authenticator }),
  );
  app.use(notFound);
  app.use(jsonErrorHandler(logger));

  if (config.batchWorkerInProcess) batches.worker.start();
  dataChallenges.start();

  const nonceSweep = setInterval(() => {
    authenticator.forgetOldNonces().catch((error: unknown) => logger.warn('nonce sweep failed', { error: String(error) }));
  }, 60_000);
  nonceSweep.unref();

  return {
    app,
    dataSource,
    db,
    config,
    hasher,
    seal,
    audit,
    authenticator,
    referenceData,
    verification,
    achievements,
    outbox,
    mailDelivery,
    batches,
    dataChallenges,
    metrics,
    metricsEndpoint: metricsHandler,
    journal,
    async close() {
      batches.signals.close();
      await batches.worker.stop();
      await dataChallenges.stop();
      clearInterval(nonceSweep);
      rateLimits.close();
      await mailDelivery.stop();
      await journal.stop();
      faults.stop();
      await audit.flush();
      if (!options.dataSource && dataSource.isInitialized) await dataSource.destroy();
    },
  };
}
