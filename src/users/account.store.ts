import type { Account, AccountStatus, AccountStore, OrganisationCredentials } from '../platform/auth/accounts';
import { isRole } from '../platform/auth/roles';
import { dateFromSql, isUniqueViolation, sqlDateTime } from '../platform/data-source';
import type { Database } from '../platform/database';
import { USER_AGREEMENT_VERSION } from './user-agreement';

interface AccountRow {
  user_id: number;
  username: string;
  status: AccountStatus;
  password_hash: string;
  password_sealed: string | null;
  password_changed_at: string | Date;
  password_is_one_time: number | boolean;
  failed_attempts: number;
  agreement_accepted_at: string | Date | null;
  agreement_version: string | null;
  secret_answer_hash: string | null;
  last_login_at: string | Date | null;
  organisation_id: number;
  ukprn: string;
  kind: string;
  organisation_status: string;
  roles: string | null;
}

// Plain SQL, because this runs on every authenticated call: one indexed read, no ORM overhead.
const ACCOUNT_BY_USERNAME = `
  SELECT u.id AS user_id, u.username, u.status, u.password_hash, u.password_sealed, u.password_changed_at,
         u.password_is_one_time, u.failed_attempts, u.agreement_accepted_at, u.agreement_version, u.secret_answer_hash, u.last_login_at,
         o.id AS organisation_id, o.ukprn, o.kind, o.status AS organisation_status,
         (SELECT GROUP_CONCAT(r.role) FROM user_roles r WHERE r.user_id = u.id) AS roles
  FROM users u JOIN organisations o ON o.id = u.organisation_id
  WHERE u.username = ?`;

export class SqlAccountStore implements AccountStore {
  constructor(private readonly db: Database) {}

  async findByUsername(username: string): Promise<Account | undefined> {
    const rows = await this.db.query<AccountRow[]>(ACCOUNT_BY_USERNAME, [username]);
    // MariaDB's collation matches 'VICTOR.VANCE', 'víctor.vance' and 'victor.vance ' too; SQLite does not.
    // A username is compared exactly, on both (docs/decisions/0048-exact-usernames.md).
    const row = rows.find((candidate) => candidate.username === username);
    if (!row) return undefined;
    return {
      userId: row.user_id,
      username: row.username,
      status: row.status,
      passwordHash: row.password_hash,
      passwordSealed: row.password_sealed,
      passwordChangedAt: dateFromSql(row.password_changed_at),
      passwordIsOneTime: Boolean(row.password_is_one_time),
      failedAttempts: row.failed_attempts,
      // Only an acceptance of the current version counts: a new agreement is accepted again (guide 2.2).
      agreementAcceptedAt:
        row.agreement_accepted_at === null || row.agreement_version !== USER_AGREEMENT_VERSION
          ? null
          : dateFromSql(row.agreement_accepted_at),
      secretAnswerHash: row.secret_answer_hash,
      lastLoginAt: row.last_login_at === null ? null : dateFromSql(row.last_login_at),
      organisationId: row.organisation_id,
      organisationUkprn: row.ukprn,
      organisationKind: row.kind,
      organisationStatus: row.organisation_status,
      roles: row.roles ? row.roles.split(',').filter(isRole).sort() : [],
    };
  }

  async findOrganisation(ref: { ukprn?: string; organisationRef?: string }): Promise<OrganisationCredentials | undefined> {
    const [column, value] = ref.ukprn ? ['ukprn', ref.ukprn] : ['organisation_ref', ref.organisationRef];
    if (!value) return undefined;
    const rows = await this.db.query<{ id: number; ukprn: string; status: string; ws_password_hash: string | null }[]>(
      `SELECT id, ukprn, status, ws_password_hash FROM organisations WHERE ${column} = ?`,
      [value],
    );
    const row = rows[0];
    return row && { organisationId: row.id, ukprn: row.ukprn, status: row.status, wsPasswordHash: row.ws_password_hash };
  }

  async recordFailedAttempt(userId: number, threshold: number): Promise<{ suspended: boolean }> {
    // status is assigned first: MySQL evaluates SET left to right with new values, SQLite with old ones;
    // in this order both read the old failed_attempts.
    await this.db.run(
      `UPDATE users SET status = CASE WHEN status = 'ACTIVE' AND failed_attempts + 1 >= ? THEN 'SUSPENDED' ELSE status END,
              failed_attempts = failed_attempts + 1
       WHERE id = ?`,
      [threshold, userId],
    );
    const rows = await this.db.query<{ status: string; failed_attempts: number }[]>(
      'SELECT status, failed_attempts FROM users WHERE id = ?',
      [userId],
    );
    return { suspended: rows[0]?.status === 'SUSPENDED' && rows[0].failed_attempts === threshold };
  }

  async clearFailedAttempts(userId: number): Promise<void> {
    await this.db.run('UPDATE users SET failed_attempts = 0 WHERE id = ? AND failed_attempts > 0', [userId]);
  }

  async recordLogin(userId: number, at: Date): Promise<void> {
    await this.db.run('UPDATE users SET last_login_at = ? WHERE id = ?', [sqlDateTime(at), userId]);
  }

  async rememberNonce(nonceHash: string, seenAt: Date): Promise<boolean> {
    try {
      await this.db.run('INSERT INTO wsse_nonces (nonce_hash, seen_at) VALUES (?, ?)', [nonceHash, sqlDateTime(seenAt)]);
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  async forgetNoncesBefore(cutoff: Date): Promise<void> {
    await this.db.run('DELETE FROM wsse_nonces WHERE seen_at < ?', [sqlDateTime(cutoff)]);
  }
}
