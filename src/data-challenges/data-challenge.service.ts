import type { AchievementStore } from '../achievements/achievement.store';
import { parseAimReference } from '../achievements/qualification-reference';
import { isCalendarDate } from '../learners/dates';
import type { LearnerRegister } from '../learners/learner-register';
import { parseUln } from '../learners/uln';
import { type AuditTrail, auditEntryOf } from '../platform/audit/audit-trail';
import type { CallContext } from '../platform/call-context';
import type { Clock } from '../platform/clock';
import { isUniqueViolation } from '../platform/data-source';
import type { Database } from '../platform/database';
import { DomainError, unwrap } from '../platform/errors';
import type { OutgoingMail, Outbox } from '../platform/mail/outbox';
import { UserStore } from '../users/user.store';
import { challengeNotFound } from './data-challenge-links';
import { raisedMail, resolvedMail, resolverRecipient } from './data-challenge.notifications';
import {
  type Breach,
  canRead,
  canWork,
  checkDescription,
  checkRaiser,
  checkSetInProgress,
  checkTypeAndProblem,
  checkTriage,
  checkUpdate,
  type DataChallengeStatus,
  type EdcAssignment,
  initialStatus,
  type TriageDecision,
  type DataChallengeType,
  isOpen,
  isResolved,
  normaliseText,
  pagingOf,
  type ProblemType,
  visibilityOf,
} from './data-challenge.rules';
import type { DataChallengeDetail, DataChallengeStore, DataChallengeSummary } from './data-challenge.store';

export interface RaiseDataChallengeCommand {
  /** guide 6.1: the LRB names the challenged achievement (event) by ULN, aim reference and award date. */
  uln: string;
  aimReference: string;
  awardDate: string;
  type: DataChallengeType;
  problemType: ProblemType;
  description: string;
}

export interface ListDataChallengesQuery {
  status?: DataChallengeStatus;
  page?: number;
  pageSize?: number;
}

export interface DataChallengePage {
  items: DataChallengeSummary[];
  page: number;
  pageSize: number;
  total: number;
}

export interface UpdateDataChallengeCommand {
  id: number;
  status: DataChallengeStatus;
  comment?: string;
}

export interface DataChallengeSettings {
  /** guide 6.2.3: resolutions are reported to the LRS service desk. */
  serviceDeskEmail: string;
  /** guide 6.1: whether an operator triages each raised challenge before its AO is told (EDC_ASSIGNMENT). */
  assignment: EdcAssignment;
}

/** An operator's triage call: assign (to the achievement's AO unless another is named), reassign, or reject. */
export type TriageCommand =
  | { id: number; action: 'assign'; ukprn?: string; comment?: string }
  | { id: number; action: 'reassign'; ukprn: string; comment?: string }
  | { id: number; action: 'reject'; reason: string };

/** A version conflict: another request changed the challenge between our read and our write. */
class ChangedMeanwhile extends Error {}

const MAX_ATTEMPTS = 5;

/**
 * The event data challenge use cases of guide section 6. Each change commits in one transaction
 * with its history entry, its audit entry and the mail it causes (through the outbox), so a
 * change is never made without its notification, nor a notification sent for a change undone.
 */
export class DataChallengeService {
  private readonly users: UserStore;

  constructor(
    private readonly db: Database,
    private readonly store: DataChallengeStore,
    private readonly achievements: AchievementStore,
    private readonly learners: LearnerRegister,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    private readonly settings: DataChallengeSettings,
  ) {
    this.users = new UserStore(db);
  }

