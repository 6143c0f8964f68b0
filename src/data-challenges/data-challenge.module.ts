import type { AchievementStore } from '../achievements/achievement.store';
import type { FeatureModule, Platform } from '../feature-module';
import type { LearnerRegister } from '../learners/learner-register';
import { edcResolverAdminRoutes, triageAdminRoutes } from './data-challenge.admin';
import { DataChallengeService } from './data-challenge.service';
import { dataChallengeOperations } from './data-challenge.soap';
import { DataChallengeStore } from './data-challenge.store';
import { MonthlyReport } from './monthly-report';
import { MonthlyReportSchedule } from './report-schedule';

export interface DataChallengesModule extends FeatureModule {
  service: DataChallengeService;
  monthlyReport: MonthlyReport;
  /** Undefined when EDC_REPORT_SCHEDULE is off. */
  schedule: MonthlyReportSchedule | undefined;
}

/** Event data challenges (guide section 6): use cases, AO gateway operations, triage routes and the monthly report. */
export function dataChallengesModule(
  { db, audit, outbox, clock, logger, config }: Platform,
  deps: { learners: LearnerRegister; achievements: AchievementStore },
): DataChallengesModule {
  const store = new DataChallengeStore(db);
  const service = new DataChallengeService(db, store, deps.achievements, deps.learners, outbox, audit, clock, {
    serviceDeskEmail: config.serviceDeskEmail,
    assignment: config.edcAssignment,
  });
  const monthlyReport = new MonthlyReport(db, store, outbox, audit, clock, config.serviceDeskEmail);
  const schedule = config.edcReportSchedule
    ? new MonthlyReportSchedule(
        async (month) => {
          const result = await monthlyReport.run(month, 'system');
          const queued = result.organisations.filter((o) => o.queued).length;
          if (queued > 0) logger.info('monthly data challenge report queued', { month, organisations: queued });
        },
        { day: config.edcReportDay, time: config.edcReportTime, timeZone: config.edcReportTimeZone },
        clock,
        logger,
      )
    : undefined;
  return {
    name: 'data challenges',
    service,
    monthlyReport,
    schedule,
    operations: { 'ao-gateway': dataChallengeOperations(service) },
    adminRoutes: [...edcResolverAdminRoutes({ db, audit }), ...triageAdminRoutes(service)],
    start: () => schedule?.start(),
    stop: async () => schedule?.stop(),
  };
}
