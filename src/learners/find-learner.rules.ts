import { normalisePostcode } from './postcode';
import type { SynonymIndex } from './synonyms';
import { compareWithRecord, type Gender, type HeldLearner, verifyLearner, type VerificationCode } from './verification.rules';

/**
 * Finding learners on the Learner Register (learnerByULN, learnerByDemographics; docs/contracts.md,
 * "Finding learners"). The names are judged by the verification rules (guide Appendix C), never a
 * second set of rules; what finding adds is the postcode, the count and the master substitution
 * (docs/decisions/0078-finding-learners-codes-and-limits.md).
 */
export type FindCode = 'WSRC0001' | 'WSRC0002' | 'WSRC0003' | 'WSRC0004' | 'WSRC0022';

/** More learners than this that may be the one searched for: WSRC0002, none listed. */
export const MAX_POSSIBLE_MATCHES = 10;
/** The most records read to judge one search; a search that files more under its keys is too wide: WSRC0002. */
export const MAX_CANDIDATES = 200;

export interface FoundLearner {
  /** The learner returned: the master's ULN when the record that matched is linked to it. */
  uln: string;
  /** The record that matched is a linked ULN and its master is returned instead (MasterSubstituted Y). */
  masterSubstituted: boolean;
}

export interface FindOutcome {
  responseCode: FindCode;
  learners: FoundLearner[];
}

/** A record judged, with the master it is linked to when it is a linked ULN. */
export interface Candidate {
  held: HeldLearner;
  master?: HeldLearner;
}

export interface DemographicSearch {
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  gender: Gender;
  lastKnownPostCode: string;
  previousFamilyName?: string;
}

/** What learnerByULN answers for the verification of the ULN and names given. */
const BY_ULN: Record<VerificationCode, FindCode> = {
  WSVRC001: 'WSRC0004',
  WSVRC002: 'WSRC0022',
  WSVRC003: 'WSRC0003',
  WSVRC004: 'WSRC0003',
  WSVRC005: 'WSRC0001',
  WSVRC006: 'WSRC0001',
};

/**
 * learnerByULN: the ULN's record, judged as verifyLearner judges it. An exact match through a linked
 * ULN is WSRC0022 with the master; a possible one, WSRC0003 with the master substituted.
 */
export function findByUln(
  search: { uln: string; givenName: string; familyName: string },
  found: { held?: HeldLearner; master?: HeldLearner },
  synonyms: SynonymIndex,
): FindOutcome {
  const outcome = verifyLearner(search, found.held, found.master, synonyms);
  const responseCode = BY_ULN[outcome.responseCode];
  if (!outcome.learner) return { responseCode, learners: [] };
  return { responseCode, learners: [{ uln: outcome.learner.uln, masterSubstituted: found.master !== undefined }] };
}

type Strength = 'exact' | 'possible';

/**
 * learnerByDemographics, over the records filed under the search's keys: each is judged by the
 * verification rules with the date of birth and gender, and an exact match needs the postcode
 * too. One learner exactly: WSRC0004 (WSRC0022 when found through a linked ULN). Otherwise every
 * learner who may be the one: none WSRC0001, up to MAX_POSSIBLE_MATCHES WSRC0003, more WSRC0002.
 * A linked ULN stands for its master: a person is listed once.
 */
export function findByDemographics(
  search: DemographicSearch,
  candidates: readonly Candidate[],
  synonyms: SynonymIndex,
  tooWide = false,
): FindOutcome {
  if (tooWide) return { responseCode: 'WSRC0002', learners: [] };
  const people = new Map<string, { found: FoundLearner; strength: Strength }>();
  for (const candidate of candidates) {
    const strength = judge(search, candidate.held, synonyms);
    if (!strength) continue;
    const uln = candidate.master?.uln ?? candidate.held.uln;
    const found = { uln, masterSubstituted: candidate.master !== undefined };
    const known = people.get(uln);
    if (!known || better({ found, strength }, known)) people.set(uln, { found, strength });
  }
  const all = [...people.values()].sort((a, b) => rank(b.strength) - rank(a.strength) || a.found.uln.localeCompare(b.found.uln));
  const exact = all.filter((p) => p.strength === 'exact');
  if (exact.length === 1) {
    const [only] = exact;
    return { responseCode: only.found.masterSubstituted ? 'WSRC0022' : 'WSRC0004', learners: [only.found] };
  }
  if (all.length === 0) return { responseCode: 'WSRC0001', learners: [] };
  if (all.length > MAX_POSSIBLE_MATCHES) return { responseCode: 'WSRC0002', learners: [] };
  return { responseCode: 'WSRC0003', learners: all.map((p) => p.found) };
}

/** How a record matches the search, if at all. A previous family name supplied is tried as the family name: possible at best. */
function judge(search: DemographicSearch, held: HeldLearner, synonyms: SynonymIndex): Strength | undefined {
  const request = { uln: held.uln, ...search };
  const byName = compareWithRecord(request, held, synonyms).strength;
  const byPrevious = search.previousFamilyName
    ? compareWithRecord({ ...request, familyName: search.previousFamilyName }, held, synonyms).strength
    : 'mismatch';
  if (byName === 'exact') return samePostcode(search.lastKnownPostCode, held.lastKnownPostCode) ? 'exact' : 'possible';
  return byName === 'possible' || byPrevious !== 'mismatch' ? 'possible' : undefined;
}

/** Postcodes compared in their normal form: "CV49EE" is "CV4 9EE". */
export function samePostcode(supplied: string, held: string | undefined): boolean {
  if (held === undefined) return false;
  const a = normalisePostcode(supplied);
  return a !== undefined && a === normalisePostcode(held);
}

function rank(strength: Strength): number {
  return strength === 'exact' ? 1 : 0;
}

/** Of two records of one person, the stronger match; at equal strength the master itself, not substituted. */
function better(a: { found: FoundLearner; strength: Strength }, b: { found: FoundLearner; strength: Strength }): boolean {
  if (a.strength !== b.strength) return rank(a.strength) > rank(b.strength);
  return !a.found.masterSubstituted && b.found.masterSubstituted;
}

/** What retrieveULNs answers for one ULN (docs/decisions/0078-finding-learners-codes-and-limits.md). */
export type RetrievedCode = 'WSRC0001' | 'WSRC0004' | 'WSRC0022' | 'WSEC0136';

export interface RetrievedUln {
  uln: string;
  responseCode: RetrievedCode;
  /** The master ULN and its current details; absent when the ULN is not on the register or not valid. */
  master?: HeldLearner;
}

/** One ULN of retrieveULNs: the master it is filed under (itself when it is the master) and the master's details. */
export function retrieveUln(uln: string, valid: boolean, found: { held?: HeldLearner; master?: HeldLearner }): RetrievedUln {
  if (!valid) return { uln, responseCode: 'WSEC0136' };
  if (!found.held) return { uln, responseCode: 'WSRC0001' };
  if (found.master) return { uln, responseCode: 'WSRC0022', master: found.master };
  return { uln, responseCode: 'WSRC0004', master: found.held };
}
