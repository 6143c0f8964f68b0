import { createHash } from 'node:crypto';
import { fail, ok, type Result } from '../platform/errors';
import type { LearnerDetails } from './learner-fields.rules';
import { normaliseName } from './names';
import { normalisePostcode } from './postcode';

/**
 * The rules of registering and updating a learner on the Learner Register (docs/decisions/0085-registering-and-updating-learners.md):
 * find before register, the same details never held twice, insufficient data, versions.
 */

export type FindType = 'FUL' | 'CHK';

/** What a search for a learner's details found: nobody, learners who may be them, or them. */
export type SearchOutcome = 'NO_MATCH' | 'POSSIBLE_MATCHES' | 'MATCHED';

/** The details a learnerByDemographics search is made on, and a registration identified by. */
export interface SearchedDetails {
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  gender: number | string;
  lastKnownPostCode: string;
}

/**
 * What a learnerByDemographics response code says of the learner searched for: WSRC0004 and
 * WSRC0022 found them; WSRC0002 (too many) and WSRC0003 found learners who may be them;
 * WSRC0001 found nobody. Any other code is taken as possible matches, the answer that asks most care.
 */
export function searchOutcomeOf(responseCode: string): SearchOutcome {
  if (responseCode === 'WSRC0001') return 'NO_MATCH';
  if (responseCode === 'WSRC0004' || responseCode === 'WSRC0022') return 'MATCHED';
  return 'POSSIBLE_MATCHES';
}

/**
 * The key a search is remembered under: a hash of the mandatory details in their normal form
 * (names' case and spaces, the postcode's spacing), so that the registration that follows finds
 * it without the demographics themselves ever being stored.
 */
export function searchDetailsKey(details: SearchedDetails): string {
  const postcode = normalisePostcode(details.lastKnownPostCode) ?? details.lastKnownPostCode.trim().toUpperCase();
  const parts = [
    normaliseName(details.givenName),
    normaliseName(details.familyName),
    details.dateOfBirth.trim(),
    String(details.gender).trim(),
    postcode,
  ];
  return createHash('sha256').update(parts.join('\u001f')).digest('hex');
}

export interface RecentSearch {
  findType: FindType;
  outcome: SearchOutcome;
  searchedAt: Date;
}

export interface FindBeforeRegisterRules {
  /** How long before a registration its search may have been made. */
  windowSeconds: number;
  /** How long after a search that found possible matches a registration is refused. */
  possibleMatchWaitSeconds: number;
}

/**
 * Find before register: a learner is registered only when the organisation has searched for the
 * same details with learnerByDemographics (FUL) within the window. The latest such search must not
 * have found the learner; when one in the window found learners who may be them, the registration
 * waits until the wait has passed since the first of those, so they are looked at first.
 */
export function checkSearchedBeforeRegister(
  searches: readonly RecentSearch[],
  now: Date,
  rules: FindBeforeRegisterRules,
): Result<void> {
  const windowStart = now.getTime() - rules.windowSeconds * 1000;
  const inWindow = searches
    .filter((s) => s.findType === 'FUL' && s.searchedAt.getTime() >= windowStart && s.searchedAt.getTime() <= now.getTime())
    .sort((a, b) => a.searchedAt.getTime() - b.searchedAt.getTime());
  const latest = inWindow[inWindow.length - 1];
  if (!latest) {
    return fail(
      'LEARNER_NOT_SEARCHED_FIRST',
      `Search for the learner with learnerByDemographics (FUL) on the same details, at most ${rules.windowSeconds} seconds before registering`,
    );
  }
  if (latest.outcome === 'MATCHED') {
    return fail('LEARNER_ALREADY_REGISTERED', 'The search just made found this learner on the register: use the ULN it gave');
  }
  const firstPossible = inWindow.find((s) => s.outcome === 'POSSIBLE_MATCHES');
  if (firstPossible) {
    const waitUntil = firstPossible.searchedAt.getTime() + rules.possibleMatchWaitSeconds * 1000;
    if (now.getTime() < waitUntil) {
      return fail(
        'LEARNER_POSSIBLE_MATCHES_FOUND',
        `The search found learners who may be this one; look at them before registering (possible after ${Math.ceil((waitUntil - now.getTime()) / 1000)} more seconds)`,
      );
    }
  }
  return ok(undefined);
}

/** Two records hold the same mandatory details: names (case and spaces aside), date of birth, gender and postcode. */
export function sameMandatoryDetails(a: SearchedDetails, b: SearchedDetails): boolean {
  return searchDetailsKey(a) === searchDetailsKey(b);
}

/**
 * Details that cannot be acted on though every field is well formed: VerificationType 999
 * ("other") says nothing without its OtherVerificationDescription.
 */
export function checkSufficient(details: LearnerDetails): Result<void> {
  if (details.verificationType === 999 && !details.otherVerificationDescription) {
    return fail('LEARNER_DATA_INSUFFICIENT', 'VerificationType 999 (other) needs OtherVerificationDescription');
  }
  return ok(undefined);
}

/** An update must be made on the version the learner was read at. */
export function checkVersion(held: number, sent: number | undefined): Result<void> {
  if (sent !== undefined && sent !== held) {
    return fail(
      'LEARNER_VERSION_CONFLICT',
      `The learner has changed since it was read (version ${held} is held, ${sent} was sent)`,
    );
  }
  return ok(undefined);
}

/** Whether the details differ from those held in any field. */
export function detailsChanged(held: LearnerDetails, next: LearnerDetails): boolean {
  const a = held as unknown as Record<string, unknown>;
  const b = next as unknown as Record<string, unknown>;
  const text = (value: unknown) => (value === null || value === undefined ? '' : String(value));
  return Object.keys(b).some((key) => text(a[key]) !== text(b[key]));
}
