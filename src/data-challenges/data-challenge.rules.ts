import type { ErrorCode } from '../platform/error-codes';
import type { Role } from '../users/roles';

/**
 * The event data challenge rules of guide section 6, as pure functions over plain values.
 * Each check answers undefined when the rule holds, or the stable code and an explanation.
 */
export interface Breach {
  code: ErrorCode;
  detail: string;
}

const breach = (code: ErrorCode, detail: string): Breach => ({ code, detail });

export const DATA_CHALLENGE_STATUSES = ['NEW', 'IN_PROGRESS', 'RESOLVED_UPHELD', 'RESOLVED_REJECTED'] as const;
export type DataChallengeStatus = (typeof DATA_CHALLENGE_STATUSES)[number];

export const DATA_CHALLENGE_TYPES = [
  'INFORMATION_WRONG',
  'NOT_THIS_LEARNER',
  'DIFFERENT_LEARNER',
  'APPEARS_MORE_THAN_ONCE',
] as const;
export type DataChallengeType = (typeof DATA_CHALLENGE_TYPES)[number];

export const PROBLEM_TYPES = [
  'GRADE_WRONG',
  'DATE_WRONG',
  'ULN_PREVIOUSLY_SHARED',
  'DISPUTED',
  'ULN_SHARED_BY_TWO_LEARNERS',
  'UPLOADED_MORE_THAN_ONCE',
] as const;
export type ProblemType = (typeof PROBLEM_TYPES)[number];

/** guide 6.1 (the table of enquiry and identified problem types) and 6.2.3 (a ULN shared by two learners). */
export const PROBLEMS_OF_TYPE: Record<DataChallengeType, readonly ProblemType[]> = {
  INFORMATION_WRONG: ['GRADE_WRONG', 'DATE_WRONG'],
  NOT_THIS_LEARNER: ['ULN_PREVIOUSLY_SHARED', 'DISPUTED'],
  DIFFERENT_LEARNER: ['ULN_SHARED_BY_TWO_LEARNERS'],
  APPEARS_MORE_THAN_ONCE: ['UPLOADED_MORE_THAN_ONCE'],
};

/** guide 6.2.3: "The LRS support team will lead on the main investigation" of a ULN shared by two learners. */
export const RAISED_BY_SUPPORT_ONLY: readonly DataChallengeType[] = ['DIFFERENT_LEARNER'];

/**
 * The roles of guide Appendix A that act on achievements, and so may work an AO's EDCs (list, read,
 * set in progress, resolve). The super user role "will only give the user access to User Management",
 * and single-learner verification touches no achievement: neither works a challenge.
 */
export const CHALLENGE_WORKER_ROLES: readonly Role[] = ['QCF_USER', 'QCF_RECORD_SET_USER'];

/** Longest description or comment (the contract's ChallengeText). */
export const MAX_TEXT_LENGTH = 2000;

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

export function isOpen(status: DataChallengeStatus): boolean {
  return status === 'NEW' || status === 'IN_PROGRESS';
}

export function isResolved(status: DataChallengeStatus): boolean {
  return !isOpen(status);
}

export function checkTypeAndProblem(type: DataChallengeType, problemType: ProblemType): Breach | undefined {
  const allowed = PROBLEMS_OF_TYPE[type];
  if (allowed === undefined) return breach('DATA_CHALLENGE_TYPE_MISMATCH', `${type} is not a data challenge type`);
  if (allowed.includes(problemType)) return undefined;
  return breach(
    'DATA_CHALLENGE_TYPE_MISMATCH',
    `A ${type} challenge has the problem type ${allowed.join(' or ')}, not ${problemType}`,
  );
}

/** Who raises which challenge: LRBs the types of the guide 6.1 table; the LRS support team (operators) any. */
export function checkRaiser(organisationKind: string, type: DataChallengeType): Breach | undefined {
  if (organisationKind === 'OPERATOR') return undefined;
  if (organisationKind !== 'LRB') {
    return breach(
      'ORGANISATION_NOT_PERMITTED',
      'Data challenges are raised by learner registration bodies (schools and providers)',
    );
  }
  if (RAISED_BY_SUPPORT_ONLY.includes(type)) {
    return breach('DATA_CHALLENGE_TYPE_NOT_ALLOWED', `${type} challenges are raised by the LRS support team (guide 6.2.3)`);
  }
  return undefined;
}

