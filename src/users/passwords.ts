import type { PasswordHasher } from '../platform/auth/password-hashing';
import type { PasswordSeal } from '../platform/auth/password-sealing';
import { sqlDateTime } from '../platform/data-source';
import { DomainError } from '../platform/errors';
import { generateOneTimePassword } from './one-time-password';
import { describeViolations, passwordPolicyViolations } from './password-policy.rules';

/**
 * Setting a user's password, the one way: scrypt hash, and when a digest key is configured the
 * sealed copy too, so WS-Security PasswordDigest keeps working (password-sealing.ts). Hashing
 * runs before the transaction: on SQLite transactions queue, and a slow KDF would hold the queue.
 */
export class Passwords {
  constructor(
    private readonly hasher: PasswordHasher,
    private readonly seal: PasswordSeal | undefined,
  ) {}

  /** The users columns for a new password; a one-time password must be changed at next use (guide 2.3.1). */
  async columns(password: string, oneTime: boolean, now: Date): Promise<Record<string, string | number | null>> {
    return {
      password_hash: await this.hasher.hash(password),
      password_sealed: this.seal?.seal(password) ?? null,
      password_changed_at: sqlDateTime(now),
      password_is_one_time: oneTime ? 1 : 0,
      failed_attempts: 0,
    };
  }

  /** A fresh one-time password and its columns (guide 3.5.3, 3.5.6.4). */
  async oneTime(now: Date): Promise<{ password: string; columns: Record<string, string | number | null> }> {
    const password = generateOneTimePassword();
    return { password, columns: await this.columns(password, true, now) };
  }

  /** guide 3.4, with every broken rule named. */
  static checkPolicy(password: string): void {
    const violations = passwordPolicyViolations(password);
    if (violations.length > 0) throw new DomainError('PASSWORD_POLICY', describeViolations('The password', violations));
  }

  verify(secret: string, hash: string): Promise<boolean> {
    return this.hasher.verify(secret, hash);
  }

  hash(secret: string): Promise<string> {
    return this.hasher.hash(secret);
  }

  /** Spends a check's time when there is nothing to check, so the answer's timing tells nothing. */
  waste(secret: string): Promise<void> {
    return this.hasher.waste(secret);
  }
}
