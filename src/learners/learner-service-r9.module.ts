import { learningRecordR9Operations } from '../achievements/learning-record.r9';
import { LearningRecordService } from '../achievements/learning-record.service';
import { LearningRecordStore } from '../achievements/learning-record.store';
import { PlrAccessStore } from '../achievements/plr-access.store';
import type { AuditTrail } from '../platform/audit/audit-trail';
import { ROLES, type Role } from '../platform/auth/roles';
import type { Clock } from '../platform/clock';
import type { Database } from '../platform/database';
import type { SoapOperation } from '../soap/soap-call';
import { OrganisationDirectory } from '../users/organisation-directory';
import { organisationR9Operation } from '../users/organisation-directory.r9';
import { learnerDetailsR9Operations } from './learner-details.r9';
import { LearnerDetailsService } from './learner-details.service';
import { LearnerDetailsStore } from './learner-details.store';
import type { LearnerManagement } from '../users/learner-management';
import type { LearnerRegister } from './learner-register';
import type { ReferenceData } from './reference-data';
import type { FindLearnerService } from './find-learner.service';
import type { VerificationService } from './verification.service';

/**
 * Who may call the learner operations: the users of an organisation granted learner management who
 * work with learners (an LRB's users; an awarding organisation's Awarding Body Users).
 * docs/decisions/0080-learner-service-r9-wire-shape.md
 */
export const LEARNER_RECORD_ROLES: readonly Role[] = ['LRB_USER', 'AWARDING_BODY_USER'];
/** GetOrganisation names no learner: any user but a super user, whose role is user management only (guide Appendix A). */
export const ORGANISATION_LOOKUP_ROLES: readonly Role[] = ROLES.filter((role) => role !== 'LRB_SUPER_USER');

export interface LearnerServiceR9 {
  learnerDetails: LearnerDetailsService;
  learningRecord: LearningRecordService;
  organisations: OrganisationDirectory;
  operations: SoapOperation[];
}

/** The use cases of LearnerServiceR9.svc and its five operations, as the composition root wires them. */
export function createLearnerServiceR9(deps: {
  db: Database;
  audit: AuditTrail;
  clock: Clock;
  learners: LearnerRegister;
  verification: VerificationService;
  findLearners: Pick<FindLearnerService, 'byUln'>;
  referenceData: ReferenceData;
  learnerManagement: Pick<LearnerManagement, 'require'>;
}): LearnerServiceR9 {
  const { db, audit, clock, learners, verification, findLearners, referenceData, learnerManagement } = deps;
  const learnerDetails = new LearnerDetailsService(
    db,
    new LearnerDetailsStore(),
    learners,
    findLearners,
    referenceData,
    learnerManagement,
    audit,
    clock,
  );
  const learningRecord = new LearningRecordService(
    new LearningRecordStore(db),
    new PlrAccessStore(db),
    learners,
    verification,
    learnerManagement,
    audit,
  );
  const organisations = new OrganisationDirectory(db, audit);
  return {
    learnerDetails,
    learningRecord,
    organisations,
    operations: [
      ...learnerDetailsR9Operations(learnerDetails, LEARNER_RECORD_ROLES),
      ...learningRecordR9Operations(learningRecord, LEARNER_RECORD_ROLES),
      organisationR9Operation(organisations, ORGANISATION_LOOKUP_ROLES),
    ],
  };
}
