import type { ErrorCode } from '../error-codes';
import type { Account } from './accounts';
import { organisationRefusal } from './organisation-standing';

const DAY_MS = 86_400_000;

/** The steps of guide 2.3.1 a call may be made in the middle of (self-service calls only). */
export interface AccountStateAllowances {
  /** The calls that let a user change a one-time or expired password. */
  allowPasswordChange?: boolean;
  /** The call that records acceptance of the user agreement. */
  allowAgreementPending?: boolean;
  /** The calls that set the secret question at first login (guide 2.3.1: after the agreement). */
  allowSecretQuestionPending?: boolean;
  /** The forgotten-password call: the account's password is what is being replaced. */
  secretAnswer?: boolean;
}

export type AccountState = Pick<
  Account,
  'status' | 'organisationStatus' | 'passwordIsOneTime' | 'passwordChangedAt' | 'agreementAcceptedAt' | 'secretAnswerHash'
>;

/**
 * Why an account whose caller is proven may not be used now, or undefined when it may: the one
 * set of account-state rules of every surface (AO gateway, LRS-compatible services, admin API,
 * client certificates). guide 3.5.6.3: suspended; 3.4: a password expires after `passwordExpiryDays`;
 * 2.3.1: a one-time password is changed, the agreement accepted and the secret question set first.
 */
export function accountStateRefusal(
  account: AccountState,
  now: Date,
  passwordExpiryDays: number,
  allowances: AccountStateAllowances = {},
): ErrorCode | undefined {
  if (account.status !== 'ACTIVE') return 'AUTH_ACCOUNT_SUSPENDED';
  const organisation = organisationRefusal(account.organisationStatus);
  if (organisation) return organisation;
  if (allowances.allowPasswordChange || allowances.secretAnswer) return undefined;
  if (account.passwordIsOneTime) return 'AUTH_PASSWORD_CHANGE_REQUIRED';
  if (now.getTime() >= account.passwordChangedAt.getTime() + passwordExpiryDays * DAY_MS) return 'AUTH_PASSWORD_EXPIRED';
  if (allowances.allowAgreementPending) return undefined;
  if (account.agreementAcceptedAt === null) return 'AUTH_AGREEMENT_REQUIRED';
  if (!allowances.allowSecretQuestionPending && account.secretAnswerHash === null) return 'AUTH_SECRET_QUESTION_REQUIRED';
  return undefined;
}
