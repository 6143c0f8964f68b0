import type { EntityManager } from 'typeorm';
import type { CallContext } from '../platform/call-context';
import type { SearchedDetails } from './registration.rules';
import { ulnsWithSameDetails } from './registration.store';

/**
 * A search for a learner by their mandatory details, answered as learnerByDemographics answers:
 * its response code (WSRC0001 none, WSRC0002 too many, WSRC0003 possible matches, WSRC0004 or
 * WSRC0022 found) and the ULNs of the learners it lists. A batch registration row searches this
 * way before it registers (docs/decisions/0086-batch-registration.md); `manager` is the chunk's
 * transaction, so a learner registered by an earlier row of the chunk is found.
 */
export type LearnerSearch = (
  details: SearchedDetails,
  context: CallContext,
  manager: EntityManager,
) => Promise<{ responseCode: string; ulns: string[] }>;

/**
 * The search the composition root gives batch rows while the learnerByDemographics use case is not
 * wired in: the register's own lookup of the same mandatory details, which finds exact matches only.
 */
export const sameDetailsSearch: LearnerSearch = async (details, _context, manager) => {
  const ulns = await ulnsWithSameDetails(manager, details);
  if (ulns.length === 0) return { responseCode: 'WSRC0001', ulns };
  return { responseCode: ulns.length === 1 ? 'WSRC0004' : 'WSRC0003', ulns };
};
