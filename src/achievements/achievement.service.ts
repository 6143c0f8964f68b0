import type { LearnerRegister } from '../learners/learner-register';
import type { ReferenceData } from '../learners/reference-data';
import { parseUln } from '../learners/uln';
import { type AuditTrail, auditEntryOf } from '../platform/audit/audit-trail';
import type { CallContext } from '../platform/call-context';
import { sharesRecord } from '../learners/learner-data.rules';
import { type Clock, todayOf } from '../platform/clock';
import { isUniqueViolation } from '../platform/data-source';
import type { Database } from '../platform/database';
import { DomainError, unwrap } from '../platform/errors';
import {
  type AchievementKey,
  type Acting,
  type CreateAchievementCommand,
  capitalise,
  checkFollowUpParties,
  decideCreate,
  decideFollowUp,
  type FollowUpAction,
  type FollowUpCommand,
  followUpKey,
  keyOf,
  type LearnerIdentity,
  ownedAchievement,
  parseKey,
  verifiedMaster,
} from './achievement.decisions';
import { type AchievementRowCommand, applyAchievementChunk } from './achievement-chunk';
import type { AchievementAction } from './achievement.rules';
import type { AchievementStore, AchievementView } from './achievement.store';
import { parseAimReference } from './qualification-reference';
import type { QualificationForAward } from './qualification-register';
import type { QualificationStore } from './qualification.store';

export type {
  AchievementChanges,
  AchievementKey,
  CreateAchievementCommand,
  FollowUpCommand,
  LearnerIdentity,
} from './achievement.decisions';

/**
 * The data challenges an action may answer (implemented in data-challenges/): the caller's own,
 * still open. Checked in the action's transaction, so the link and the action commit together.
 */
export interface DataChallengeLinks {
  assertLinkable(dataChallengeId: number, context: CallContext): Promise<void>;
}

export interface CreditCheck {
  uln: string;
  qualification?: QualificationForAward;
  units: AchievementView[];
  totalCredits: number;
}

export interface AchievementPolicy {
  /** Accept a possible match (WSVRC003/004) as verified; by default only exact matches are. */
  acceptPossibleMatch: boolean;
}

/** A version conflict: another request changed the record between our read and our write. */
class ChangedMeanwhile extends Error {}

const MAX_ATTEMPTS = 5;

/**
 * The achievement use cases of guide section 5, shared by the AO gateway, the LRS-compatible
 * ExternalService and achievement batches. Each change commits in one transaction with its
 * history event and its audit entry.
 */
export class AchievementService {
  constructor(
    private readonly db: Database,
    private readonly store: AchievementStore,
    private readonly learners: LearnerRegister,
    private readonly qualifications: QualificationStore,
    private readonly referenceData: ReferenceData,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    private readonly policy: AchievementPolicy,
    private readonly challenges?: DataChallengeLinks,
  ) {}

  /** In a transaction of its own, or in the caller's (a batch chunk's row) when one is open. */
  async create(command: CreateAchievementCommand, context: CallContext): Promise<AchievementView> {
    const { uln, aimReference } = parseKey({ uln: command.learner.uln, aimReference: command.aimReference });
    const acting = this.acting(context);
    const countersRead = context.principal.countersRead;
    const [lists, found, synonyms, qualification] = await Promise.all([
      this.referenceData.learnerDataLists(countersRead),
      this.learners.findForVerification(uln, countersRead),
      this.referenceData.synonyms(countersRead),
      this.qualifications.findByReference(aimReference),
    ]);
    const facts = { lists, found, synonyms, qualification };
    // Decided before the transaction, so a refused call opens none; again inside it with the key's holder.
    const master = decideCreate(command, { ...facts, existing: undefined }, acting).uln;
    const ulns = await this.learners.ulnsUnder(master, uln);
    try {
      const id = await this.db.transaction(async () => {
        await this.checkChallengeLink(command.dataChallengeId, context);
        const existing = await this.store.findByKey(ulns, aimReference, command.awardDate);
        const values = decideCreate(command, { ...facts, existing }, acting);
        const id = await this.store.insert(values);
        const details = { actionDate: acting.today, dataChallengeId: command.dataChallengeId };
        await this.recordEvent(id, 'CREATE', details, 'ACTIVE', context);
        await this.audit.record(auditEntryOf(context, 'CreateAchievement', keyOf(values.uln, aimReference, command.awardDate)));
        return id;
      });
      return this.viewOrFail(ulns, aimReference, command.awardDate, id);
    } catch (error) {
      // Two requests raced for the same key: the database kept one (guide 5.1: the key is unique).
      if (isUniqueViolation(error)) throw new DomainError('ACHIEVEMENT_EXISTS');
      throw error;
    }
  }

