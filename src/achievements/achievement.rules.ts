import type { ErrorCode } from '../platform/error-codes';
import { isCalendarDate } from '../learners/dates';
import { normaliseName } from '../learners/names';

/**
 * The achievement rules of guide section 5, as pure functions over plain values.
 * Each returns undefined when the rule holds, or the stable code and an explanation.
 */
export interface Breach {
  code: ErrorCode;
  detail: string;
}

export type AchievementStatus = 'ACTIVE' | 'WITHDRAWN';
export type AchievementAction = 'CREATE' | 'UPDATE' | 'WITHDRAW' | 'REINSTATE';

/** guide 5.2.1: "must not be earlier than September 1st 2006". */
export const EARLIEST_AWARD_DATE = '2006-09-01';

/** guide Appendix D. */
export const ACTION_REASONS = ['ULNINVALID', 'ACHINVALID', 'DATINVALID', 'SUBINERROR', 'BATCHERROR'] as const;
export type ActionReason = (typeof ACTION_REASONS)[number];

/**
 * The languages an assessment may be taken in, as the portal's drop-down offers them. Ours on the
 * LRS-compatible ExternalService too: its real LanguageForAssessment values are unknown.
 * docs/decisions/0058-batch-values-that-are-ours.md
 */
export const LANGUAGES_FOR_ASSESSMENT = ['English', 'Welsh', 'Irish', 'Gaelic'] as const;

export interface QualificationDates {
  operationalStartDate: string;
  operationalEndDate: string | null;
  certificationEndDate: string | null;
}

const breach = (code: ErrorCode, detail: string): Breach => ({ code, detail });

/** guide 5.2.1: not after today, not before 2006-09-01, within the qualification's dates. */
export function checkAwardDate(awardDate: string, qualification: QualificationDates, today: string): Breach | undefined {
  if (!isCalendarDate(awardDate)) return breach('AWARD_DATE_INVALID', 'The award date is not a yyyy-mm-dd date');
  if (awardDate > today) return breach('AWARD_DATE_IN_FUTURE', 'The award date must not be after today');
  if (awardDate < EARLIEST_AWARD_DATE) return breach('AWARD_DATE_TOO_EARLY', 'The award date must not be before 2006-09-01');
  const { operationalStartDate: start, operationalEndDate: end, certificationEndDate: certification } = qualification;
  if (awardDate < start || (end !== null && awardDate > end) || (certification !== null && awardDate > certification)) {
    return breach(
      'AWARD_DATE_OUTSIDE_QUALIFICATION',
      `The award date must fall within the qualification's dates (${start} to ${certification ?? end ?? 'open'})`,
    );
  }
  return undefined;
}

/** guide 5.2.1: "The grade must be valid for the qualification." Case is not significant. */
export function canonicalGrade(grade: string, validGrades: readonly string[]): string | undefined {
  const wanted = grade.trim().toLowerCase();
  return validGrades.find((g) => g.toLowerCase() === wanted);
}

export function checkGrade(grade: string | undefined, validGrades: readonly string[]): Breach | undefined {
  if (grade === undefined) return undefined;
  if (validGrades.length === 0) {
    return breach('GRADE_INVALID', 'No grades are set for this qualification yet; ask the operator to set its grading scale');
  }
  if (canonicalGrade(grade, validGrades) === undefined) {
    return breach('GRADE_INVALID', `The grade is not one of ${validGrades.join(', ')}`);
  }
  return undefined;
}

/** guide 5.2.2-5.2.4: the date the change was agreed must not be after today. */
export function checkActionDate(actionDate: string, today: string): Breach | undefined {
  if (!isCalendarDate(actionDate)) return breach('ACTION_DATE_INVALID', 'The action date is not a yyyy-mm-dd date');
  if (actionDate > today) return breach('ACTION_DATE_IN_FUTURE', 'The action date must not be after today');
  return undefined;
}

export function checkActionReason(reason: string | undefined): Breach | undefined {
  if (reason === undefined || !(ACTION_REASONS as readonly string[]).includes(reason)) {
    return breach('ACTION_REASON_INVALID', `The action reason must be one of ${ACTION_REASONS.join(', ')} (guide Appendix D)`);
  }
  return undefined;
}

