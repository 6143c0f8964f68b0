import { checkPostcode, type LearnerDataLists } from '../learners/learner-data.rules';
import type { SynonymIndex } from '../learners/synonyms';
import { parseUln } from '../learners/uln';
import { type Gender, type HeldLearner, verifyLearner } from '../learners/verification.rules';
import { DomainError, unwrap } from '../platform/errors';
import {
  type AchievementAction,
  type AchievementStatus,
  type Breach,
  canonicalGrade,
  checkActionDate,
  checkActionReason,
  checkAvailability,
  checkAwardDate,
  checkGrade,
  checkLanguage,
  checkNamesAtCreation,
  checkProviderUkprn,
  checkReinstateGrade,
  checkSomethingChanges,
  checkTransition,
  nextStatus,
} from './achievement.rules';
import { parseAimReference } from './qualification-reference';
import type { QualificationForAward } from './qualification-register';

/**
 * The achievement use cases as decisions over facts already read: no I/O. The single SOAP
 * calls and the batch chunks read the facts their own way (one row, or a whole chunk at once)
 * and both decide here, so a batch row is never a second implementation of the rules.
 */

export interface LearnerIdentity {
  uln: string;
  givenName: string;
  familyName: string;
  dateOfBirth?: string;
  gender?: Gender;
  postcode?: string;
}

export interface CreateAchievementCommand {
  learner: LearnerIdentity;
  aimReference: string;
  awardDate: string;
  grade?: string;
  languageForAssessment?: string;
  providerUkprn?: string;
  /** The data challenge this action answers (guide 6.2.2: re-created under the right ULN). */
  dataChallengeId?: number;
}

/** guide 5.1: ULN, aim reference and award date identify an achievement; the creation names go with them. */
export interface AchievementKey {
  uln: string;
  givenName: string;
  familyName: string;
  aimReference: string;
  awardDate: string;
}

export interface AchievementChanges {
  grade?: string;
  languageForAssessment?: string;
  providerUkprn?: string;
}

export interface FollowUpCommand {
  key: AchievementKey;
  actionDate: string;
  actionReason?: string;
  changes?: AchievementChanges;
  /** A batch row may carry the grade with a reinstatement; it must be the grade held. */
  grade?: string;
  /** The data challenge this action answers (guide 6.2.1-6.2.3). */
  dataChallengeId?: number;
}

export type FollowUpAction = Exclude<AchievementAction, 'CREATE'>;

/** What the decisions read of a held achievement. */
export interface HeldAchievement {
  id: number;
  version: number;
  uln: string;
  awardDate: string;
  grade: string | null;
  languageForAssessment: string | null;
  providerUkprn: string | null;
  status: AchievementStatus;
  awardingOrganisationId: number;
  givenNameAtCreation: string;
  familyNameAtCreation: string;
}

/** What the Learner Register holds for a ULN (see LearnerRegister.findForVerification). */
export interface FoundLearner {
  held?: HeldLearner;
  master?: HeldLearner;
}

/** Who acts, on which day, under which policy. */
export interface Acting {
  organisationId: number;
  today: string;
  /** Accept a possible match (WSVRC003/004) as verified; by default only exact matches are. */
  acceptPossibleMatch: boolean;
}

export type AchievementSet = Partial<{
  grade: string;
  languageForAssessment: string;
  providerUkprn: string;
  status: AchievementStatus;
}>;

/** A new achievement's values, decided. */
export interface NewAchievement {
  uln: string;
  submittedUln: string;
  aimReference: string;
  awardDate: string;
  qualificationId: number;
  awardingOrganisationId: number;
  grade: string | null;
  languageForAssessment: string | null;
  providerUkprn: string | null;
  status: 'ACTIVE';
  givenNameAtCreation: string;
  familyNameAtCreation: string;
}

/** A follow-up action, decided: what changes on the held record and what its event says. */
export interface FollowUpDecision {
  set: AchievementSet;
  changes: Record<string, [unknown, unknown]>;
  statusAfter: AchievementStatus;
}

