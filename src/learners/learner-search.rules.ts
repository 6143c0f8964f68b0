import { fail, ok, type Result } from '../platform/errors';
import { isCalendarDate } from './dates';
import { parseUln } from './uln';
import type { Gender, VerificationRequest } from './verification.rules';

/** A learner named by ULN and names, as LearnerServiceR9 requests name one (absent, empty and nil alike undefined). */
export interface LearnerSearch {
  uln?: string;
  givenName?: string;
  familyName?: string;
  /** yyyy-mm-dd. */
  dateOfBirth?: string;
  /** 0, 1, 2 or 9, as the Learner Register holds it. */
  gender?: string;
}

/**
 * The details a learner's record is asked for with, checked before anything is read: the ULN (its
 * check digit), both names, and a date of birth and gender when sent. A name that matches nothing
 * is not refused here: verification answers it.
 * docs/decisions/0081-reading-a-learners-record-and-its-audit.md
 */
export function parseLearnerSearch(search: LearnerSearch): Result<VerificationRequest> {
  if (search.uln === undefined || search.givenName === undefined || search.familyName === undefined) {
    return fail('LEARNER_FIELD_INVALID', 'The ULN, given name and family name of the learner are required');
  }
  const uln = parseUln(search.uln);
  if (!uln.ok) return uln;
  if (search.dateOfBirth !== undefined && !isCalendarDate(search.dateOfBirth)) {
    return fail('LEARNER_DATE_INVALID', 'dateOfBirth is not a yyyy-mm-dd date');
  }
  if (search.gender !== undefined && !/^[0129]$/.test(search.gender)) {
    return fail('LEARNER_GENDER_INVALID', 'gender must be 0, 1, 2 or 9, or empty');
  }
  return ok({
    uln: uln.value,
    givenName: search.givenName,
    familyName: search.familyName,
    dateOfBirth: search.dateOfBirth,
    gender: search.gender === undefined ? undefined : (Number(search.gender) as Gender),
  });
}