export function checkLanguage(language: string | undefined): Breach | undefined {
  if (language === undefined || (LANGUAGES_FOR_ASSESSMENT as readonly string[]).includes(language)) return undefined;
  return breach('LANGUAGE_INVALID', `The language for assessment must be one of ${LANGUAGES_FOR_ASSESSMENT.join(', ')}`);
}

/** A UK Provider Reference Number: eight digits starting with 1. */
export function checkProviderUkprn(ukprn: string | undefined): Breach | undefined {
  if (ukprn === undefined || /^1\d{7}$/.test(ukprn)) return undefined;
  return breach('PROVIDER_UKPRN_INVALID', 'The provider UKPRN is eight digits starting with 1');
}

/**
 * guide 5.1: update only an active record; withdraw only an active one; reinstate only a
 * withdrawn one. Creating is not a transition (the key must be new).
 */
export function checkTransition(status: AchievementStatus, action: Exclude<AchievementAction, 'CREATE'>): Breach | undefined {
  if (action === 'UPDATE' && status === 'WITHDRAWN') {
    return breach('ACHIEVEMENT_WITHDRAWN', 'A withdrawn achievement cannot be updated; reinstate it first');
  }
  if (action === 'WITHDRAW' && status === 'WITHDRAWN') {
    return breach('ACHIEVEMENT_ALREADY_WITHDRAWN', 'The achievement has already been withdrawn');
  }
  if (action === 'REINSTATE' && status === 'ACTIVE') {
    return breach('ACHIEVEMENT_NOT_WITHDRAWN', 'Only a withdrawn achievement can be reinstated');
  }
  return undefined;
}

export function nextStatus(action: AchievementAction, current?: AchievementStatus): AchievementStatus {
  if (action === 'WITHDRAW') return 'WITHDRAWN';
  if (action === 'CREATE' || action === 'REINSTATE') return 'ACTIVE';
  return current ?? 'ACTIVE';
}

/** guide 5.2.4: "It is not possible to update the grade achieved when reinstating an achievement." */
export function checkReinstateGrade(grade: string | undefined, heldGrade: string | null): Breach | undefined {
  if (grade === undefined || (heldGrade !== null && grade.trim().toLowerCase() === heldGrade.toLowerCase())) return undefined;
  return breach('REINSTATE_GRADE_CHANGE', 'A reinstatement cannot change the grade; reinstate, then update the grade');
}

/**
 * guide 5.2.1-5.2.4: follow-up actions must use the names used at creation ("John cannot be
 * changed to Johnathan", "Brown cannot be changed to Brow"); compared after case and space
 * normalisation, never fuzzily.
 */
export function checkNamesAtCreation(
  supplied: { givenName: string; familyName: string },
  atCreation: { givenName: string; familyName: string },
): Breach | undefined {
  if (
    normaliseName(supplied.givenName) === normaliseName(atCreation.givenName) &&
    normaliseName(supplied.familyName) === normaliseName(atCreation.familyName)
  ) {
    return undefined;
  }
  return breach('NAMES_DIFFER_FROM_CREATION', 'The names must be those used when the achievement was created');
}

/** guide 5.1: units and qualifications owned by the organisation or shared with it. */
export function checkAvailability(
  qualification: { ownerOrganisationId: number | null; sharedWith: readonly number[] },
  organisationId: number,
): Breach | undefined {
  if (qualification.ownerOrganisationId === organisationId || qualification.sharedWith.includes(organisationId)) {
    return undefined;
  }
  return breach('QUALIFICATION_NOT_AVAILABLE', 'The unit or qualification is not owned by or shared with your organisation');
}

/** A change must change something: the record is returned as it was otherwise. */
export function checkSomethingChanges(
  changes: { grade?: string; languageForAssessment?: string; providerUkprn?: string },
  held: { grade: string | null; languageForAssessment: string | null; providerUkprn: string | null },
): Breach | undefined {
  const differs =
    (changes.grade !== undefined && changes.grade !== held.grade) ||
    (changes.languageForAssessment !== undefined && changes.languageForAssessment !== held.languageForAssessment) ||
    (changes.providerUkprn !== undefined && changes.providerUkprn !== held.providerUkprn);
  return differs ? undefined : breach('ACHIEVEMENT_UNCHANGED', 'The update changes nothing');
}
