import type { CountersRead } from '../cache/change-counters';
import type { Role } from './roles';
/** The port through which authentication reads and updates accounts (implemented in users/). */
export type AccountStatus = 'ACTIVE' | 'SUSPENDED' | 'DELETED';

export interface Account {
  userId: number;
  username: string;
  status: AccountStatus;
  passwordHash: string;
  passwordSealed: string | null;
  passwordChangedAt: Date;
  passwordIsOneTime: boolean;
  failedAttempts: number;
  /** Acceptance of the current version of the user agreement; null when pending. */
  agreementAcceptedAt: Date | null;
  /** The slow-KDF hash of the normalised secret answer; null until the user sets a secret question. */
  secretAnswerHash: string | null;
  /** The last successful login, recorded to the minute (login-record.ts). */
  lastLoginAt: Date | null;
  organisationId: number;
  organisationUkprn: string;
  organisationKind: string;
  organisationStatus: string;
  roles: Role[];
  /** The change counters this read was checked against, when it came through the cache (cached-account-store.ts). */
  countersRead?: CountersRead;
}

export interface OrganisationCredentials {
  organisationId: number;
  ukprn: string;
  status: string;
  wsPasswordHash: string | null;
  countersRead?: CountersRead;
}

/** Who is calling, once authenticated. */
export interface Principal {
  userId: number;
  username: string;
  organisationId: number;
  organisationUkprn: string;
  organisationKind: string;
  roles: Role[];
  /**
   * The change counters read when the caller was authenticated: the call's later cached reads
   * (learners, reference lists) check against them instead of reading them again.
   */
  countersRead?: CountersRead;
}

export interface AccountStore {
  /** `reuse`: the change counters this call has already read (an organisation read first). */
  findByUsername(username: string, reuse?: CountersRead): Promise<Account | undefined>;
  findOrganisation(ref: { ukprn?: string; organisationRef?: string }): Promise<OrganisationCredentials | undefined>;
  /** Counts a wrong password; suspends the account when the count reaches the threshold. */
  recordFailedAttempt(userId: number, threshold: number): Promise<{ suspended: boolean }>;
  clearFailedAttempts(userId: number): Promise<void>;
  recordLogin(userId: number, at: Date): Promise<void>;
  /** False when the nonce was already seen (a replay). */
  rememberNonce(nonceHash: string, seenAt: Date): Promise<boolean>;
  forgetNoncesBefore(cutoff: Date): Promise<void>;
}

export function toPrincipal(account: Account): Principal {
  return {
    userId: account.userId,
    username: account.username,
    organisationId: account.organisationId,
    organisationUkprn: account.organisationUkprn,
    organisationKind: account.organisationKind,
    roles: account.roles,
    ...(account.countersRead ? { countersRead: account.countersRead } : {}),
  };
}
