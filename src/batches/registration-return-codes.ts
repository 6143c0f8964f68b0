import type { ErrorCode } from '../platform/error-codes';

/** The counts of getBatchRegistrationOutput a learner's return code adds to. */
export type RegistrationCount = 'New' | 'ExistsUpdated' | 'PossibleMatch' | 'NotFound' | 'Rejected';

/**
 * The per-learner ReturnCode of a batch registration (docs/decisions/0086-batch-registration.md):
 * the real family is RC001 to RC011, with RC011 for incorrect format (an age outside the range
 * included); the meanings of the others are ours. The table of docs/batches.md is generated from this.
 */
export const RETURN_CODES = {
  RC001: { count: 'New', when: 'FUL, no ULN sent, nobody found: registered, with the ULN issued' },
  RC002: { count: 'ExistsUpdated', when: 'the learner is on the register: the ULN found (CHK with a ULN: the details match it)' },
  RC003: { count: 'ExistsUpdated', when: 'FUL with a ULN: the learner is updated with the fields sent' },
  RC004: { count: 'ExistsUpdated', when: 'FUL with a ULN: the fields sent are those held, nothing changed' },
  RC005: { count: 'PossibleMatch', when: 'learners who may be this one were found (or too many to list): not registered' },
  RC006: { count: 'NotFound', when: 'the ULN sent is not on the register; or CHK, no ULN sent, and nobody found' },
  RC007: { count: 'Rejected', when: 'CHK with a ULN: the details sent do not match the learner of that ULN' },
  RC008: { count: 'Rejected', when: 'the details are those of another learner already on the register' },
  RC009: { count: 'Rejected', when: 'not enough data: without a ULN, DateOfBirth, Gender and LastKnownPostCode are needed' },
  RC010: { count: 'Rejected', when: 'not processed: the organisation or the user may no longer register learners' },
  RC011: { count: 'Rejected', when: 'incorrect format: a field breaks the schema or guide Appendix B (age 11 to 110 included)' },
} as const satisfies Record<string, { count: RegistrationCount; when: string }>;

export type ReturnCode = keyof typeof RETURN_CODES;

const REFUSALS: Partial<Record<ErrorCode, ReturnCode>> = {
  LEARNER_ALREADY_REGISTERED: 'RC008',
  LEARNER_DATA_INSUFFICIENT: 'RC009',
  LEARNER_MANAGEMENT_NOT_GRANTED: 'RC010',
  LEARNER_NOT_SEARCHED_FIRST: 'RC010',
  ROLE_REQUIRED: 'RC010',
  AUTH_ACCOUNT_SUSPENDED: 'RC010',
  ORGANISATION_SUSPENDED: 'RC010',
  LEARNER_POSSIBLE_MATCHES_FOUND: 'RC005',
  LEARNER_NOT_FOUND: 'RC006',
  LEARNER_UNCHANGED: 'RC004',
};

/** The return code of a learner the registration refused; any refusal of its fields is incorrect format. */
export function returnCodeOfRefusal(code: string): ReturnCode {
  return REFUSALS[code as ErrorCode] ?? 'RC011';
}

export function isReturnCode(value: string): value is ReturnCode {
  return Object.prototype.hasOwnProperty.call(RETURN_CODES, value);
}

/**
 * The counts of a job from its rows' outcomes (return codes, or the error codes of refused rows):
 * every row refused, or answered with a rejecting return code, is Rejected.
 */
export function registrationCounts(outcomes: Record<string, number>): Record<RegistrationCount, number> {
  const counts: Record<RegistrationCount, number> = { New: 0, ExistsUpdated: 0, PossibleMatch: 0, NotFound: 0, Rejected: 0 };
  for (const [outcome, n] of Object.entries(outcomes)) {
    counts[RETURN_CODES[isReturnCode(outcome) ? outcome : returnCodeOfRefusal(outcome)].count] += n;
  }
  return counts;
}