  /** guide 6.1: an LRB challenges an achievement on a learner's PLR; it is assigned to the achievement's AO. */
  async raise(command: RaiseDataChallengeCommand, context: CallContext): Promise<DataChallengeDetail> {
    raise(checkTypeAndProblem(command.type, command.problemType));
    raise(checkRaiser(context.principal.organisationKind, command.type));
    raise(checkDescription(command.description));
    const uln = unwrap(parseUln(command.uln));
    const aimReference = unwrap(parseAimReference(command.aimReference));
    if (!isCalendarDate(command.awardDate)) throw new DomainError('AWARD_DATE_INVALID');
    // A linked ULN finds the achievement kept under its master, as AchievementService does.
    const { ulns } = await this.learners.ulnsOfLearner(uln);
    const achievement = await this.achievements.findByKey(ulns, aimReference, command.awardDate);
    if (!achievement) throw new DomainError('DATA_CHALLENGE_ACHIEVEMENT_NOT_FOUND');
    if (achievement.status === 'WITHDRAWN') {
      throw new DomainError('ACHIEVEMENT_WITHDRAWN', "The achievement is withdrawn: it is no longer on the learner's record");
    }
    await this.refuseSecondOpen(achievement.id);
    try {
      const id = await this.db.transaction(async () => {
        const status = initialStatus(this.settings.assignment, context.principal.organisationKind);
        const id = await this.store.insert({
          achievementId: achievement.id,
          status,
          type: command.type,
          problemType: command.problemType,
          description: normaliseText(command.description) as string,
          raisedByOrganisationId: context.principal.organisationId,
          raisedByUserId: context.principal.userId,
          raisedByUsername: context.principal.username,
          assignedOrganisationId: achievement.awardingOrganisationId,
          raisedAt: this.clock.now(),
        });
        await this.audit.record(auditEntryOf(context, 'RaiseDataChallenge', challengeSubject(id)));
        // guide 6.1: the AO's resolver is told once the challenge is assigned to it, now or at triage.
        if (status === 'NEW') await this.tellResolver(id);
        return id;
      });
      return this.required(id);
    } catch (error) {
      // Two LRBs raced to challenge the same achievement: the database kept the first.
      if (isUniqueViolation(error)) await this.refuseSecondOpen(achievement.id);
      throw error;
    }
  }

  /** guide 6.3: the challenges of the caller's organisation with one status (NEW unless asked), a page at a time. */
  async list(query: ListDataChallengesQuery, context: CallContext): Promise<DataChallengePage> {
    const status = query.status ?? 'NEW';
    const paging = pagingOf(query.page, query.pageSize);
    const { items, total } = await this.store.list(visibilityOf(context.principal), status, paging);
    this.audit.recordSoon(auditEntryOf(context, 'ListDataChallenges', status));
    return { items, page: paging.page, pageSize: paging.pageSize, total };
  }

  /** guide 6.3: the full detail "including the user who originally raised it"; the raising organisation sees the outcome. */
  async get(id: number, context: CallContext): Promise<DataChallengeDetail> {
    const challenge = await this.store.findById(id);
    // Another organisation's challenge is as invisible as a missing one.
    if (!challenge || !canRead(challenge, context.principal)) throw challengeNotFound(id);
    this.audit.recordSoon(auditEntryOf(context, 'GetDataChallenge', challengeSubject(id)));
    return challenge;
  }

  /**
   * guide 6.3: tick several challenges and set them in progress. All or nothing: when one id is
   * not the caller's or is resolved, nothing changes. Ones already in progress are left as they are.
   */
  async setInProgress(ids: number[], context: CallContext): Promise<DataChallengeSummary[]> {
    const unique = [...new Set(ids)];
    await this.withRetry(() => this.setInProgressOnce(unique, context));
    return Promise.all(unique.map((id) => this.required(id)));
  }

  /** guide 6.4: a status change with a comment, mandatory when resolving; a resolution tells the service desk. */
  async update(command: UpdateDataChallengeCommand, context: CallContext): Promise<DataChallengeDetail> {
    const comment = normaliseText(command.comment);
    await this.withRetry(async () => {
      const held = await this.workable(command.id, context);
      raise(checkUpdate(held.status, command.status, comment));
      const now = this.clock.now();
      if (!(await this.store.setStatusIfUnchanged(held, command.status, now))) throw new ChangedMeanwhile();
      await this.store.addComment(historyEntry(held.id, comment ?? '', command.status, context, now));
      await this.audit.record(auditEntryOf(context, 'UpdateDataChallenge', challengeSubject(held.id), command.status));
      if (isResolved(command.status)) {
        const resolved = await this.required(held.id);
        await this.enqueue(resolvedMail(resolved, comment ?? '', context.principal.username, this.settings.serviceDeskEmail));
      }
    });
    return this.required(command.id);
  }

  /** guide 6.1: the challenges awaiting the operators' triage, oldest first, a page at a time. */
  async awaitingTriage(query: { page?: number; pageSize?: number }) {
    const paging = pagingOf(query.page, query.pageSize);
    const { items, total } = await this.store.awaitingTriage(paging);
    return { items, page: paging.page, pageSize: paging.pageSize, total };
  }