/** The text of a description or comment: trimmed, or undefined when there is none. */
export function normaliseText(text: string | undefined): string | undefined {
  const trimmed = text?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

export function checkDescription(description: string | undefined): Breach | undefined {
  const text = normaliseText(description);
  if (text === undefined) return breach('DATA_CHALLENGE_TEXT_INVALID', 'Describe the problem: the description is empty');
  return checkLength(text, 'description');
}

function checkLength(text: string, what: string): Breach | undefined {
  if (text.length <= MAX_TEXT_LENGTH) return undefined;
  return breach('DATA_CHALLENGE_TEXT_INVALID', `The ${what} is longer than ${MAX_TEXT_LENGTH} characters`);
}

/**
 * The state machine (guide 6.3, 6.4): NEW -> IN_PROGRESS -> RESOLVED_UPHELD or RESOLVED_REJECTED.
 * IN_PROGRESS -> IN_PROGRESS adds a comment as the investigation goes on (guide 6.2.3: "comments
 * added as the investigation takes place"). Resolving needs a comment (guide 6.4: "the additional
 * comments box will become mandatory"). A resolved challenge never changes again.
 */
export function checkUpdate(from: DataChallengeStatus, to: DataChallengeStatus, comment: string | undefined): Breach | undefined {
  const text = normaliseText(comment);
  if (isResolved(from)) return breach('DATA_CHALLENGE_CLOSED', `The data challenge is already ${from} and can no longer change`);
  if (to === 'NEW') return breach('DATA_CHALLENGE_TRANSITION_INVALID', `A data challenge cannot go back from ${from} to NEW`);
  if (from === 'NEW' && isResolved(to)) {
    return breach('DATA_CHALLENGE_TRANSITION_INVALID', `Set the data challenge IN_PROGRESS before resolving it as ${to}`);
  }
  if (isResolved(to) && text === undefined) {
    return breach('DATA_CHALLENGE_COMMENT_REQUIRED', 'Say what was done, or why the challenge is rejected (guide 6.4)');
  }
  if (from === to && text === undefined) {
    return breach('DATA_CHALLENGE_COMMENT_REQUIRED', `The data challenge is already ${from}: send a comment to add to it`);
  }
  return text === undefined ? undefined : checkLength(text, 'comment');
}

/**
 * guide 6.3's tick boxes: NEW ones move to IN_PROGRESS, ones already IN_PROGRESS stay as they are
 * (so a retried request succeeds), and a resolved one refuses the whole request.
 */
export function checkSetInProgress(from: DataChallengeStatus, id: number): Breach | undefined {
  if (isResolved(from)) return breach('DATA_CHALLENGE_CLOSED', `Data challenge ${id} is already ${from}; nothing was changed`);
  return undefined;
}

/** Who may read a challenge: its assigned AO's users, and the organisation that raised it (to see the outcome). */
export interface Reader {
  organisationId: number;
  organisationKind: string;
  roles: readonly string[];
}

export interface Visibility {
  /** Challenges assigned to this organisation. */
  assignedTo?: number;
  /** Challenges raised by this organisation. */
  raisedBy?: number;
}

export function visibilityOf(reader: Reader): Visibility {
  const visibility: Visibility = {};
  if (worksChallenges(reader)) visibility.assignedTo = reader.organisationId;
  if (reader.roles.includes('LRB_USER') || reader.roles.includes('OPERATOR')) visibility.raisedBy = reader.organisationId;
  return visibility;
}

/** guide 6.3: an awarding organisation's achievement users work the challenges assigned to it. */
export function worksChallenges(reader: Reader): boolean {
  return reader.organisationKind === 'AO' && CHALLENGE_WORKER_ROLES.some((role) => reader.roles.includes(role));
}

export function canRead(challenge: { assignedOrganisationId: number; raisedByOrganisationId: number }, reader: Reader): boolean {
  const visibility = visibilityOf(reader);
  return visibility.assignedTo === challenge.assignedOrganisationId || visibility.raisedBy === challenge.raisedByOrganisationId;
}

export function canWork(challenge: { assignedOrganisationId: number }, reader: Reader): boolean {
  return worksChallenges(reader) && challenge.assignedOrganisationId === reader.organisationId;
}

export interface Paging {
  page: number;
  pageSize: number;
  offset: number;
}

export function pagingOf(page: number | undefined, pageSize: number | undefined): Paging {
  const p = page === undefined || !Number.isSafeInteger(page) || page < 1 ? 1 : page;
  const size =
    pageSize === undefined || !Number.isSafeInteger(pageSize) || pageSize < 1
      ? DEFAULT_PAGE_SIZE
      : Math.min(pageSize, MAX_PAGE_SIZE);
  return { page: p, pageSize: size, offset: (p - 1) * size };
}

/**
 * Who names an AO's EDC resolver address (guide 6.1, "the nominated EDC resolver"): the AO's own
 * super user, or an operator. Anyone else is told the organisation does not exist.
 */
export function mayNominateResolver(reader: Reader, organisation: { id: number; kind: string }): boolean {
  if (organisation.kind !== 'AO') return false;
  if (reader.roles.includes('OPERATOR')) return true;
  return reader.roles.includes('LRB_SUPER_USER') && reader.organisationId === organisation.id;
}