  /**
   * Many actions (a batch chunk) in the caller's transaction (one of their own when none is
   * open), decided as the single calls decide them; each row's refusal in its place. Throws
   * ConcurrentChange when another request changed a record or created a key meanwhile: the
   * caller rolls back and tries again.
   */
  async applyChunk(rows: AchievementRowCommand[], context: CallContext): Promise<(DomainError | undefined)[]> {
    const { db, store, learners, qualifications, referenceData, audit, clock } = this;
    const deps = { db, store, learners, qualifications, referenceData, audit, clock };
    return this.db.transaction(() => applyAchievementChunk(deps, rows, this.acting(context), context));
  }

  async find(key: AchievementKey, context: CallContext): Promise<AchievementView> {
    const { achievement } = await this.owned(key, context);
    return achievement;
  }

  async update(command: FollowUpCommand, context: CallContext): Promise<AchievementView> {
    return this.followUp('UPDATE', command, context);
  }

  async withdraw(command: FollowUpCommand, context: CallContext): Promise<AchievementView> {
    return this.followUp('WITHDRAW', command, context);
  }

  async reinstate(command: FollowUpCommand, context: CallContext): Promise<AchievementView> {
    return this.followUp('REINSTATE', command, context);
  }

  /** The units a learner has achieved, with their credits, optionally those of one qualification. */
  async creditCheck(
    learner: { uln: string; givenName: string; familyName: string; qualificationReference?: string },
    context: CallContext,
  ): Promise<CreditCheck> {
    const uln = unwrap(parseUln(learner.uln));
    const master = await this.verifiedMaster({ ...learner, uln });
    // Other AOs' units are the learner's record beyond the caller's own awards: never shown unless they agreed.
    if (!sharesRecord(await this.learners.abilityToShare(master))) throw new DomainError('LEARNER_NOT_SHARING');
    let qualification: QualificationForAward | undefined;
    let units = await this.store.activeUnits(await this.learners.ulnsUnder(master, uln));
    if (learner.qualificationReference !== undefined) {
      const reference = unwrap(parseAimReference(learner.qualificationReference));
      qualification = await this.qualifications.findByReference(reference);
      if (!qualification) throw new DomainError('QUALIFICATION_UNKNOWN');
      const unitIds = new Set(await this.qualifications.unitIdsOf(qualification.id));
      units = units.filter((unit) => unitIds.has(unit.qualificationId));
    }
    // A read of the learner's record beyond the caller's own awards: written before the answer, so ViewAudit lists every one.
    // docs/decisions/0081-reading-a-learners-record-and-its-audit.md
    await this.audit.record(auditEntryOf(context, 'PerformCreditCheck', keyOf(master, learner.qualificationReference ?? '', '')));
    return { uln: master, qualification, units, totalCredits: units.reduce((sum, unit) => sum + (unit.credits ?? 0), 0) };
  }

