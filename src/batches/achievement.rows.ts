import type { AchievementRowCommand } from '../achievements/achievement-chunk';
import type { AchievementService } from '../achievements/achievement.service';
import type { Gender } from '../learners/verification.rules';
import { DomainError, isDomainError } from '../platform/errors';
import { ACHIEVEMENT_LAYOUT, ACTION_CODES } from './batch-layouts';
import type { RowHandler, RowResult } from './batch-rows';

/** The outcome of a row that succeeded, by action: the counters of GetAchievementBatchJob. */
export const DONE = { CREATE: 'CREATED', UPDATE: 'UPDATED', WITHDRAW: 'WITHDRAWN', REINSTATE: 'REINSTATED' } as const;

type Fields = Record<string, string | undefined>;

/**
 * An achievement batch row: Action 1 creates, 2 updates, 3 withdraws, 4 reinstates (ACTION_CODES),
 * through the AchievementService, in the chunk's transaction.
 */
export function achievementRows(service: AchievementService): RowHandler {
  return {
    layout: ACHIEVEMENT_LAYOUT,
    writes: true,
    async handle(fields, context) {
      const row = commandOf(fields);
      if (row.action === 'CREATE') await service.create(row.command, context);
      else if (row.action === 'UPDATE') await service.update(row.command, context);
      else if (row.action === 'WITHDRAW') await service.withdraw(row.command, context);
      else await service.reinstate(row.command, context);
      return done(row.action);
    },
    async handleChunk(rows, context) {
      const commands = rows.map((fields) => {
        try {
          return commandOf(fields);
        } catch (error) {
          if (isDomainError(error)) return error;
          throw error;
        }
      });
      const valid = commands.filter((command): command is AchievementRowCommand => !isDomainError(command));
      const refusals = await service.applyChunk(valid, context);
      const refusalOf = new Map(valid.map((command, i) => [command, refusals[i]]));
      return commands.map((command) => (isDomainError(command) ? command : (refusalOf.get(command) ?? done(command.action))));
    },
    refused: (code, message) => ({ ResultCode: code, ResultMessage: message }),
  };
}

function done(action: keyof typeof DONE): RowResult {
  return { outcome: DONE[action], succeeded: true, added: { ResultCode: 'OK', ResultMessage: DONE[action].toLowerCase() } };
}

function commandOf(f: Fields): AchievementRowCommand {
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
      return {
        action,
        command: {
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
      };
    case 'UPDATE':
      return {
        action,
        command: {
          ...followUp,
          changes: { grade: f.Grade, languageForAssessment: f.LanguageForAssessment, providerUkprn: f.ProviderUkprn },
        },
      };
    case 'WITHDRAW':
      return { action, command: followUp };
    case 'REINSTATE':
      return { action, command: { ...followUp, grade: f.Grade } };
    default:
      throw new DomainError('BATCH_FILE_INVALID', 'Action must be 1 (create), 2 (update), 3 (withdraw) or 4 (reinstate)');
  }
}
