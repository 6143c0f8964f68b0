import type { CallContext } from '../platform/call-context';
import type { Database } from '../platform/database';
import type { DemographicSearch } from './find-learner.rules';
import type { SearchedDetails } from './registration.rules';
import { RegistrationStore } from './registration.store';
import type { Gender } from './verification.rules';

/**
 * A search for a learner by their mandatory details, answered as learnerByDemographics answers:
 * its response code (WSRC0001 none, WSRC0002 too many, WSRC0003 possible matches, WSRC0004 or
 * WSRC0022 found) and the ULNs of the learners it lists. A batch registration row searches this
 * way before it registers (docs/decisions/0086-batch-registration.md), in the chunk's transaction,
 * so a learner registered by an earlier row of the chunk is found.
 */
export type LearnerSearch = (details: SearchedDetails, context: CallContext) => Promise<{ responseCode: string; ulns: string[] }>;

/** The register's own lookup of the same mandatory details: exact matches only. */
export function sameDetailsSearch(db: Database): LearnerSearch {
  const store = new RegistrationStore(db);
  return async (details) => {
    const ulns = await store.ulnsWithSameDetails(details);
    if (ulns.length === 0) return { responseCode: 'WSRC0001', ulns };
    return { responseCode: ulns.length === 1 ? 'WSRC0004' : 'WSRC0003', ulns };
  };
}

/** The learnerByDemographics use case, as much of it as a batch row needs. */
export interface DemographicsFinder {
  byDemographics(
    search: DemographicSearch,
    context: CallContext,
  ): Promise<{ responseCode: string; learners: { record: { uln: string } }[] }>;
}

/**
 * A batch row's search: learnerByDemographics's own use case, after the register's lookup of the
 * same mandatory details in the chunk's transaction, which finds a learner registered by an earlier
 * row of the same chunk (the use case reads what is committed; on MariaDB that row is not yet).
 */
export function demographicsSearch(db: Database, finder: DemographicsFinder): LearnerSearch {
  const same = sameDetailsSearch(db);
  return async (details, context) => {
    const found = await same(details, context);
    if (found.responseCode !== 'WSRC0001') return found;
    const answer = await finder.byDemographics({ ...details, gender: Number(details.gender) as Gender }, context);
    return { responseCode: answer.responseCode, ulns: answer.learners.map((learner) => learner.record.uln) };
  };
}
