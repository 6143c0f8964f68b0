import express, { type Express, type RequestHandler } from 'express';
import type { DataSource } from 'typeorm';
import { adminRouter } from './admin/admin-router';
import { consoleRouter } from './console/console.routes';
import { type BatchesModule, batchesModule } from './batches/batch.module';
import { type Config, xmlLimitsOf } from './config';
import { type DataChallengesModule, dataChallengesModule } from './data-challenges/data-challenge.module';
import { Modules, SOAP_SERVICES, type SoapService } from './feature-module';
import { learnerServiceR9Module } from './learners/learner-service-r9.module';
import { type RegistrationModule, registrationModules } from './learners/registration.module';
import type { ReferenceData } from './learners/reference-data';
import type { VerificationService } from './learners/verification.service';
import type { AchievementService } from './achievements/achievement.service';
import { maintenanceModule } from './maintenance/maintenance.module';
import type { AuditTrail } from './platform/audit/audit-trail';
import type { Authenticator } from './platform/auth/authenticator';
import type { PasswordHasher } from './platform/auth/password-hashing';
import type { PasswordSeal } from './platform/auth/password-sealing';
import type { Database } from './platform/database';
import { basicAuthentication } from './platform/http/basic-auth';
import { healthRoutes } from './platform/http/health';
import { jsonErrorHandler, notFound } from './platform/http/json-errors';
import { RateLimits } from './platform/http/rate-limits';
import { observeRequests } from './platform/http/request-context';
import type { MailDelivery } from './platform/mail/mail-delivery';
import type { Outbox } from './platform/mail/outbox';
import type { GatewayMetrics } from './platform/metrics/metrics';
import { guardedMetricsEndpoint } from './platform/metrics/metrics-http';
import { loadLibXml } from './platform/xml/libxml';
import { recordModules } from './record-modules';
import { openSharedPlatform, type PlatformOptions, type SharedPlatform } from './shared-platform';
import { aoGatewaySurface } from './soap/ao-gateway';
import { clientCertificateGate } from './soap/client-certificate-gate';
import { lrsExternalServiceSurface } from './soap/lrs-external-service';
import { lrsLearnerServiceSurface } from './soap/lrs-learner-service';
import { lrsLearnerServiceR9Surface } from './soap/lrs-learner-service-r9';
import type { SoapOperation } from './soap/soap-call';
import { type SoapSurface, soapDoor, soapFrontDoors } from './soap/soap-endpoint';
import type { RequestJournal } from './journal/request-journal';
import { type SandboxModule, sandboxModule } from './sandbox/sandbox.module';
import { SqlAccountStore } from './users/account.store';
import type { LearnerManagement } from './users/learner-management';
import { type UsersModule, usersModule } from './users/users.module';
import type { MaintenanceSchedule } from './maintenance/maintenance-schedule';

export type GatewayOptions = PlatformOptions;

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
  /** guide 1.4: whether an organisation may find learners and read their records. */
  learnerManagement: LearnerManagement;
  /** registerSingleLearner, updateSingleLearner, and the searches the find-before-register rule reads. */
  registration: RegistrationModule;
  achievements: AchievementService;
  outbox: Outbox;
  mailDelivery: MailDelivery;
  batches: BatchesModule;
  dataChallenges: DataChallengesModule;
  metrics: GatewayMetrics;
  /** The GET /metrics handler behind its guard (undefined when METRICS_ACCESS=off). */
  metricsEndpoint: RequestHandler | undefined;
  journal: RequestJournal;
  close(): Promise<void>;
}

/**
 * The server's composition root (docs/decisions/0075-operations-and-feature-modules.md): opens the shared
 * platform, builds each feature module from it and the services of the features it uses, and serves what the
 * modules offer from one Express app, built without listening. The modules start in order and stop in reverse.
 */
