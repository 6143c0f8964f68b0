import { learningRecordR9Operations } from '../achievements/learning-record.r9';
import { aoGetLearnerRecordOperation } from '../achievements/learning-record.soap';
import { LearningRecordService } from '../achievements/learning-record.service';
import { LearningRecordStore } from '../achievements/learning-record.store';
import { PlrAccessStore } from '../achievements/plr-access.store';
import type { FeatureModule, Platform } from '../feature-module';
import { ROLES, type Role } from '../platform/auth/roles';
import type { LearnerManagement } from '../users/learner-management';
import { OrganisationDirectory } from '../users/organisation-directory';
import { organisationR9Operation } from '../users/organisation-directory.r9';
import type { FindLearnerService } from './find-learner.service';
import { learnerDetailsR9Operations } from './learner-details.r9';
import { LearnerDetailsService } from './learner-details.service';
import { LearnerDetailsStore } from './learner-details.store';
import type { LearnersModule } from './learners.module';

/**
 * Who may call the learner operations: the users of an organisation granted learner management who
 * work with learners (an LRB's users; an awarding organisation's Awarding Body Users).
 * docs/decisions/0080-learner-service-r9-wire-shape.md
 */
export const LEARNER_RECORD_ROLES: readonly Role[] = ['LRB_USER', 'AWARDING_BODY_USER'];
/** GetOrganisation names no learner: any user but a super user, whose role is user management only (guide Appendix A). */
export const ORGANISATION_LOOKUP_ROLES: readonly Role[] = ROLES.filter((role) => role !== 'LRB_SUPER_USER');

export interface LearnerServiceR9Module extends FeatureModule {
  learnerDetails: LearnerDetailsService;
  learningRecord: LearningRecordService;
  organisations: OrganisationDirectory;
}

/**
 * LearnerServiceR9.svc (docs/decisions/0080-learner-service-r9-wire-shape.md): a learner's record, its audit,
 * their details and an organisation's, for organisations that hold learner management (guide 1.4); the record
 * also on the AO gateway (GetLearnerRecord, docs/decisions/0093-learner-operations-on-the-ao-gateway.md). The
 * server builds it; the batch worker has no use for it.
 */
export function learnerServiceR9Module(
  { db, audit, clock }: Platform,
  deps: {
    learners: Pick<LearnersModule, 'register' | 'referenceData' | 'verification'>;
    findLearners: Pick<FindLearnerService, 'byUln'>;
    learnerManagement: Pick<LearnerManagement, 'require'>;
  },
): LearnerServiceR9Module {
  const { register, referenceData, verification } = deps.learners;
  const { findLearners, learnerManagement } = deps;
  const learnerDetails = new LearnerDetailsService(
    db,
    new LearnerDetailsStore(db),
    register,
    findLearners,
    referenceData,
    learnerManagement,
    audit,
    clock,
  );
  const learningRecord = new LearningRecordService(
    new LearningRecordStore(db),
    new PlrAccessStore(db),
    register,
    verification,
    learnerManagement,
    audit,
  );
  const organisations = new OrganisationDirectory(db, audit);
  return {
    name: 'learner-service-r9',
    learnerDetails,
    learningRecord,
    organisations,
    operations: {
      'ao-gateway': [aoGetLearnerRecordOperation(learningRecord, LEARNER_RECORD_ROLES)],
      'lrs-learner-service-r9': [
        ...learnerDetailsR9Operations(learnerDetails, LEARNER_RECORD_ROLES),
        ...learningRecordR9Operations(learningRecord, LEARNER_RECORD_ROLES),
        organisationR9Operation(organisations, ORGANISATION_LOOKUP_ROLES),
      ],
    },
  };
}
