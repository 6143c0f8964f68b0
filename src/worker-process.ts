import type { RequestHandler } from 'express';
import { batchJobs, stopWorking } from './batches/batch-jobs';
import type { BatchWorker } from './batches/batch-worker';
import type { Config } from './config';
import { Modules } from './feature-module';
import { maintenanceModule } from './maintenance/maintenance.module';
import { basicAuthentication } from './platform/http/basic-auth';
import { guardedMetricsEndpoint } from './platform/metrics/metrics-http';
import { recordModules } from './record-modules';
import { openSharedPlatform, type PlatformOptions } from './shared-platform';
import { registrationModules } from './learners/registration.module';
import { SqlAccountStore } from './users/account.store';
import { LearnerManagement } from './users/learner-management';
import { accountAuthenticator } from './users/authentication';

export interface WorkerProcess {
  worker: BatchWorker;
  /** GET /metrics behind its guard, when WORKER_METRICS_PORT asks for it and METRICS_ACCESS is not off. */
  metricsEndpoint: RequestHandler | undefined;
  close(): Promise<void>;
}

/**
 * The batch worker's composition root (docs/decisions/0075-operations-and-feature-modules.md): the shared
 * platform, the services a batch row calls (taken from the record's modules, whose operations and routes it
 * never serves), the queue's worker and the outbox's delivery; no SOAP surface, admin API or schedule of the
 * server. Started at once; stopped in reverse.
 */
export async function createWorkerProcess(config: Config, options: PlatformOptions = {}): Promise<WorkerProcess> {
  const platform = await openSharedPlatform(config, options);
  const { learners, achievements } = recordModules(platform);
  const learnerManagement = new LearnerManagement(platform.db, platform.audit, platform.clock);
  const { registration } = registrationModules(platform, { learners, learnerManagement });
  const jobs = batchJobs(platform, {
    accounts: new SqlAccountStore(platform.db),
    verification: learners.verification,
    achievements: achievements.service,
    registration: registration.service,
    learnerSearch: registration.batchSearch,
    maintenance: maintenanceModule(platform).schedule,
  });
  const modules = new Modules([
    platform.mail,
    { name: 'batch worker', start: () => jobs.worker.start(), stop: () => stopWorking(jobs) },
  ]);
  modules.start();
  return {
    worker: jobs.worker,
    metricsEndpoint:
      config.workerMetricsPort > 0
        ? guardedMetricsEndpoint(platform.metrics, config, () => basicAuthentication(accountAuthenticator(platform)))
        : undefined,
    async close() {
      await modules.stop();
      await platform.close();
    },
  };
}
