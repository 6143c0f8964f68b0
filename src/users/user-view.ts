import { dateFromSql } from '../platform/data-source';
import { USER_AGREEMENT_VERSION } from './user-agreement';
import type { UserRow } from './user.store';

const DAY_MS = 86_400_000;

const iso = (value: string | Date | null): string | null => (value === null ? null : dateFromSql(value).toISOString());

/** Why an account is suspended: by a super user (guide 3.5.6.1) or by repeated wrong passwords (3.5.6.3). */
function suspension(row: UserRow): 'MANUAL' | 'WRONG_PASSWORDS' | null {
  if (row.status !== 'SUSPENDED') return null;
  return Boolean(row.suspended_manually) ? 'MANUAL' : 'WRONG_PASSWORDS';
}

/** The admin API's user (schemas/admin/users/user.json): no hash, no sealed password, no answer. */
export function toUserView(row: UserRow, passwordExpiryDays: number) {
  return {
    username: row.username,
    organisationUkprn: row.ukprn,
    title: row.title,
    givenName: row.given_name,
    familyName: row.family_name,
    email: row.email,
    phoneLandline: row.phone_landline,
    phoneMobile: row.phone_mobile,
    staffReference: row.staff_reference,
    verificationProvided: row.verification_provided,
    roles: row.roles ? row.roles.split(',').sort() : [],
    status: row.status,
    suspension: suspension(row),
    failedAttempts: row.failed_attempts,
    passwordIsOneTime: Boolean(row.password_is_one_time),
    passwordChangedAt: iso(row.password_changed_at) as string,
    passwordExpiresAt: new Date(dateFromSql(row.password_changed_at).getTime() + passwordExpiryDays * DAY_MS).toISOString(),
    agreementAcceptedAt: iso(row.agreement_accepted_at),
    agreementVersion: row.agreement_version,
    secretQuestionSet: row.secret_question_set_at !== null,
    createdAt: iso(row.created_at) as string,
    updatedAt: iso(row.updated_at) as string,
    deletedAt: iso(row.deleted_at),
    lastLoginAt: iso(row.last_login_at),
  };
}

export type UserView = ReturnType<typeof toUserView>;

export type PendingStep = 'PASSWORD_CHANGE' | 'PASSWORD_EXPIRED' | 'AGREEMENT' | 'SECRET_QUESTION';

/** What a user still has to do before other calls, in the order of guide 2.3.1. */
export function pendingSteps(row: UserRow, passwordExpiryDays: number, now: Date): PendingStep[] {
  const steps: PendingStep[] = [];
  if (Boolean(row.password_is_one_time)) steps.push('PASSWORD_CHANGE');
  else if (now.getTime() >= dateFromSql(row.password_changed_at).getTime() + passwordExpiryDays * DAY_MS) {
    steps.push('PASSWORD_EXPIRED');
  }
  if (row.agreement_accepted_at === null || row.agreement_version !== USER_AGREEMENT_VERSION) steps.push('AGREEMENT');
  if (row.secret_question_set_at === null) steps.push('SECRET_QUESTION');
  return steps;
}
