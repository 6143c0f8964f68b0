import type { AdminRoute } from '../admin/admin-route';
import type { AchievementStore } from '../achievements/achievement.store';
import type { LearnerRegister } from '../learners/learner-register';
import type { AuditTrail } from '../platform/audit/audit-trail';
import type { Clock } from '../platform/clock';
import type { Database } from '../platform/database';
import type { Logger } from '../platform/logger';
import type { Outbox } from '../platform/mail/outbox';
import type { SoapOperation } from '../soap/soap-call';
import { edcResolverAdminRoutes, triageAdminRoutes } from './data-challenge.admin';
import type { EdcAssignment } from './data-challenge.rules';
import { DataChallengeService } from './data-challenge.service';
import { dataChallengeOperations } from './data-challenge.soap';
import { DataChallengeStore } from './data-challenge.store';
import { MonthlyReport } from './monthly-report';
import { MonthlyReportSchedule, type ReportSchedule } from './report-schedule';

export interface DataChallengeConfig {
  serviceDeskEmail: string;
  edcAssignment: EdcAssignment;
  edcReportSchedule: boolean;
  edcReportDay: number;
  edcReportTime: string;
  edcReportTimeZone: string;
}

/** The data challenge feature as the composition root wires it: use cases, adapters and the monthly schedule. */
export interface DataChallenges {
  service: DataChallengeService;
  monthlyReport: MonthlyReport;
  /** Undefined when EDC_REPORT_SCHEDULE is off. */
  schedule: MonthlyReportSchedule | undefined;
  operations: SoapOperation[];
  adminRoutes: AdminRoute[];
  start(): void;
  stop(): Promise<void>;
}

export function createDataChallenges(deps: {
  db: Database;
  audit: AuditTrail;
  outbox: Outbox;
  clock: Clock;
  logger: Logger;
  learners: LearnerRegister;
  achievements: AchievementStore;
  config: DataChallengeConfig;
}): DataChallenges {
  const { db, audit, outbox, clock, logger, config } = deps;
  const store = new DataChallengeStore();
  const service = new DataChallengeService(db, store, deps.achievements, deps.learners, outbox, audit, clock, {
    serviceDeskEmail: config.serviceDeskEmail,
    assignment: config.edcAssignment,
  });
  const monthlyReport = new MonthlyReport(db, store, outbox, audit, clock, config.serviceDeskEmail);
  const timing: ReportSchedule = { day: config.edcReportDay, time: config.edcReportTime, timeZone: config.edcReportTimeZone };
  const schedule = config.edcReportSchedule
    ? new MonthlyReportSchedule(
        async (month) => {
          const result = await monthlyReport.run(month, 'system');
          const queued = result.organisations.filter((o) => o.queued).length;
          if (queued > 0) logger.info('monthly data challenge report queued', { month, organisations: queued });
        },
        timing,
        clock,
        logger,
      )
    : undefined;
  return {
    service,
    monthlyReport,
    schedule,
    operations: dataChallengeOperations(service),
    adminRoutes: [...edcResolverAdminRoutes({ db, audit }), ...triageAdminRoutes(service)],
    start: () => schedule?.start(),
    stop: async () => schedule?.stop(),
  };
}
