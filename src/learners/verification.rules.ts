import { compareNames, type NameMatch } from './name-matching';
import type { SynonymIndex } from './synonyms';

/**
 * Learner verification (guide Appendix C; docs/verification.md): compares what
 * an awarding organisation supplied with what the Learner Register holds for a ULN.
 */
export type VerificationCode = 'WSVRC001' | 'WSVRC002' | 'WSVRC003' | 'WSVRC004' | 'WSVRC005' | 'WSVRC006';
/**
 * Whether a verification found the learner: the supplied details match the ULN's record exactly or
 * approximately, directly or through a linked ULN (001 to 004). 005 (does not match) and 006 (not
 * found) are answers, but not a verified learner: a verify batch counts them with the refused rows.
 * docs/decisions/0066-batch-cli-for-scripts.md
 */
export function isVerified(code: VerificationCode): boolean {
  return code === 'WSVRC001' || code === 'WSVRC002' || code === 'WSVRC003' || code === 'WSVRC004';
}

export type FailureFlag = 'VRF1' | 'VRF2' | 'VRF3' | 'VRF4' | 'VRF5' | 'VRF6' | 'VRF7' | 'VRF8';
export type Gender = 0 | 1 | 2 | 9;

export interface VerificationRequest {
  uln: string;
  givenName: string;
  familyName: string;
  dateOfBirth?: string;
  gender?: Gender;
}

/** The part of a Learner Register record that verification (and finding, which adds the postcode) reads and returns. */
export interface HeldLearner {
  uln: string;
  givenName: string;
  familyName: string;
  previousFamilyName?: string | null;
  preferredGivenName?: string | null;
  dateOfBirth: string;
  gender: Gender;
  lastKnownPostCode?: string;
}

export interface VerificationOutcome {
  responseCode: VerificationCode;
  /** Details held, the master's where the ULN is linked; absent when the learner did not verify. */
  learner?: HeldLearner;
  failureFlags: FailureFlag[];
}

type Strength = 'exact' | 'possible' | 'mismatch';

interface Comparison {
  strength: Strength;
  flags: FailureFlag[];
}

const KNOWN_GENDERS = new Set<Gender>([1, 2]);

/**
 * `held` is the record for the supplied ULN (undefined when the ULN is not on the register);
 * `master` is the record it is linked to, when it is a linked (non-master) ULN.
 */
export function verifyLearner(
  request: VerificationRequest,
  held: HeldLearner | undefined,
  master: HeldLearner | undefined,
  synonyms: SynonymIndex,
): VerificationOutcome {
  if (!held) return { responseCode: 'WSVRC006', failureFlags: notFoundFlags(request) };
  const candidates = master ? [held, master] : [held];
  const best = candidates
    .map((record) => compareWithRecord(request, record, synonyms))
    .reduce((a, b) => (rank(b.strength) > rank(a.strength) ? b : a));
  const linked = master !== undefined;
  switch (best.strength) {
    case 'exact':
      return { responseCode: linked ? 'WSVRC002' : 'WSVRC001', learner: master ?? held, failureFlags: [] };
    case 'possible':
      return { responseCode: linked ? 'WSVRC004' : 'WSVRC003', learner: master ?? held, failureFlags: best.flags };
    case 'mismatch':
      return { responseCode: 'WSVRC005', failureFlags: best.flags };
  }
}

function rank(strength: Strength): number {
  return strength === 'exact' ? 2 : strength === 'possible' ? 1 : 0;
}

/** guide Appendix C, VRC006: "Failure flag(s) will also be displayed": nothing held matches. */
function notFoundFlags(request: VerificationRequest): FailureFlag[] {
  const flags: FailureFlag[] = ['VRF1', 'VRF5'];
  if (request.dateOfBirth) flags.push('VRF7');
  if (request.gender !== undefined && KNOWN_GENDERS.has(request.gender)) flags.push('VRF8');
  return flags;
}

export function compareWithRecord(request: VerificationRequest, held: HeldLearner, synonyms: SynonymIndex): Comparison {
  const dobAndGender = compareDateOfBirthAndGender(request, held);
  const given = compareNames(request.givenName, held.givenName, 'given', synonyms);
  const family = compareNames(request.familyName, held.familyName, 'family', synonyms);
  // The common case, decided without the cross-comparisons.
  if (given === 'exact' && family === 'exact' && dobAndGender.flags.length === 0) {
    return dobAndGender.unconfirmed ? { strength: 'possible', flags: [] } : { strength: 'exact', flags: [] };
  }
  return compareFully(request, held, synonyms, given, family, dobAndGender);
}

interface DateOfBirthAndGender {
  flags: FailureFlag[];
  /** A gender supplied against one held as not known cannot match exactly. */
  unconfirmed: boolean;
}

// guide Appendix C: date of birth and gender, if supplied, must match.
function compareDateOfBirthAndGender(request: VerificationRequest, held: HeldLearner): DateOfBirthAndGender {
  const flags: FailureFlag[] = [];
  if (request.dateOfBirth !== undefined && request.dateOfBirth !== held.dateOfBirth) flags.push('VRF7');
  const suppliedGenderKnown = request.gender !== undefined && KNOWN_GENDERS.has(request.gender);
  if (suppliedGenderKnown && KNOWN_GENDERS.has(held.gender) && request.gender !== held.gender) flags.push('VRF8');
  return { flags, unconfirmed: suppliedGenderKnown && !KNOWN_GENDERS.has(held.gender) };
}

function compareFully(
  request: VerificationRequest,
  held: HeldLearner,
  synonyms: SynonymIndex,
  given: NameMatch,
  family: NameMatch,
  dobAndGender: DateOfBirthAndGender,
): Comparison {
  const givenAsPreferred = compareNames(request.givenName, held.preferredGivenName, 'given', synonyms);
  const givenAsFamily = compareNames(request.givenName, held.familyName, 'family', synonyms);
  const givenAsPrevious = compareNames(request.givenName, held.previousFamilyName, 'family', synonyms);
  const familyAsPrevious = compareNames(request.familyName, held.previousFamilyName, 'family', synonyms);
  const familyAsGiven = compareNames(request.familyName, held.givenName, 'given', synonyms);

  const matched = (m: NameMatch) => m !== 'none';
  // Given and family names swapped over, possibly with the family name since changed.
  const swapped = (matched(givenAsFamily) || matched(givenAsPrevious)) && matched(familyAsGiven);
  const givenAccounted = matched(given) || matched(givenAsPreferred) || swapped;
  const familyAccounted = matched(family) || matched(familyAsPrevious) || swapped;

  const flags: FailureFlag[] = [];
  if (given !== 'exact') flags.push('VRF1');
  if (!givenAccounted) {
    if (!matched(givenAsFamily)) flags.push('VRF2');
    if (held.previousFamilyName && !matched(givenAsPrevious)) flags.push('VRF3');
  }
  if (!familyAccounted && !matched(familyAsGiven)) flags.push('VRF4');
  if (family !== 'exact') flags.push('VRF5');
  if (!familyAccounted && held.previousFamilyName && !matched(familyAsPrevious)) flags.push('VRF6');

  flags.push(...dobAndGender.flags);
  flags.sort();

  if (!givenAccounted || !familyAccounted || dobAndGender.flags.length > 0) return { strength: 'mismatch', flags };
  if (given === 'exact' && family === 'exact' && !dobAndGender.unconfirmed) return { strength: 'exact', flags: [] };
  return { strength: 'possible', flags };
}
