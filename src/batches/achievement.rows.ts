import type { AchievementService } from '../achievements/achievement.service';
import type { Gender } from '../learners/verification.rules';
import { DomainError } from '../platform/errors';
import { ACHIEVEMENT_LAYOUT, ACTION_CODES } from './batch-layouts';
import type { RowHandler } from './batch-rows';

/** The outcome of a row that succeeded, by action: the counters of GetAchievementBatchJob. */
export const DONE = { CREATE: 'CREATED', UPDATE: 'UPDATED', WITHDRAW: 'WITHDRAWN', REINSTATE: 'REINSTATED' } as const;

/**
 * An achievement batch row: Action 1 creates, 2 updates, 3 withdraws, 4 reinstates (ACTION_CODES),
 * through the AchievementService, in the chunk's transaction.
 */
export function achievementRows(service: AchievementService): RowHandler {
  return {
    layout: ACHIEVEMENT_LAYOUT,
    writes: true,
    async handle(f, context, manager) {
      const action = ACTION_CODES[Number(f.Action) as keyof typeof ACTION_CODES];
      const key = {
        uln: f.Uln as string,
        givenName: f.GivenName as string,
        familyName: f.FamilyName as string,
        aimReference: f.UnitOrQualificationReferenceNumber as string,
        awardDate: f.AchievementAwardDate as string,
      };
      const followUp = { key, actionDate: f.ActionDate as string, actionReason: f.ActionReason };
      switch (action) {
        case 'CREATE':
          await service.create(
            {
              learner: {
                uln: key.uln,
                givenName: key.givenName,
                familyName: key.familyName,
                dateOfBirth: f.DateofBirth,
                gender: f.Gender === undefined ? undefined : (Number(f.Gender) as Gender),
                postcode: f.LearnerPostcode,
              },
              aimReference: key.aimReference,
              awardDate: key.awardDate,
              grade: f.Grade,
              languageForAssessment: f.LanguageForAssessment,
              providerUkprn: f.ProviderUkprn,
            },
            context,
            manager,
          );
          break;
        case 'UPDATE':
          await service.update(
            {
              ...followUp,
              changes: { grade: f.Grade, languageForAssessment: f.LanguageForAssessment, providerUkprn: f.ProviderUkprn },
            },
            context,
            manager,
          );
          break;
        case 'WITHDRAW':
          await service.withdraw(followUp, context, manager);
          break;
        case 'REINSTATE':
          await service.reinstate({ ...followUp, grade: f.Grade }, context, manager);
          break;
        default:
          throw new DomainError('BATCH_FILE_INVALID', 'Action must be 1 (create), 2 (update), 3 (withdraw) or 4 (reinstate)');
      }
      return { outcome: DONE[action], succeeded: true, added: { ResultCode: 'OK', ResultMessage: DONE[action].toLowerCase() } };
    },
    refused: (code, message) => ({ ResultCode: code, ResultMessage: message }),
  };
}
