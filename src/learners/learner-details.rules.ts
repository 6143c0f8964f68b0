import { fail, ok, type Result } from '../platform/errors';
import {
  checkName,
  checkProhibitedText,
  checkTelephoneNumber,
  isEmailAddress,
  type LearnerDataLists,
  type Problem,
} from './learner-data.rules';

/**
 * A learner's details over LearnerServiceR9: the findType of LearnerByUln, and the few details an
 * organisation may update (UpdateLearnerSubsetFields). Pure decisions over values already read.
 */

// ---------------------------------------------------------------------------------------------
// LearnerByUln

/** FUL returns the whole record, CHK the members that identify the learner (as learnerByULN's FUL and CHK). */
export type FindType = 'FUL' | 'CHK';

export function parseFindType(raw: string | undefined): Result<FindType> {
  const value = (raw ?? 'FUL').toUpperCase();
  if (value === 'FUL' || value === 'CHK') return ok(value);
  return fail('PARAMETER_INVALID', 'findType is FUL (the whole record) or CHK (what identifies the learner)');
}

// ---------------------------------------------------------------------------------------------
// UpdateLearnerSubsetFields

/** The R9 AbilityToShare parameter: NotProvided leaves the value held as it is. */
export type AbilityToShareChoice = 'NotProvided' | 'FPNNotSeen' | 'FPNSeenShareData';

const ABILITY_TO_SHARE: Record<Exclude<AbilityToShareChoice, 'NotProvided'>, number> = { FPNNotSeen: 0, FPNSeenShareData: 1 };

/** The fields UpdateLearnerSubsetFields may change; undefined leaves one as it is. */
export interface SubsetFields {
  emailAddress?: string;
  telephoneNumber?: string;
  abilityToShare: AbilityToShareChoice;
  schoolAtAge16?: string;
  preferredGivenName?: string;
}

/** What the register holds of those fields, and the record's version. */
export interface HeldSubset {
  versionNumber: number;
  emailAddress: string | null;
  telephoneNumber: string | null;
  abilityToShare: number;
  schoolAtAge16: string | null;
  preferredGivenName: string | null;
}

export type SubsetChange = Partial<Omit<HeldSubset, 'versionNumber'>>;

export type SubsetDecision =
  { code: 'WSRC0006'; set: SubsetChange } | { code: 'WSRC0013' | 'WSRC0014' | 'WSRC0020'; set?: undefined };

const MAX_SCHOOL_AT_AGE_16 = 254;
const MAX_EMAIL = 254;

/** guide Appendix B on each field sent: the first problem, or undefined. */
export function checkSubsetFields(fields: SubsetFields, lists: LearnerDataLists): Problem | undefined {
  const { emailAddress, telephoneNumber, schoolAtAge16, preferredGivenName } = fields;
  if (emailAddress !== undefined && (emailAddress.length > MAX_EMAIL || !isEmailAddress(emailAddress))) {
    return { field: 'emailAddress', code: 'LEARNER_FIELD_INVALID', detail: 'emailAddress is not an email address' };
  }
  const telephone = telephoneNumber === undefined ? undefined : checkTelephoneNumber(telephoneNumber);
  if (telephone) return telephone;
  if (schoolAtAge16 !== undefined && schoolAtAge16.length > MAX_SCHOOL_AT_AGE_16) {
    return {
      field: 'schoolAtAge16',
      code: 'LEARNER_FIELD_INVALID',
      detail: `schoolAtAge16 is longer than ${MAX_SCHOOL_AT_AGE_16} characters`,
    };
  }
  const name = preferredGivenName === undefined ? undefined : checkName('preferredGivenName', preferredGivenName);
  if (name) return name;
  return checkProhibitedText({ emailAddress, telephoneNumber, schoolAtAge16, preferredGivenName }, lists)[0];
}

/**
 * The update against the record as held: the version the caller read must still be the record's
 * (WSRC0013 otherwise); an organisation may record that the learner saw the fair processing notice
 * and agreed to share, but never take back a notice seen nor override a learner's refusal
 * (WSRC0014); a request that changes nothing is WSRC0020.
 * docs/decisions/0082-updating-a-learners-details-over-r9.md
 */
export function decideSubsetUpdate(fields: SubsetFields, versionNumber: number, held: HeldSubset): SubsetDecision {
  if (versionNumber !== held.versionNumber) return { code: 'WSRC0013' };
  const set: SubsetChange = {};
  if (fields.abilityToShare !== 'NotProvided') {
    const wanted = ABILITY_TO_SHARE[fields.abilityToShare];
    if (wanted !== held.abilityToShare) {
      if (held.abilityToShare !== 0) return { code: 'WSRC0014' };
      set.abilityToShare = wanted;
    }
  }
  const strings = ['emailAddress', 'telephoneNumber', 'schoolAtAge16', 'preferredGivenName'] as const;
  for (const field of strings) {
    const wanted = fields[field];
    if (wanted !== undefined && wanted !== held[field]) set[field] = wanted;
  }
  return Object.keys(set).length === 0 ? { code: 'WSRC0020' } : { code: 'WSRC0006', set };
}
