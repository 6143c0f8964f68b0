import { xmlLimitsOf } from '../config';
import type { FeatureModule, Platform } from '../feature-module';
import type { Principal } from '../platform/auth/accounts';
import { type BatchJobDeps, type BatchJobs, batchJobs, stopWorking } from './batch-jobs';
import { batchAdminRoutes } from './batch.admin';
import { BatchService } from './batch.service';
import { batchOperations } from './batch.soap';
import { externalServiceOperations } from './lrs/external-service.lrs';
import { lrsRegistrationBatchOperations } from './lrs/registration-batch.lrs';
import { lrsVerifyBatchOperations } from './lrs/verify-batch.lrs';

export interface BatchesModule extends FeatureModule, BatchJobs {
  service: BatchService;
}

/**
 * Batch files and jobs on every surface: SubmitBatchJob and its kin on the AO gateway, the LRS verify batch and
 * batch registration on the Learner Service, achievement batches on the External Service, uploads on the admin API; and, when
 * BATCH_WORKER_IN_PROCESS is on, a worker in this process.
 */
export function batchesModule(
  platform: Platform,
  deps: BatchJobDeps & {
    /** guide 1.4: an organisation submits learner registrations only with learner management. */
    learnerManagement: { require(principal: Principal): Promise<void> };
  },
): BatchesModule {
  const { db, audit, config } = platform;
  const jobs = batchJobs(platform, deps);
  const service = new BatchService(db, jobs.store, audit, xmlLimitsOf(config), jobs.signals, {
    LEARNER_REGISTRATION: (principal) => deps.learnerManagement.require(principal),
  });
  return {
    name: 'batches',
    ...jobs,
    service,
    operations: {
      'ao-gateway': batchOperations(service),
      'lrs-learner-service': [...lrsVerifyBatchOperations(service), ...lrsRegistrationBatchOperations(service)],
      'lrs-external-service': externalServiceOperations(service),
    },
    adminRoutes: batchAdminRoutes(service, config.batchUploadLimitBytes),
    start() {
      if (config.batchWorkerInProcess) jobs.worker.start();
    },
    stop: () => stopWorking(jobs),
  };
}