export async function createGateway(config: Config, options: GatewayOptions = {}): Promise<Gateway> {
  const platform = await openSharedPlatform(config, options);
  const maintenance = maintenanceModule(platform);
  const { learners, qualifications, achievements } = recordModules(platform);
  const dataChallenges = dataChallengesModule(platform, { learners: learners.register, achievements: achievements.store });
  const users = usersModule(platform, { referenceData: learners.referenceData });
  const { registration, findLearners } = registrationModules(platform, { learners, learnerManagement: users.learnerManagement });
  const batches = batchesModule(platform, {
    accounts: new SqlAccountStore(platform.db),
    verification: learners.verification,
    achievements: achievements.service,
    registration: registration.service,
    learnerSearch: registration.batchSearch,
    learnerManagement: users.learnerManagement,
    maintenance: maintenance.schedule,
  });
  const learnerServiceR9 = learnerServiceR9Module(platform, {
    learners,
    findLearners: findLearners.service,
    learnerManagement: users.learnerManagement,
  });
  const sandbox = await sandboxModule(
    platform,
    () => new Set(SOAP_SERVICES.flatMap((service) => modules.operationsOn(service).map((operation) => operation.name))),
  );
  const modules = new Modules([
    platform.mail,
    maintenance,
    learners,
    findLearners,
    registration,
    learnerServiceR9,
    qualifications,
    achievements,
    dataChallenges,
    batches,
    users,
    sandbox,
  ]);
  const web = await webApp(platform, modules, users, maintenance.schedule, sandbox);
  modules.start();
  return {
    app: web.app,
    dataSource: platform.dataSource,
    db: platform.db,
    config,
    hasher: platform.hasher,
    seal: platform.seal,
    audit: platform.audit,
    outbox: platform.outbox,
    metrics: platform.metrics,
    authenticator: users.authenticator,
    referenceData: learners.referenceData,
    verification: learners.verification,
    learnerManagement: users.learnerManagement,
    registration,
    achievements: achievements.service,
    mailDelivery: platform.mail.delivery,
    batches,
    dataChallenges,
    metricsEndpoint: web.metricsEndpoint,
    journal: sandbox.journal,
    async close() {
      await modules.stop();
      web.rateLimits.close();
      await platform.close();
    },
  };
}

const SURFACES: Record<SoapService, (authenticator: Authenticator, operations: SoapOperation[]) => SoapSurface> = {
  'ao-gateway': aoGatewaySurface,
  'lrs-learner-service': lrsLearnerServiceSurface,
  'lrs-external-service': lrsExternalServiceSurface,
  'lrs-learner-service-r9': lrsLearnerServiceR9Surface,
};

/** Health, metrics, the four SOAP surfaces and the admin API, each offering what the modules declare. */
async function webApp(
  platform: SharedPlatform,
  modules: Modules,
  users: Pick<UsersModule, 'authenticator' | 'certificates'>,
  maintenance: MaintenanceSchedule,
  sandbox: Pick<SandboxModule, 'journal' | 'faults'>,
) {
  const { config, db, metrics, logger, audit } = platform;
  const rateLimits = RateLimits.create(config, db, metrics, logger);
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.use(observeRequests(logger, metrics));
  const soapDeps = {
    lib: await loadLibXml(),
    limits: xmlLimitsOf(config),
    bodyLimitBytes: config.bodyLimitBytes,
    batchBodyLimitBytes: config.batchSoapBodyLimitBytes,
    publicBaseUrl: config.publicBaseUrl,
    validateResponses: config.validateResponses,
    audit,
    logger,
    clientCertificates: clientCertificateGate(config.clientAuthMode, users.certificates, users.authenticator),
    rateLimits,
    maintenance,
    metrics,
    journal: sandbox.journal,
    faults: sandbox.faults,
  };
  // First after the request's own middleware: a SOAP call meets no router on its way in.
  const doors = SOAP_SERVICES.map((service) =>
    soapDoor(SURFACES[service](users.authenticator, modules.operationsOn(service)), soapDeps),
  );
  app.use(soapFrontDoors(await Promise.all(doors)));
  app.use(healthRoutes(db));
  const metricsEndpoint = guardedMetricsEndpoint(metrics, config, () => basicAuthentication(users.authenticator));
  if (metricsEndpoint) app.get('/metrics', metricsEndpoint);
  app.use(
    adminRouter(modules.adminRoutes(), {
      authenticator: users.authenticator,
      schemas: platform.schemas,
      audit,
      logger,
      bodyLimitBytes: config.bodyLimitBytes,
      rateLimits,
      maintenance,
      journal: sandbox.journal,
    }),
  );
  app.use(
    consoleRouter({ ...platform, routes: modules.adminRoutes(), rateLimits, maintenance, authenticator: users.authenticator }),
  );
  app.use(notFound);
  app.use(jsonErrorHandler(logger));
  return { app, metricsEndpoint, rateLimits };
}
