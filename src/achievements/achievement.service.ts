import type { EntityManager } from 'typeorm';
import type { LearnerDataLists } from '../learners/learner-data.rules';
import { checkPostcode } from '../learners/learner-data.rules';
import type { LearnerRegister } from '../learners/learner-register';
import type { ReferenceData } from '../learners/reference-data';
import { parseUln } from '../learners/uln';
import { type Gender, verifyLearner } from '../learners/verification.rules';
import { type AuditTrail, auditEntryOf } from '../platform/audit/audit-trail';
import type { CallContext } from '../platform/call-context';
import { sharesRecord } from '../learners/learner-data.rules';
import { type Clock, todayOf } from '../platform/clock';
import { isUniqueViolation } from '../platform/data-source';
import type { Database } from '../platform/database';
import { DomainError, unwrap } from '../platform/errors';
import {
  type AchievementAction,
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
import type { AchievementStore, AchievementView } from './achievement.store';
import { parseAimReference } from './qualification-reference';
import type { QualificationForAward, QualificationRegister } from './qualification-register';

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

/** The data challenges an action may answer (implemented in data-challenges/): the caller's own, still open. */
export interface DataChallengeLinks {
  assertLinkable(manager: EntityManager, dataChallengeId: number, context: CallContext): Promise<void>;
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
    private readonly qualifications: QualificationRegister,
    private readonly referenceData: ReferenceData,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    private readonly policy: AchievementPolicy,
    private readonly challenges?: DataChallengeLinks,
  ) {}

  /** `unitOfWork`: a transaction of the caller's (a batch chunk) to run in, instead of one of its own. */
  async create(command: CreateAchievementCommand, context: CallContext, unitOfWork?: EntityManager): Promise<AchievementView> {
    const uln = unwrap(parseUln(command.learner.uln));
    const aimReference = unwrap(parseAimReference(command.aimReference));
    const lists = await this.referenceData.learnerDataLists();
    if (command.learner.postcode !== undefined) raise(checkPostcode(command.learner.postcode, lists as LearnerDataLists).problem);
    // Independent reads, made together; a row with several faults still reports the learner's first.
    const [verified, found] = await Promise.allSettled([
      this.verifiedMaster({ ...command.learner, uln }),
      this.qualificationFor(aimReference, context),
    ]);
    if (verified.status === 'rejected') throw verified.reason;
    if (found.status === 'rejected') throw found.reason;
    const [master, qualification] = [verified.value, found.value];
    const today = todayOf(this.clock);
    raise(checkAwardDate(command.awardDate, qualification, today));
    raise(checkGrade(command.grade, qualification.grades));
    raise(checkLanguage(command.languageForAssessment));
    raise(checkProviderUkprn(command.providerUkprn));

    const ulns = await this.learners.ulnsUnder(master, uln);
    try {
      const id = await this.inTransaction(unitOfWork, async (manager) => {
        await this.checkChallengeLink(manager, command.dataChallengeId, context);
        if (await this.store.findByKey(manager, ulns, aimReference, command.awardDate))
          throw new DomainError('ACHIEVEMENT_EXISTS');
        const id = await this.store.insert(manager, {
          uln: master,
          submittedUln: uln,
          aimReference,
          awardDate: command.awardDate,
          qualificationId: qualification.id,
          awardingOrganisationId: context.principal.organisationId,
          grade: command.grade === undefined ? null : (canonicalGrade(command.grade, qualification.grades) ?? null),
          languageForAssessment: command.languageForAssessment ?? null,
          providerUkprn: command.providerUkprn ?? null,
          status: 'ACTIVE',
          givenNameAtCreation: command.learner.givenName.trim(),
          familyNameAtCreation: command.learner.familyName.trim(),
        });
        const details = { actionDate: today, dataChallengeId: command.dataChallengeId };
        await this.recordEvent(manager, id, 'CREATE', details, 'ACTIVE', context);
        await this.audit.record(
          auditEntryOf(context, 'CreateAchievement', keyOf(master, aimReference, command.awardDate)),
          manager,
        );
        return id;
      });
      return this.viewOrFail(unitOfWork ?? this.db, ulns, aimReference, command.awardDate, id);
    } catch (error) {
      // Two requests raced for the same key: the database kept one (guide 5.1: the key is unique).
      if (isUniqueViolation(error)) throw new DomainError('ACHIEVEMENT_EXISTS');
      throw error;
    }
  }

  async find(key: AchievementKey, context: CallContext): Promise<AchievementView> {
    const { achievement } = await this.owned(key, context, this.db);
    return achievement;
  }

  async update(command: FollowUpCommand, context: CallContext, unitOfWork?: EntityManager): Promise<AchievementView> {
    return this.followUp('UPDATE', command, context, unitOfWork, (held, qualification) => {
      const changes = command.changes ?? {};
      raise(checkGrade(changes.grade, qualification.grades));
      raise(checkLanguage(changes.languageForAssessment));
      raise(checkProviderUkprn(changes.providerUkprn));
      const grade = changes.grade === undefined ? undefined : canonicalGrade(changes.grade, qualification.grades);
      raise(checkSomethingChanges({ ...changes, grade }, held));
      return { grade, languageForAssessment: changes.languageForAssessment, providerUkprn: changes.providerUkprn };
    });
  }

  async withdraw(command: FollowUpCommand, context: CallContext, unitOfWork?: EntityManager): Promise<AchievementView> {
    return this.followUp('WITHDRAW', command, context, unitOfWork, () => {
      raise(checkActionReason(command.actionReason));
      return { status: 'WITHDRAWN' as const };
    });
  }

  async reinstate(command: FollowUpCommand, context: CallContext, unitOfWork?: EntityManager): Promise<AchievementView> {
    return this.followUp('REINSTATE', command, context, unitOfWork, (held) => {
      raise(checkActionReason(command.actionReason));
      raise(checkReinstateGrade(command.grade, held.grade));
      return { status: 'ACTIVE' as const };
    });
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
    let units = await this.store.activeUnits(this.db, await this.learners.ulnsUnder(master, uln));
    if (learner.qualificationReference !== undefined) {
      const reference = unwrap(parseAimReference(learner.qualificationReference));
      qualification = await this.qualifications.findByReference(reference);
      if (!qualification) throw new DomainError('QUALIFICATION_UNKNOWN');
      const unitIds = new Set(await this.qualifications.unitIdsOf(qualification.id));
      units = units.filter((unit) => unitIds.has(unit.qualificationId));
    }
    this.audit.recordSoon(auditEntryOf(context, 'PerformCreditCheck', keyOf(master, learner.qualificationReference ?? '', '')));
    return { uln: master, qualification, units, totalCredits: units.reduce((sum, unit) => sum + (unit.credits ?? 0), 0) };
  }

  private async followUp(
    action: Exclude<AchievementAction, 'CREATE'>,
    command: FollowUpCommand,
    context: CallContext,
    unitOfWork: EntityManager | undefined,
    decide: (
      held: AchievementView,
      qualification: QualificationForAward,
    ) => Partial<{ grade: string; languageForAssessment: string; providerUkprn: string; status: 'ACTIVE' | 'WITHDRAWN' }>,
  ): Promise<AchievementView> {
    const today = todayOf(this.clock);
    raise(checkActionDate(command.actionDate, today));
    const { ulns, aimReference } = await this.owned(command.key, context, unitOfWork ?? this.db);
    // guide 5.1: follow-up actions compare the learner details with those the LRS holds now.
    await this.verifiedMaster({ ...command.key, uln: unwrap(parseUln(command.key.uln)) });
    // Read before the transaction, not inside it: a read on another pooled connection while the
    // transaction holds one lets as many concurrent follow-ups as the pool has connections wait
    // on each other for ever (MariaDB).
    const qualification = await this.qualifications.findByReference(aimReference);
    for (let attempt = 1; ; attempt++) {
      try {
        const id = await this.inTransaction(unitOfWork, async (manager) => {
          await this.checkChallengeLink(manager, command.dataChallengeId, context);
          const held = await this.store.findByKey(manager, ulns, aimReference, command.key.awardDate);
          if (!held || held.awardingOrganisationId !== context.principal.organisationId)
            throw new DomainError('ACHIEVEMENT_NOT_FOUND');
          raise(checkTransition(held.status, action));
          if (!qualification) throw new DomainError('QUALIFICATION_UNKNOWN');
          const set = withoutUndefined(decide(held, qualification));
          if (!(await this.store.updateIfUnchanged(manager, held.id, held.version, set))) throw new ChangedMeanwhile();
          const changes = changesOf(set, held);
          await this.recordEvent(manager, held.id, action, { ...command, changes }, nextStatus(action, held.status), context);
          await this.audit.record(
            auditEntryOf(context, `${capitalise(action)}Achievement`, keyOf(held.uln, aimReference, held.awardDate)),
            manager,
          );
          return held.id;
        });
        return this.viewOrFail(unitOfWork ?? this.db, ulns, aimReference, command.key.awardDate, id);
      } catch (error) {
        if (!(error instanceof ChangedMeanwhile)) throw error;
        // Inside a caller's transaction the conflict cannot be retried here: the caller decides.
        if (attempt >= MAX_ATTEMPTS || unitOfWork) throw new DomainError('CONCURRENT_UPDATE');
      }
    }
  }

  /** The caller's own achievement with this key, the names used at its creation supplied. */
  private async owned(key: AchievementKey, context: CallContext, runner: EntityManager | Database) {
    const uln = unwrap(parseUln(key.uln));
    const aimReference = unwrap(parseAimReference(key.aimReference));
    const { ulns } = await this.learners.ulnsOfLearner(uln);
    const achievement = await this.store.findByKey(runner, ulns, aimReference, key.awardDate);
    // Another organisation's achievement is as invisible as a missing one.
    if (!achievement || achievement.awardingOrganisationId !== context.principal.organisationId) {
      throw new DomainError('ACHIEVEMENT_NOT_FOUND');
    }
    raise(
      checkNamesAtCreation(key, { givenName: achievement.givenNameAtCreation, familyName: achievement.familyNameAtCreation }),
    );
    return { achievement, ulns, aimReference };
  }

  /** guide 5.1: the learner details must verify against the register; the master ULN is returned. */
  private async verifiedMaster(learner: LearnerIdentity): Promise<string> {
    const [{ held, master }, synonyms] = await Promise.all([
      this.learners.findForVerification(learner.uln),
      this.referenceData.synonyms(),
    ]);
    const outcome = verifyLearner(learner, held, master, synonyms);
    const accepted = this.policy.acceptPossibleMatch
      ? ['WSVRC001', 'WSVRC002', 'WSVRC003', 'WSVRC004']
      : ['WSVRC001', 'WSVRC002'];
    if (!accepted.includes(outcome.responseCode)) {
      const flags = outcome.failureFlags.length > 0 ? ` (${outcome.failureFlags.join(' ')})` : '';
      throw new DomainError('LEARNER_NOT_VERIFIED', `The learner details give ${outcome.responseCode}${flags} for this ULN`);
    }
    return master?.uln ?? learner.uln;
  }

  /** guide 6.2: an action taken under a data challenge names it; the challenge must be the caller's and open. */
  private async checkChallengeLink(manager: EntityManager, id: number | undefined, context: CallContext): Promise<void> {
    if (id === undefined) return;
    if (!this.challenges) throw new DomainError('DATA_CHALLENGE_NOT_FOUND');
    await this.challenges.assertLinkable(manager, id, context);
  }

  private inTransaction<T>(unitOfWork: EntityManager | undefined, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return unitOfWork ? work(unitOfWork) : this.db.transaction(work);
  }

  private async qualificationFor(reference: string, context: CallContext): Promise<QualificationForAward> {
    const qualification = await this.qualifications.findByReference(reference);
    if (!qualification) throw new DomainError('QUALIFICATION_UNKNOWN');
    raise(checkAvailability(qualification, context.principal.organisationId));
    return qualification;
  }

  private async recordEvent(
    manager: Parameters<Parameters<Database['transaction']>[0]>[0],
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
    await this.store.addEvent(manager, {
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

  private async viewOrFail(
    runner: EntityManager | Database,
    ulns: string[],
    aimReference: string,
    awardDate: string,
    id: number,
  ): Promise<AchievementView> {
    const view = await this.store.findByKey(runner, ulns, aimReference, awardDate);
    if (!view || view.id !== id) throw new DomainError('INTERNAL_ERROR');
    return view;
  }
}

function raise(breach: Breach | { code: Breach['code']; detail: string } | undefined): void {
  if (breach) throw new DomainError(breach.code, breach.detail);
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function changesOf(set: Record<string, unknown>, held: AchievementView): Record<string, [unknown, unknown]> {
  const changes: Record<string, [unknown, unknown]> = {};
  for (const [field, value] of Object.entries(set)) {
    if (field === 'status') continue;
    const before = held[field as keyof AchievementView];
    if (before !== value) changes[field] = [before, value];
  }
  return changes;
}

function capitalise(action: string): string {
  return action.charAt(0) + action.slice(1).toLowerCase();
}

/** The subject of an achievement's audit entries: its key. */
function keyOf(uln: string, aimReference: string, awardDate: string): string {
  return [uln, aimReference, awardDate].filter((part) => part !== '').join('/');
}