  private async followUp(action: FollowUpAction, command: FollowUpCommand, context: CallContext): Promise<AchievementView> {
    // Inside a caller's transaction (a batch row) a conflict cannot be retried here: the caller decides.
    const joined = this.db.inTransaction;
    const acting = this.acting(context);
    const { uln, aimReference } = followUpKey(command, acting);
    const countersRead = context.principal.countersRead;
    const [{ ulns }, found, synonyms, qualification] = await Promise.all([
      this.learners.ulnsOfLearner(uln, countersRead),
      this.learners.findForVerification(uln, countersRead),
      this.referenceData.synonyms(countersRead),
      this.qualifications.findByReference(aimReference),
    ]);
    const facts = { found, synonyms, qualification };
    // The first checks before the transaction, so a call they refuse opens none; the whole decision in it,
    // after a data challenge it names is checked, on the record as it is then.
    const heldBefore = await this.store.findByKey(ulns, aimReference, command.key.awardDate);
    checkFollowUpParties(command, { ...facts, held: heldBefore }, acting);
    for (let attempt = 1; ; attempt++) {
      try {
        const id = await this.db.transaction(async () => {
          await this.checkChallengeLink(command.dataChallengeId, context);
          const held = await this.store.findByKey(ulns, aimReference, command.key.awardDate);
          const decision = decideFollowUp(action, command, { ...facts, held }, acting);
          const { id, version, uln: heldUln, awardDate } = held as AchievementView;
          if (!(await this.store.updateIfUnchanged(id, version, decision.set))) throw new ChangedMeanwhile();
          await this.recordEvent(id, action, { ...command, changes: decision.changes }, decision.statusAfter, context);
          await this.audit.record(
            auditEntryOf(context, `${capitalise(action)}Achievement`, keyOf(heldUln, aimReference, awardDate)),
          );
          return id;
        });
        return this.viewOrFail(ulns, aimReference, command.key.awardDate, id);
      } catch (error) {
        if (!(error instanceof ChangedMeanwhile)) throw error;
        if (attempt >= MAX_ATTEMPTS || joined) throw new DomainError('CONCURRENT_UPDATE');
      }
    }
  }

  /** The caller's own achievement with this key, the names used at its creation supplied. */
  private async owned(key: AchievementKey, context: CallContext) {
    const { uln, aimReference } = parseKey(key);
    const { ulns } = await this.learners.ulnsOfLearner(uln);
    const held = await this.store.findByKey(ulns, aimReference, key.awardDate);
    return { achievement: ownedAchievement(key, held, context.principal.organisationId), ulns, aimReference };
  }

  private async verifiedMaster(learner: LearnerIdentity): Promise<string> {
    const [found, synonyms] = await Promise.all([this.learners.findForVerification(learner.uln), this.referenceData.synonyms()]);
    return verifiedMaster(learner, found, synonyms, this.policy.acceptPossibleMatch);
  }

  private acting(context: CallContext): Acting {
    return {
      organisationId: context.principal.organisationId,
      today: todayOf(this.clock),
      acceptPossibleMatch: this.policy.acceptPossibleMatch,
    };
  }

  /** guide 6.2: an action taken under a data challenge names it; the challenge must be the caller's and open. */
  private async checkChallengeLink(id: number | undefined, context: CallContext): Promise<void> {
    if (id === undefined) return;
    if (!this.challenges) throw new DomainError('DATA_CHALLENGE_NOT_FOUND');
    await this.challenges.assertLinkable(id, context);
  }

  private async recordEvent(
    achievementId: number,
    action: AchievementAction,
    details: {
      actionDate: string;
      actionReason?: string;
      changes?: Record<string, [unknown, unknown]>;
      dataChallengeId?: number;
    },
    statusAfter: 'ACTIVE' | 'WITHDRAWN',
    context: CallContext,
  ): Promise<void> {
    await this.store.addEvent({
      achievementId,
      action,
      actionDate: details.actionDate,
      actionReason: details.actionReason ?? null,
      changes: details.changes && Object.keys(details.changes).length > 0 ? JSON.stringify(details.changes) : null,
      statusAfter,
      organisationId: context.principal.organisationId,
      userId: context.principal.userId,
      correlationId: context.correlationId.slice(0, 64),
      occurredAt: this.clock.now(),
      dataChallengeId: details.dataChallengeId ?? null,
    });
  }

  private async viewOrFail(ulns: string[], aimReference: string, awardDate: string, id: number): Promise<AchievementView> {
    const view = await this.store.findByKey(ulns, aimReference, awardDate);
    if (!view || view.id !== id) throw new DomainError('INTERNAL_ERROR');
    return view;
  }
}