  /**
   * guide 6.1: an operator assigns a raised challenge to an AO (whose resolver is told only then),
   * reassigns it to another AO, or rejects it as invalid with a reason the raiser reads in its history.
   */
  async triage(command: TriageCommand, context: CallContext): Promise<DataChallengeDetail> {
    await this.withRetry(async () => {
      const held = await this.store.findById(command.id);
      if (!held) throw challengeNotFound(command.id);
      const decision = await this.decisionOf(command, held);
      const outcome = checkTriage(held, decision);
      if ('code' in outcome) raise(outcome);
      const { status } = outcome as { status: DataChallengeStatus };
      const assignedTo = decision.action === 'reject' ? held.assignedOrganisationId : decision.assignee.id;
      const now = this.clock.now();
      if (!(await this.store.setStatusIfUnchanged(held, status, now, assignedTo))) throw new ChangedMeanwhile();
      const text = normaliseText(decision.action === 'reject' ? decision.reason : decision.comment) ?? '';
      await this.store.addComment(historyEntry(held.id, text, status, context, now));
      const operation = `${command.action[0].toUpperCase()}${command.action.slice(1)}DataChallenge`;
      await this.audit.record(auditEntryOf(context, operation, challengeSubject(held.id), status));
      if (decision.action !== 'reject') await this.tellResolver(held.id, decision.action === 'reassign');
    });
    return this.required(command.id);
  }

  private async decisionOf(command: TriageCommand, held: DataChallengeDetail): Promise<TriageDecision> {
    if (command.action === 'reject') return { action: 'reject', reason: command.reason };
    if (command.ukprn === undefined) return { ...command, assignee: { id: held.assignedOrganisationId, kind: 'AO' } };
    const assignee = await this.store.organisationByUkprn(command.ukprn);
    if (!assignee) throw new DomainError('ORGANISATION_NOT_FOUND');
    return { ...command, assignee };
  }

  /** The AO the challenge is now assigned to is told (guide 6.1), through the outbox, in the change's transaction. */
  private async tellResolver(id: number, reassigned = false): Promise<void> {
    const challenge = await this.required(id);
    const { edcResolverEmail, id: organisationId } = challenge.assignedTo;
    const superUser = edcResolverEmail ? null : await this.users.mostRecentlyActiveSuperUserEmail(organisationId);
    const recipient = resolverRecipient(edcResolverEmail, superUser, this.settings.serviceDeskEmail);
    await this.enqueue(raisedMail(challenge, recipient, reassigned));
  }

  /** A mail queued with the change in progress, in its transaction. */
  private enqueue(mail: OutgoingMail): Promise<void> {
    return this.outbox.enqueue(mail);
  }

  private async setInProgressOnce(ids: number[], context: CallContext): Promise<void> {
    const held: DataChallengeDetail[] = [];
    for (const id of ids) {
      const challenge = await this.workable(id, context);
      raise(checkSetInProgress(challenge.status, id));
      held.push(challenge);
    }
    const now = this.clock.now();
    for (const challenge of held.filter((c) => c.status === 'NEW')) {
      if (!(await this.store.setStatusIfUnchanged(challenge, 'IN_PROGRESS', now))) throw new ChangedMeanwhile();
      await this.store.addComment(historyEntry(challenge.id, '', 'IN_PROGRESS', context, now));
      await this.audit.record(
        auditEntryOf(context, 'SetDataChallengesInProgress', challengeSubject(challenge.id), 'IN_PROGRESS'),
      );
    }
  }

  /** A challenge the caller's organisation works (guide 6.3: the AO it is assigned to). */
  private async workable(id: number, context: CallContext): Promise<DataChallengeDetail> {
    const challenge = await this.store.findById(id);
    if (!challenge || !canWork(challenge, context.principal)) throw challengeNotFound(id);
    return challenge;
  }

  private async withRetry(work: () => Promise<void>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.db.transaction(work);
        return;
      } catch (error) {
        if (!(error instanceof ChangedMeanwhile)) throw error;
        if (attempt >= MAX_ATTEMPTS) throw new DomainError('CONCURRENT_UPDATE');
      }
    }
  }

  private async refuseSecondOpen(achievementId: number): Promise<void> {
    const open = await this.store.openOnAchievement(achievementId);
    if (open !== undefined) {
      throw new DomainError('DATA_CHALLENGE_OPEN_EXISTS', `The achievement is already under data challenge ${open}, still open`);
    }
  }

  private async required(id: number): Promise<DataChallengeDetail> {
    const challenge = await this.store.findById(id);
    if (!challenge) throw new DomainError('INTERNAL_ERROR');
    return challenge;
  }
}

function raise(breach: Breach | undefined): void {
  if (breach) throw new DomainError(breach.code, breach.detail);
}

function historyEntry(id: number, text: string, status: DataChallengeStatus, context: CallContext, at: Date) {
  return {
    dataChallengeId: id,
    text,
    statusSet: status,
    organisationId: context.principal.organisationId,
    userId: context.principal.userId,
    username: context.principal.username,
    occurredAt: at,
  };
}

/** The subject is the challenge, never the learner: no demographics in the audit trail. */
function challengeSubject(id: number): string {
  return `edc/${id}`;
}
