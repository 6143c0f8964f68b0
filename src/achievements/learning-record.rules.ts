import { sharesRecord } from '../learners/learner-data.rules';
import { isVerified, type VerificationOutcome } from '../learners/verification.rules';
import { fail, ok, type Result } from '../platform/errors';
import { displayReference } from './qualification-reference';

/**
 * A learner's Personal Learning Record as GetLearnerLearningEvents and ViewAudit give it: who may
 * read it, and the learning events it shows. Pure decisions over values already read.
 * docs/decisions/0081-reading-a-learners-record-and-its-audit.md
 */

export type PlrResponseCode = 'WSRC0004' | 'WSRC0022' | 'WSEC0206' | 'WSEC0208';

export interface PlrAccess {
  responseCode: PlrResponseCode;
  /** The ULN the record is held under (the master's for a linked ULN); empty when the learner did not verify. */
  foundUln: string;
  /** The record may be shown. */
  readable: boolean;
}

/**
 * The details must verify against the Learner Register (an exact or possible match, directly or
 * through a linked ULN: WSEC0208 otherwise), then the learner must have agreed to share (WSEC0206).
 * A linked ULN answers WSRC0022 with the master's ULN found; otherwise WSRC0004.
 */
export function decidePlrAccess(
  incomingUln: string,
  outcome: VerificationOutcome,
  abilityToShare: number | undefined,
): PlrAccess {
  if (!isVerified(outcome.responseCode) || !outcome.learner) return { responseCode: 'WSEC0208', foundUln: '', readable: false };
  const foundUln = outcome.learner.uln;
  if (!sharesRecord(abilityToShare)) return { responseCode: 'WSEC0206', foundUln, readable: false };
  return { responseCode: foundUln === incomingUln ? 'WSRC0004' : 'WSRC0022', foundUln, readable: true };
}

/** FULL, the only kind of answer the gateway gives; absent means FULL. */
export function parseGetType(raw: string | undefined): Result<'FULL'> {
  if (raw === undefined || raw.toUpperCase() === 'FULL') return ok('FULL');
  return fail('PARAMETER_INVALID', 'getType is FULL');
}

/** An active achievement as the store reads it for the record. */
export interface RecordedAchievement {
  id: number;
  aimReference: string;
  kind: string;
  title: string;
  qualificationType: string | null;
  level: string | null;
  creditValue: number | null;
  awardDate: string;
  grade: string | null;
  languageForAssessment: string | null;
  providerUkprn: string | null;
  /** The provider's name when it is an organisation registered here. */
  providerName: string | null;
  awardingOrganisationUkprn: string;
  awardingOrganisationName: string;
  loadedAt: Date;
  underDataChallenge: boolean;
}

/** One event of the record, with the values the gateway writes for it. */
export interface LearningEvent {
  id: number;
  achievementAwardDate: string;
  achievementProviderName: string | null;
  achievementProviderUkprn: string | null;
  awardingOrganisationName: string;
  awardingOrganisationUkprn: string;
  credits: number;
  dateLoaded: Date;
  grade: string | null;
  languageForAssessment: string | null;
  level: string | null;
  qualificationType: string | null;
  /** QCFU for a unit (the real service's code for an awarding organisation's unit); AO for a qualification. */
  source: 'QCFU' | 'AO';
  /** F: final (provisional achievements are not modelled). */
  status: 'F';
  subject: string;
  /** The reference as people write it: K/501/5773, 601/2977/3. */
  subjectCode: string;
  underDataChallenge: 'Y' | 'N';
}

export function toLearningEvent(a: RecordedAchievement): LearningEvent {
  return {
    id: a.id,
    achievementAwardDate: a.awardDate,
    achievementProviderName: a.providerUkprn === null ? null : a.providerName,
    achievementProviderUkprn: a.providerUkprn,
    awardingOrganisationName: a.awardingOrganisationName,
    awardingOrganisationUkprn: a.awardingOrganisationUkprn,
    credits: a.creditValue ?? 0,
    dateLoaded: a.loadedAt,
    grade: a.grade,
    languageForAssessment: a.languageForAssessment,
    level: a.level,
    qualificationType: a.qualificationType,
    source: a.kind === 'UNIT' ? 'QCFU' : 'AO',
    status: 'F',
    subject: a.title,
    subjectCode: displayReference(a.aimReference),
    underDataChallenge: a.underDataChallenge ? 'Y' : 'N',
  };
}
