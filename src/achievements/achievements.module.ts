import type { FeatureModule, Platform } from '../feature-module';
import type { LearnersModule } from '../learners/learners.module';
import { AchievementService, type DataChallengeLinks } from './achievement.service';
import { achievementOperations } from './achievement.soap';
import { AchievementStore } from './achievement.store';
import type { QualificationStore } from './qualification.store';

export interface AchievementsModule extends FeatureModule {
  /** The one store of achievements, which data challenges read too. */
  store: AchievementStore;
  service: AchievementService;
}

/** Achievements on learners' records (guide section 5): the use cases and their AO gateway operations. */
export function achievementsModule(
  { db, audit, clock, config }: Platform,
  deps: {
    learners: Pick<LearnersModule, 'register' | 'referenceData'>;
    qualifications: QualificationStore;
    /** The data challenges an action may answer (guide 6.2). */
    challenges: DataChallengeLinks;
  },
): AchievementsModule {
  const store = new AchievementStore(db);
  const service = new AchievementService(
    db,
    store,
    deps.learners.register,
    deps.qualifications,
    deps.learners.referenceData,
    audit,
    clock,
    { acceptPossibleMatch: config.achievementAcceptPossibleMatch },
    deps.challenges,
  );
  return { name: 'achievements', store, service, operations: { 'ao-gateway': achievementOperations(service) } };
}
