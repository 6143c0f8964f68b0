import type { ErrorCode } from '../platform/error-codes';
import type { Role } from '../platform/auth/roles';

/**
 * The event data challenge rules of guide section 6, as pure functions over plain values.
 * Each check answers undefined when the rule holds, or the stable code and an explanation.
 */
export interface Breach {
  code: ErrorCode;
  detail: string;
}

const breach = (code: ErrorCode, detail: string): Breach => ({ code, detail });

export const DATA_CHALLENGE_STATUSES = [
  'AWAITING_TRIAGE',
  'NEW',
  'IN_PROGRESS',
  'RESOLVED_UPHELD',
  'RESOLVED_REJECTED',
  'REJECTED_INVALID',
] as const;
export type DataChallengeStatus = (typeof DATA_CHALLENGE_STATUSES)[number];

/**
 * guide 6.1: "The LRS assess the validity of each EDC raised. Valid EDCs are assigned to the
 * appropriate awarding organisation". Until an operator has assigned it the AO neither sees nor
 * works it; one rejected as invalid never reaches the AO. docs/decisions/0061-edc-triage.md
 */
export const UNASSIGNED_STATUSES: readonly DataChallengeStatus[] = ['AWAITING_TRIAGE', 'REJECTED_INVALID'];

/** `triage`: an operator assigns each raised challenge; `automatic`: it goes straight to the achievement's AO. */
export const EDC_ASSIGNMENTS = ['triage', 'automatic'] as const;
export type EdcAssignment = (typeof EDC_ASSIGNMENTS)[number];

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
  return status === 'AWAITING_TRIAGE' || status === 'NEW' || status === 'IN_PROGRESS';
}

/** Whether the challenge has reached the AO it names (see UNASSIGNED_STATUSES). */
export function isAssigned(status: DataChallengeStatus): boolean {
  return !UNASSIGNED_STATUSES.includes(status);
}

/** The status a raised challenge starts in: the LRS support team's own go straight to the AO. */
export function initialStatus(assignment: EdcAssignment, raiserKind: string): DataChallengeStatus {
  return assignment === 'automatic' || raiserKind === 'OPERATOR' ? 'NEW' : 'AWAITING_TRIAGE';
}

/** An operator's triage decision (guide 6.1): assign to an AO, reassign to another, or reject as invalid. */
export type TriageDecision =
  | { action: 'assign' | 'reassign'; assignee: { id: number; kind: string }; comment?: string }
  | { action: 'reject'; reason?: string };

const STATUS_AFTER_TRIAGE: Record<TriageDecision['action'], DataChallengeStatus> = {
  assign: 'NEW',
  reassign: 'NEW',
  reject: 'REJECTED_INVALID',
};

/**
 * The triage transitions: AWAITING_TRIAGE -> NEW (assign, to any AO) or REJECTED_INVALID (reject,
 * with the reason the raiser reads); NEW or IN_PROGRESS -> NEW (reassign, to another AO, which starts
 * afresh). Answers the status the challenge moves to, or the rule it breaks.
 */
export function checkTriage(
  challenge: { status: DataChallengeStatus; assignedOrganisationId: number },
  decision: TriageDecision,
): { status: DataChallengeStatus } | Breach {
  const { status } = challenge;
  if (isResolved(status))
    return breach('DATA_CHALLENGE_CLOSED', `The data challenge is already ${status} and can no longer change`);
  const awaiting = status === 'AWAITING_TRIAGE';
  if (decision.action === 'reassign' && awaiting) {
    return breach('DATA_CHALLENGE_TRANSITION_INVALID', 'The data challenge awaits triage: assign it, or reject it');
  }
  if (decision.action !== 'reassign' && !awaiting) {
    return breach('DATA_CHALLENGE_TRANSITION_INVALID', `The data challenge is already assigned (${status}): reassign it instead`);
  }
  const text = normaliseText(decision.action === 'reject' ? decision.reason : decision.comment);
  if (decision.action === 'reject' && text === undefined) {
    return breach('DATA_CHALLENGE_COMMENT_REQUIRED', 'Say why the challenge is invalid: the raiser reads the reason');
  }
  if (decision.action !== 'reject') {
    if (decision.assignee.kind !== 'AO') {
      return breach('DATA_CHALLENGE_ASSIGNEE_INVALID', 'Data challenges are assigned to awarding organisations');
    }
    if (decision.action === 'reassign' && decision.assignee.id === challenge.assignedOrganisationId) {
      return breach('DATA_CHALLENGE_ASSIGNEE_INVALID', 'The data challenge is already assigned to that organisation');
    }
  }
  const long = text === undefined ? undefined : checkLength(text, decision.action === 'reject' ? 'reason' : 'comment');
  return long ?? { status: STATUS_AFTER_TRIAGE[decision.action] };
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
  if (from === 'AWAITING_TRIAGE') {
    return breach('DATA_CHALLENGE_TRANSITION_INVALID', 'The data challenge awaits triage by the LRS and is not yet assigned');
  }
  if (!isAssigned(to)) return breach('DATA_CHALLENGE_TRANSITION_INVALID', `${to} is set by the LRS when it triages a challenge`);
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
  if (!isAssigned(from)) return breach('DATA_CHALLENGE_TRANSITION_INVALID', `Data challenge ${id} awaits triage by the LRS`);
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

export function canRead(
  challenge: { assignedOrganisationId: number; raisedByOrganisationId: number; status: DataChallengeStatus },
  reader: Reader,
): boolean {
  const visibility = visibilityOf(reader);
  const assignedToReader = isAssigned(challenge.status) && visibility.assignedTo === challenge.assignedOrganisationId;
  return assignedToReader || visibility.raisedBy === challenge.raisedByOrganisationId;
}

export function canWork(challenge: { assignedOrganisationId: number; status: DataChallengeStatus }, reader: Reader): boolean {
  return worksChallenges(reader) && isAssigned(challenge.status) && challenge.assignedOrganisationId === reader.organisationId;
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
