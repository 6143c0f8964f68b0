import { type AuditRecord, type AuditTrail, auditEntryOf } from '../platform/audit/audit-trail';
import type { Principal } from '../platform/auth/accounts';
import type { CallContext } from '../platform/call-context';
import { type Clock, todayOf } from '../platform/clock';
import { isDeadlock } from '../platform/data-source';
import type { Database } from '../platform/database';
import { DomainError, isDomainError, unwrap } from '../platform/errors';
import {
  checkLearnerDetails,
  type DetailsInput,
  detailsInputOf,
  type LearnerDetails,
  MANDATORY_DETAILS,
} from './learner-fields.rules';
import { LearnerStore } from './learner.store';
import type { RecentLearnerSearches } from './recent-learner-searches';
import type { ReferenceData } from './reference-data';
import {
  checkSearchedBeforeRegister,
  checkSufficient,
  checkVersion,
  detailsChanged,
  type FindBeforeRegisterRules,
  type RecentSearch,
  sameMandatoryDetails,
} from './registration.rules';
import { RegistrationStore } from './registration.store';
import type { UlnAllocator } from './uln-allocator';
import { parseUln } from './uln';

export interface RegisterLearnerCommand {
  details: DetailsInput;
}

export interface UpdateLearnerCommand {
  uln: string;
  /** The version the learner was read at; a batch row, which has none, updates the version held. */
  versionNumber?: number;
  details: DetailsInput;
  /** A batch row sends only what it changes: the fields it leaves empty keep what is held. */
  keepUnsupplied?: boolean;
}

export interface RegistrationOptions {
  /** The search the caller has just made itself (a batch row), instead of the organisation's recent ones. */
  search?: RecentSearch;
}

export interface RegistrationDeps {
  allocator: UlnAllocator;
  searches: RecentLearnerSearches;
  referenceData: ReferenceData;
  /** guide 1.4: registering and updating learners is learner management. */
  learnerManagement: { require(principal: Pick<Principal, 'organisationId'>): Promise<void> };
  audit: AuditTrail;
  clock: Clock;
  findBeforeRegister: FindBeforeRegisterRules;
}

/** Transactions lost to a deadlock on MariaDB are run again this often before the error is let through. */
const ATTEMPTS = 5;

/**
 * Registering a learner (a new ULN) and updating one: registerSingleLearner and
 * updateSingleLearner, and each row of a batch registration
 * (docs/decisions/0085-registering-and-updating-learners.md). Every attempt is audited under the
 * ULN, with its outcome; never with the learner's details.
 */
export class RegistrationService {
  private readonly registrations: RegistrationStore;
  private readonly learners: LearnerStore;

  constructor(
    private readonly db: Database,
    private readonly deps: RegistrationDeps,
  ) {
    this.registrations = new RegistrationStore(db);
    this.learners = new LearnerStore(db);
  }

  /** Registers the learner and answers the ULN issued. */
  async register(command: RegisterLearnerCommand, context: CallContext, options: RegistrationOptions = {}): Promise<string> {
    return this.audited(context, 'RegisterLearner', null, async () => {
      await this.deps.learnerManagement.require(context.principal);
      const details = await this.checked(command.details);
      const searches = options.search
        ? [options.search]
        : await this.deps.searches.recent(context.principal.organisationId, details);
      unwrap(checkSearchedBeforeRegister(searches, this.deps.clock.now(), this.deps.findBeforeRegister));
      return this.inTransaction(async () => {
        if ((await this.registrations.ulnsWithSameDetails(details)).length > 0) {
          throw new DomainError('LEARNER_ALREADY_REGISTERED');
        }
        const uln = await this.deps.allocator.allocate();
        const today = todayOf(this.deps.clock);
        await this.learners.upsert([
          { ...details, uln, masterUln: null, learnerStatus: 1, versionNumber: 1, createdDate: today, lastUpdatedDate: today },
        ]);
        await this.recorded(auditEntryOf(context, 'RegisterLearner', uln));
        return uln;
      });
    });
  }

  /** Updates the learner to the details sent, on the version it was read at; answers the new version. */
  async update(command: UpdateLearnerCommand, context: CallContext, options: RegistrationOptions = {}): Promise<number> {
    const uln = parseUln(command.uln);
    return this.audited(context, 'UpdateLearner', uln.ok ? uln.value : null, async () => {
      await this.deps.learnerManagement.require(context.principal);
      const valid = unwrap(uln);
      return this.inTransaction(async () => {
        const held = await this.registrations.heldForUpdate(valid);
        if (!held) throw new DomainError('LEARNER_NOT_FOUND');
        const version = held.versionNumber ?? 1;
        unwrap(checkVersion(version, command.versionNumber));
        const input = command.keepUnsupplied ? { ...detailsInputOf(held), ...supplied(command.details) } : command.details;
        const details = await this.checked(input);
        if (!detailsChanged(held, details)) throw new DomainError('LEARNER_UNCHANGED');
        // Only a change of the identifying details can make them another learner's.
        if (!sameMandatoryDetails(held, details) && (await this.registrations.ulnsWithSameDetails(details, valid)).length > 0) {
          throw new DomainError('LEARNER_ALREADY_REGISTERED');
        }
        await this.learners.upsert([
          { ...held, ...details, versionNumber: version + 1, lastUpdatedDate: todayOf(this.deps.clock) },
        ]);
        await this.recorded(auditEntryOf(context, 'UpdateLearner', valid));
        return version + 1;
      });
    });
  }

  /** The details checked against guide Appendix B and the field rules, as they will be held. */
  private async checked(input: DetailsInput): Promise<LearnerDetails> {
    const lists = await this.deps.referenceData.learnerDataLists();
    const { details, problems } = checkLearnerDetails(input, lists, todayOf(this.deps.clock), {
      required: [],
      abilityToShareWhenAbsent: 0,
    });
    if (problems.length > 0) throw new DomainError(problems[0].code, problems[0].detail);
    if (!details) {
      throw new DomainError('LEARNER_DATA_INSUFFICIENT', `A learner's record needs ${MANDATORY_DETAILS.join(', ')}`);
    }
    unwrap(checkSufficient(details));
    return details;
  }

  /** A change commits with its own audit entry; a refusal is audited here, with its code, as it is answered. */
  private async audited<T>(context: CallContext, operation: string, subject: string | null, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isDomainError(error)) this.deps.audit.recordSoon(auditEntryOf(context, operation, subject, error.code));
      throw error;
    }
  }

  /** The audit entry of a change, written in the change's transaction. */
  private recorded(entry: AuditRecord): Promise<void> {
    return this.deps.audit.record(entry);
  }

  /**
   * The work in the caller's transaction (a batch chunk's, not run again here) or its own,
   * registrations and updates one at a time.
   */
  private async inTransaction<T>(work: () => Promise<T>): Promise<T> {
    const locked = async () => {
      await this.registrations.lockRegistrations();
      return work();
    };
    if (this.db.inTransaction) return locked();
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction(locked);
      } catch (error) {
        // A deadlock with another writer of the register (an import): nothing was kept, so run it again.
        if (!isDeadlock(error) || attempt >= ATTEMPTS) throw error;
      }
    }
  }
}

/** The fields given a value. */
function supplied(details: DetailsInput): DetailsInput {
  return Object.fromEntries(Object.entries(details).filter(([, value]) => value !== undefined && value.trim() !== ''));
}
