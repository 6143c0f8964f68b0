import { type AchievementsModule, achievementsModule } from './achievements/achievements.module';
import { type QualificationsModule, qualificationsModule } from './achievements/qualifications.module';
import { dataChallengeLinks } from './data-challenges/data-challenge-links';
import type { Platform } from './feature-module';
import { type LearnersModule, learnersModule } from './learners/learners.module';

export interface RecordModules {
  learners: LearnersModule;
  qualifications: QualificationsModule;
  achievements: AchievementsModule;
}

/**
 * The modules of the learner's record, which a batch row goes through as a single call does
 * (docs/decisions/0037-batch-rows-go-through-the-single-operation.md): the server and the batch worker build them alike.
 */
export function recordModules(platform: Platform): RecordModules {
  const learners = learnersModule(platform);
  const qualifications = qualificationsModule(platform);
  // The link to a data challenge is checked in the action's transaction, so achievements need no data challenge service.
  const achievements = achievementsModule(platform, {
    learners,
    qualifications: qualifications.register,
    challenges: dataChallengeLinks(platform.db),
  });
  return { learners, qualifications, achievements };
}
