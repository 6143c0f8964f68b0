import type { AchievementService } from '../achievements/achievement.service';
import { xmlLimitsOf } from '../config';
import type { Platform } from '../feature-module';
import type { LearnerSearch } from '../learners/learner-search';
import type { RegistrationService } from '../learners/registration.service';
import type { VerificationService } from '../learners/verification.service';
import { type AccountStore, type Principal, toPrincipal } from '../platform/auth/accounts';
import { DomainError } from '../platform/errors';
import { achievementRows } from './achievement.rows';
import { completionMail } from './batch-completion-mail';
import { type BatchJob, BATCH_JOB_STATUSES } from './batch-job';
import { BatchProcessor } from './batch-processor';
import { BatchStore } from './batch.store';
import { BatchWorker } from './batch-worker';
import { JobSignals } from './job-signals';
import { learnerRegistrationRows } from './learner-registration.rows';
import { verifyLearnerRows } from './verify-learner.rows';

/** What working the batch queue needs: the server's in-process worker and `npm run worker` build the same. */
export interface BatchJobs {
  store: BatchStore;
  worker: BatchWorker;
  /** Another worker over the same queue, with an id of its own (two workers in one process share a job as two processes do). */
  newWorker(): BatchWorker;
  /** In-process job events; closed when the process stops, so no reader waits on a job past it. */
  signals: JobSignals;
}

export interface BatchJobDeps {
  /** Who submitted a job: its rows run as that user. */
  accounts: AccountStore;
  /** The single operations a row goes through (docs/decisions/0037-batch-rows-go-through-the-single-operation.md). */
  verification: VerificationService;
  achievements: AchievementService;
  /** Learner registration: registerSingleLearner's and updateSingleLearner's use case, and how a row searches first. */
  registration: RegistrationService;
  learnerSearch: LearnerSearch;
  /** Workers pause while a maintenance window is in force. */
  maintenance: { inForce(): Promise<unknown> };
}

export function batchJobs({ db, clock, logger, config, schemas, metrics, outbox }: Platform, deps: BatchJobDeps): BatchJobs {
  const maintenance = async () => (await deps.maintenance.inForce()) !== undefined;
  const store = new BatchStore(db, clock);
  const signals = new JobSignals();
  const processor = new BatchProcessor(
    db,
    store,
    {
      VERIFY_LEARNER: verifyLearnerRows(deps.verification),
      ACHIEVEMENT: achievementRows(deps.achievements),
      LEARNER_REGISTRATION: learnerRegistrationRows({
        registration: deps.registration,
        verification: deps.verification,
        search: deps.learnerSearch,
        clock,
      }),
    },
    schemas,
    (job) => activeSubmitter(deps.accounts, job),
    logger,
    { chunkSize: config.batchChunkRows, leaseMs: config.batchLeaseMs, xmlLimits: xmlLimitsOf(config) },
    async (job) => (await maintenance()) || !(await store.organisationActive(job.organisationId)),
    (type, succeeded, refused) => {
      metrics.batchRows.inc({ type, result: 'succeeded' }, succeeded);
      metrics.batchRows.inc({ type, result: 'refused' }, refused);
    },
    async (job) => {
      const mail = completionMail(job);
      // In the transaction that finishes the job.
      if (mail) await outbox.enqueue(mail);
    },
  );
  metrics.databaseGauge(
    {
      name: 'batch_jobs',
      help: 'Batch jobs by status, read from the database (all processes)',
      labelNames: ['status'],
      always: BATCH_JOB_STATUSES.map((status) => ({ status })),
      read: async () => [...(await store.countByStatus())].map(([status, value]) => ({ labels: { status }, value })),
    },
    config.metricsDbCacheSeconds,
  );
  const newWorker = () =>
    new BatchWorker(
      store,
      processor,
      logger,
      {
        pollMs: config.batchPollMs,
        wakePollMs: config.batchWakePollMs,
        leaseMs: config.batchLeaseMs,
        cut: { lanes: config.batchLanes, chunkRows: config.batchChunkRows },
        paused: maintenance,
      },
      (jobId) => signals.progressed(jobId),
    );
  const worker = newWorker();
  // A job submitted here is started here at once when this process runs a worker (wake() does nothing otherwise).
  signals.onSubmitted(() => worker.wake());
  return { store, worker, newWorker, signals };
}

/** Rows run as the user who submitted them, who must still be active when they run. */
async function activeSubmitter(accounts: AccountStore, job: BatchJob): Promise<Principal> {
  const account = await accounts.findByUsername(job.username);
  if (!account || account.userId !== job.userId || account.status !== 'ACTIVE') {
    throw new DomainError('AUTH_ACCOUNT_SUSPENDED', 'The user who submitted the batch is no longer active');
  }
  return toPrincipal(account);
}

/** Stops taking jobs, lets the chunk in hand commit, and answers readers waiting on a job's progress. */
export async function stopWorking(jobs: BatchJobs): Promise<void> {
  jobs.signals.close();
  await jobs.worker.stop();
}