export function raise(breach: Breach | { code: Breach['code']; detail: string } | undefined): void {
  if (breach) throw new DomainError(breach.code, breach.detail);
}

/** The ULN and aim reference a command names, checked (the keys its facts are read by). */
export function parseKey(command: { uln: string; aimReference: string }): { uln: string; aimReference: string } {
  return { uln: unwrap(parseUln(command.uln)), aimReference: unwrap(parseAimReference(command.aimReference)) };
}

/** The checks a follow-up passes before anything is read: its action date, then its key. */
export function followUpKey(command: FollowUpCommand, acting: Acting): { uln: string; aimReference: string } {
  raise(checkActionDate(command.actionDate, acting.today));
  return parseKey(command.key);
}

/** guide 5.1: the learner details must verify against the register; the master ULN is returned. */
export function verifiedMaster(
  learner: LearnerIdentity,
  found: FoundLearner,
  synonyms: SynonymIndex,
  acceptPossibleMatch: boolean,
): string {
  const outcome = verifyLearner(learner, found.held, found.master, synonyms);
  const accepted = acceptPossibleMatch ? ['WSVRC001', 'WSVRC002', 'WSVRC003', 'WSVRC004'] : ['WSVRC001', 'WSVRC002'];
  if (!accepted.includes(outcome.responseCode)) {
    const flags = outcome.failureFlags.length > 0 ? ` (${outcome.failureFlags.join(' ')})` : '';
    throw new DomainError('LEARNER_NOT_VERIFIED', `The learner details give ${outcome.responseCode}${flags} for this ULN`);
  }
  return found.master?.uln ?? learner.uln;
}

/** The unit or qualification of an aim reference; for a creation, it must be the caller's or shared with it. */
export function qualificationOf(
  qualification: QualificationForAward | undefined,
  organisationId: number,
  checkOwner: boolean,
): QualificationForAward {
  if (!qualification) throw new DomainError('QUALIFICATION_UNKNOWN');
  if (checkOwner) raise(checkAvailability(qualification, organisationId));
  return qualification;
}

/**
 * A creation whose key is new (`existing`, the achievement held under any of the learner's
 * ULNs with this aim and award date, must be absent). Checks run in the order the single call
 * reports them: the ULN and reference, the postcode, the learner, the qualification, the award,
 * and the key.
 */
export function decideCreate(
  command: CreateAchievementCommand,
  facts: {
    lists: LearnerDataLists;
    found: FoundLearner;
    synonyms: SynonymIndex;
    qualification: QualificationForAward | undefined;
    existing: HeldAchievement | undefined;
  },
  acting: Acting,
): NewAchievement {
  const { uln, aimReference } = parseKey({ uln: command.learner.uln, aimReference: command.aimReference });
  if (command.learner.postcode !== undefined) raise(checkPostcode(command.learner.postcode, facts.lists).problem);
  const master = verifiedMaster({ ...command.learner, uln }, facts.found, facts.synonyms, acting.acceptPossibleMatch);
  const qualification = qualificationOf(facts.qualification, acting.organisationId, true);
  raise(checkAwardDate(command.awardDate, qualification, acting.today));
  raise(checkGrade(command.grade, qualification.grades));
  raise(checkLanguage(command.languageForAssessment));
  raise(checkProviderUkprn(command.providerUkprn));
  if (facts.existing) throw new DomainError('ACHIEVEMENT_EXISTS');
  return {
    uln: master,
    submittedUln: uln,
    aimReference,
    awardDate: command.awardDate,
    qualificationId: qualification.id,
    awardingOrganisationId: acting.organisationId,
    grade: command.grade === undefined ? null : (canonicalGrade(command.grade, qualification.grades) ?? null),
    languageForAssessment: command.languageForAssessment ?? null,
    providerUkprn: command.providerUkprn ?? null,
    status: 'ACTIVE',
    givenNameAtCreation: command.learner.givenName.trim(),
    familyNameAtCreation: command.learner.familyName.trim(),
  };
}

