import type { SchemaRegistry } from '../platform/validation/schema-registry';
import type { AdminRoute } from '../admin/admin-route';
import type { AchievementService } from '../achievements/achievement.service';
import { type Config, xmlLimitsOf } from '../config';
import type { LearnerSearch } from '../learners/learner-search';
import type { RegistrationService } from '../learners/registration.service';
import type { VerificationService } from '../learners/verification.service';
import type { Principal } from '../platform/auth/accounts';
import type { AccountStore } from '../platform/auth/accounts';
import type { AuditTrail } from '../platform/audit/audit-trail';
import type { Clock } from '../platform/clock';
import type { Database } from '../platform/database';
import type { Logger } from '../platform/logger';
import type { Outbox } from '../platform/mail/outbox';
import type { GatewayMetrics } from '../platform/metrics/metrics';
import type { SoapOperation } from '../soap/soap-call';
import { achievementRows } from './achievement.rows';
import { completionMail } from './batch-completion-mail';
import { BATCH_JOB_STATUSES } from './batch-job';
import { batchAdminRoutes } from './batch.admin';
import { BatchProcessor } from './batch-processor';
import { BatchService } from './batch.service';
import { batchOperations } from './batch.soap';
import { BatchStore } from './batch-store';
import { BatchWorker } from './batch-worker';
import { JobSignals } from './job-signals';
import { learnerRegistrationRows } from './learner-registration.rows';
import { externalServiceOperations } from './lrs/external-service.lrs';
import { lrsRegistrationBatchOperations } from './lrs/registration-batch.lrs';
import { lrsVerifyBatchOperations } from './lrs/verify-batch.lrs';
import { verifyLearnerRows } from './verify-learner.rows';

export interface BatchFeature {
  service: BatchService;
  store: BatchStore;
  worker: BatchWorker;
  /** In-process job events; closed when the server stops, so no reader waits on a job past it. */
  signals: JobSignals;
  soapOperations: SoapOperation[];
  /** On /LearnerService.svc: submitVerifyBatch, getVerifyBatchOutput, submitBatchRegistration, getBatchRegistrationOutput. */
  learnerServiceOperations: SoapOperation[];
  /** On /ExternalService.svc: SubmitAchievementBatchJob, GetAchievementBatchJob. */
  externalServiceOperations: SoapOperation[];
  adminRoutes: AdminRoute[];
}

/** Batch files and jobs, wired: the server and `npm run worker` build the same thing. */
export function batchFeature(deps: {
  db: Database;
  clock: Clock;
  logger: Logger;
  config: Config;
  schemas: SchemaRegistry;
  audit: AuditTrail;
  accounts: AccountStore;
  verification: VerificationService;
  achievements: AchievementService;
  /** Learner registration: its rows go through these, as registerSingleLearner and updateSingleLearner do. */
  registration: RegistrationService;
  learnerSearch: LearnerSearch;
  /** guide 1.4: an organisation submits learner registrations only with learner management. */
  learnerManagement: { require(principal: Principal): Promise<void> };
  metrics: GatewayMetrics;
  outbox: Outbox;
  /** Workers pause while a maintenance window is in force. */
  maintenance: { inForce(): Promise<unknown> };
}): BatchFeature {
  const maintenance = async () => (await deps.maintenance.inForce()) !== undefined;
  const store = new BatchStore(deps.db, deps.clock);
  const xmlLimits = xmlLimitsOf(deps.config);
  const signals = new JobSignals();
  const service = new BatchService(deps.db, store, deps.accounts, deps.audit, xmlLimits, signals, {
    LEARNER_REGISTRATION: (principal) => deps.learnerManagement.require(principal),
  });
  const processor = new BatchProcessor(
    deps.db,
    store,
    {
      VERIFY_LEARNER: verifyLearnerRows(deps.verification),
      ACHIEVEMENT: achievementRows(deps.achievements),
      LEARNER_REGISTRATION: learnerRegistrationRows({
        registration: deps.registration,
        verification: deps.verification,
        search: deps.learnerSearch,
        clock: deps.clock,
      }),
    },
    deps.schemas,
    (job) => service.submitterOf(job),
    deps.logger,
    { chunkSize: deps.config.batchChunkRows, leaseMs: deps.config.batchLeaseMs, xmlLimits },
    async (job) => (await maintenance()) || !(await store.organisationActive(job.organisationId)),
    (type, succeeded, refused) => {
      deps.metrics.batchRows.inc({ type, result: 'succeeded' }, succeeded);
      deps.metrics.batchRows.inc({ type, result: 'refused' }, refused);
    },
    async (job, manager) => {
      const mail = completionMail(job);
      if (mail) await deps.outbox.enqueue(mail, manager);
    },
  );
  deps.metrics.databaseGauge(
    {
      name: 'batch_jobs',
      help: 'Batch jobs by status, read from the database (all processes)',
      labelNames: ['status'],
      always: BATCH_JOB_STATUSES.map((status) => ({ status })),
      read: async () => [...(await store.countByStatus())].map(([status, value]) => ({ labels: { status }, value })),
    },
    deps.config.metricsDbCacheSeconds,
  );
  const worker = new BatchWorker(
    store,
    processor,
    deps.logger,
    {
      pollMs: deps.config.batchPollMs,
      wakePollMs: deps.config.batchWakePollMs,
      leaseMs: deps.config.batchLeaseMs,
      paused: maintenance,
    },
    (jobId) => signals.progressed(jobId),
  );
  // A job submitted here is started here at once when this process runs a worker (wake() does nothing otherwise).
  signals.onSubmitted(() => worker.wake());
  return {
    service,
    store,
    worker,
    signals,
    soapOperations: batchOperations(service),
    learnerServiceOperations: [...lrsVerifyBatchOperations(service), ...lrsRegistrationBatchOperations(service)],
    externalServiceOperations: externalServiceOperations(service),
    adminRoutes: batchAdminRoutes(service, deps.config.batchUploadLimitBytes),
  };
}
