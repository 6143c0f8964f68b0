import { type AuditTrail, auditEntryOf } from '../platform/audit/audit-trail';
import type { CallContext } from '../platform/call-context';
import type { Database } from '../platform/database';
import { unwrap } from '../platform/errors';
import type { LearnerManagement } from '../users/learner-management';
import {
  type Candidate,
  type DemographicSearch,
  findByDemographics,
  findByUln,
  type FindCode,
  type FindOutcome,
  MAX_CANDIDATES,
  retrieveUln,
  type RetrievedUln,
} from './find-learner.rules';
import type { LearnerRecord } from './learner-record';
import type { LearnerRegister } from './learner-register';
import type { ReferenceData } from './reference-data';
import { SearchKeyStore } from './search-key.store';
import { nameSoundKeys } from './search-keys';
import { isValidUln, parseUln } from './uln';

/** A learner a find returns: the whole record, with the ULNs linked to it. */
export interface FoundRecord {
  record: LearnerRecord;
  masterSubstituted: boolean;
  linkedUlns: string[];
}

export interface FindResult {
  responseCode: FindCode;
  learners: FoundRecord[];
}

/**
 * Finding learners and reading their records on the Learner Register: learnerByULN,
 * learnerByDemographics and retrieveULNs, for organisations that hold learner management
 * (guide 1.4). Every record read is audited under its ULN, with the response code; never with
 * the demographics searched for.
 */
export class FindLearnerService {
  private readonly searchKeys: SearchKeyStore;

  constructor(
    db: Database,
    private readonly register: LearnerRegister,
    private readonly referenceData: ReferenceData,
    private readonly learnerManagement: LearnerManagement,
    private readonly audit: AuditTrail,
  ) {
    this.searchKeys = new SearchKeyStore(db);
  }

  async byUln(search: { uln: string; givenName: string; familyName: string }, context: CallContext): Promise<FindResult> {
    await this.learnerManagement.require(context.principal);
    const uln = unwrap(parseUln(search.uln));
    const [found, synonyms] = await Promise.all([this.register.findForVerification(uln), this.referenceData.synonyms()]);
    const outcome = findByUln({ ...search, uln }, found, synonyms);
    return this.answer(outcome, context, 'LearnerByULN', [uln]);
  }

  async byDemographics(search: DemographicSearch, context: CallContext): Promise<FindResult> {
    await this.learnerManagement.require(context.principal);
    const keys = [
      ...new Set([
        ...nameSoundKeys(search.givenName),
        ...nameSoundKeys(search.familyName),
        ...nameSoundKeys(search.previousFamilyName),
      ]),
    ];
    const filed = await this.searchKeys.ulnsFiledUnder(search.dateOfBirth, keys, MAX_CANDIDATES + 1);
    const tooWide = filed.length > MAX_CANDIDATES;
    const [found, synonyms] = await Promise.all([
      tooWide ? new Map<string, Candidate>() : this.register.findManyForVerification(filed),
      this.referenceData.synonyms(),
    ]);
    const outcome = findByDemographics(search, [...found.values()], synonyms, tooWide);
    return this.answer(outcome, context, 'LearnerByDemographics', []);
  }

  /** retrieveULNs: each ULN's master and current details, in the order asked, each audited. */
  async retrieveUlns(ulns: string[], context: CallContext): Promise<RetrievedUln[]> {
    await this.learnerManagement.require(context.principal);
    const valid = ulns.map((uln) => isValidUln(uln));
    const found = await this.register.findManyForVerification(ulns.filter((_uln, i) => valid[i]));
    const retrieved = ulns.map((uln, i) => retrieveUln(uln, valid[i], found.get(uln) ?? {}));
    for (const r of retrieved) this.audit.recordSoon(auditEntryOf(context, 'RetrieveULNs', r.uln, r.responseCode));
    return retrieved;
  }

  /** The records of the learners found, and an audit entry for each ULN read (or one for the search when none was). */
  private async answer(outcome: FindOutcome, context: CallContext, operation: string, searched: string[]): Promise<FindResult> {
    const ulns = outcome.learners.map((l) => l.uln);
    const [records, linked] = await Promise.all([this.register.records(ulns), this.register.linkedTo(ulns)]);
    const learners = outcome.learners.flatMap((l) => {
      const record = records.get(l.uln);
      return record ? [{ record, masterSubstituted: l.masterSubstituted, linkedUlns: (linked.get(l.uln) ?? []).sort() }] : [];
    });
    const read = [...new Set([...searched, ...ulns])];
    for (const uln of read.length > 0 ? read : [null]) {
      this.audit.recordSoon(auditEntryOf(context, operation, uln, outcome.responseCode));
    }
    return { responseCode: outcome.responseCode, learners };
  }
}