/** The caller's own achievement with this key; another organisation's is as invisible as a missing one. */
export function ownedAchievement<T extends HeldAchievement>(key: AchievementKey, held: T | undefined, organisationId: number): T {
  if (!held || held.awardingOrganisationId !== organisationId) throw new DomainError('ACHIEVEMENT_NOT_FOUND');
  raise(checkNamesAtCreation(key, { givenName: held.givenNameAtCreation, familyName: held.familyNameAtCreation }));
  return held;
}

/**
 * The first checks of a follow-up, which a single call makes before its transaction (a data
 * challenge it names is checked next, in the transaction): the action date, the key, the
 * caller's own record under the names used at its creation, the learner details as held now.
 */
export function checkFollowUpParties(
  command: FollowUpCommand,
  facts: { held: HeldAchievement | undefined; found: FoundLearner; synonyms: SynonymIndex },
  acting: Acting,
): HeldAchievement {
  const { uln } = followUpKey(command, acting);
  const held = ownedAchievement(command.key, facts.held, acting.organisationId);
  // guide 5.1: follow-up actions compare the learner details with those the LRS holds now.
  verifiedMaster({ ...command.key, uln }, facts.found, facts.synonyms, acting.acceptPossibleMatch);
  return held;
}

/**
 * An update, withdrawal or reinstatement of the caller's own achievement (guide 5.2): the
 * action date, the names used at creation, the learner details as the register holds them now,
 * the state machine, then what the action itself checks.
 */
export function decideFollowUp(
  action: FollowUpAction,
  command: FollowUpCommand,
  facts: {
    held: HeldAchievement | undefined;
    found: FoundLearner;
    synonyms: SynonymIndex;
    qualification: QualificationForAward | undefined;
  },
  acting: Acting,
): FollowUpDecision {
  const held = checkFollowUpParties(command, facts, acting);
  raise(checkTransition(held.status, action));
  const qualification = qualificationOf(facts.qualification, acting.organisationId, false);
  const set = withoutUndefined(changeOf(action, command, held, qualification));
  return { set, changes: changesOf(set, held), statusAfter: nextStatus(action, held.status) };
}

function changeOf(
  action: FollowUpAction,
  command: FollowUpCommand,
  held: HeldAchievement,
  qualification: QualificationForAward,
): AchievementSet {
  if (action === 'UPDATE') {
    const changes = command.changes ?? {};
    raise(checkGrade(changes.grade, qualification.grades));
    raise(checkLanguage(changes.languageForAssessment));
    raise(checkProviderUkprn(changes.providerUkprn));
    const grade = changes.grade === undefined ? undefined : canonicalGrade(changes.grade, qualification.grades);
    raise(checkSomethingChanges({ ...changes, grade }, held));
    return { grade, languageForAssessment: changes.languageForAssessment, providerUkprn: changes.providerUkprn };
  }
  raise(checkActionReason(command.actionReason));
  if (action === 'WITHDRAW') return { status: 'WITHDRAWN' };
  raise(checkReinstateGrade(command.grade, held.grade));
  return { status: 'ACTIVE' };
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function changesOf(set: AchievementSet, held: HeldAchievement): Record<string, [unknown, unknown]> {
  const changes: Record<string, [unknown, unknown]> = {};
  for (const [field, value] of Object.entries(set)) {
    if (field === 'status') continue;
    const before = held[field as keyof HeldAchievement];
    if (before !== value) changes[field] = [before, value];
  }
  return changes;
}

/** UPDATE -> Update, as the audited operation names have it (UpdateAchievement). */
export function capitalise(action: string): string {
  return action.charAt(0) + action.slice(1).toLowerCase();
}

/** The subject of an achievement's audit entries: its key. */
export function keyOf(uln: string, aimReference: string, awardDate: string): string {
  return [uln, aimReference, awardDate].filter((part) => part !== '').join('/');
}
