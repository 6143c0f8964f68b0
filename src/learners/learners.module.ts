import type { FeatureModule, Platform } from '../feature-module';
import { learnerCache, LearnerRegister } from './learner-register';
import { ReferenceData } from './reference-data';
import { lrsVerifyLearnerOperation } from './verification.lrs';
import { VerificationService } from './verification.service';
import { verifyLearnerOperation } from './verification.soap';

export interface LearnersModule extends FeatureModule {
  register: LearnerRegister;
  referenceData: ReferenceData;
  verification: VerificationService;
}

/** The Learner Register and learner verification, on the AO gateway and the LRS Learner Service. */
export function learnersModule({ db, audit, config, counters }: Platform): LearnersModule {
  const register = new LearnerRegister(db, learnerCache(counters, config.learnerCacheSize));
  const referenceData = new ReferenceData(db, counters);
  const verification = new VerificationService(db, register, referenceData, audit);
  return {
    name: 'learners',
    register,
    referenceData,
    verification,
    operations: {
      'ao-gateway': [verifyLearnerOperation(verification)],
      'lrs-learner-service': [lrsVerifyLearnerOperation(verification)],
    },
  };
}
