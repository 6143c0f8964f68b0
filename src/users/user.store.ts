import { sqlDateTime } from '../platform/data-source';
import type { Database } from '../platform/database';
import type { AccountStatus } from '../platform/auth/accounts';

/** A user as the admin API shows it; never the password hash, the sealed password or the secret answer. */
export interface UserRow {
  id: number;
  organisation_id: number;
  ukprn: string;
  username: string;
  title: string | null;
  given_name: string;
  family_name: string;
  email: string;
  phone_landline: string | null;
  phone_mobile: string | null;
  staff_reference: string | null;
  verification_provided: string | null;
  status: AccountStatus;
  suspended_manually: number | boolean;
  password_changed_at: string | Date;
  password_is_one_time: number | boolean;
  failed_attempts: number;
  secret_question: string | null;
  secret_question_set_at: string | Date | null;
  agreement_accepted_at: string | Date | null;
  agreement_version: string | null;
  created_at: string | Date;
  updated_at: string | Date;
  deleted_at: string | Date | null;
  last_login_at: string | Date | null;
  roles: string | null;
}

const USER_COLUMNS = `u.id, u.organisation_id, o.ukprn, u.username, u.title, u.given_name, u.family_name, u.email,
  u.phone_landline, u.phone_mobile, u.staff_reference, u.verification_provided, u.status, u.suspended_manually,
  u.password_changed_at, u.password_is_one_time, u.failed_attempts, u.secret_question, u.secret_question_set_at,
  u.agreement_accepted_at, u.agreement_version, u.created_at, u.updated_at, u.deleted_at, u.last_login_at,
  (SELECT GROUP_CONCAT(r.role) FROM user_roles r WHERE r.user_id = u.id) AS roles`;

export interface UserSearch {
  username?: string;
  givenName?: string;
  familyName?: string;
  status?: AccountStatus;
  role?: string;
  page: number;
  pageSize: number;
}

export interface NewUser {
  organisationId: number;
  username: string;
  title: string | null;
  givenName: string;
  familyName: string;
  email: string;
  phoneLandline: string | null;
  phoneMobile: string | null;
  staffReference: string | null;
  verificationProvided: string | null;
  passwordHash: string;
  passwordSealed: string | null;
  now: Date;
}

/** LIKE patterns with "!" as the escape character, on SQLite and MariaDB alike. */
function startsWith(value: string | undefined): string | null {
  return value === undefined ? null : `${value.toLowerCase().replace(/[!%_]/g, (c) => `!${c}`)}%`;
}

// One fixed statement whatever the criteria: unused criteria are NULL and match everything.
const SEARCH_WHERE = `FROM users u JOIN organisations o ON o.id = u.organisation_id
  WHERE u.organisation_id = ?
    AND (? IS NULL OR u.username LIKE ? ESCAPE '!')
    AND (? IS NULL OR LOWER(u.given_name) LIKE ? ESCAPE '!')
    AND (? IS NULL OR LOWER(u.family_name) LIKE ? ESCAPE '!')
    AND ((? IS NULL AND u.status <> 'DELETED') OR u.status = ?)
    AND (? IS NULL OR EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = ?))`;

/**
 * The users of the organisations and their roles. Every statement joins the transaction the
 * calling use case has open, if any.
 */
export class UserStore {
  constructor(private readonly db: Database) {}

  /**
   * Every read is scoped by organisation: a user of another organisation is not found, exactly
   * like a username that does not exist (guide 3.2: super users manage their own organisation).
   */
  async find(organisationId: number, username: string): Promise<UserRow | undefined> {
    const rows = await this.db.query<UserRow[]>(
      `SELECT ${USER_COLUMNS} FROM users u JOIN organisations o ON o.id = u.organisation_id
       WHERE u.organisation_id = ? AND u.username = ?`,
      [organisationId, username.toLowerCase()],
    );
    return rows[0];
  }

  async byId(userId: number): Promise<UserRow | undefined> {
    const rows = await this.db.query<UserRow[]>(
      `SELECT ${USER_COLUMNS} FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE u.id = ?`,
      [userId],
    );
    return rows[0];
  }

  /** guide 3.3 and 3.5.4 "Find User": names and username start with what is given, any case; deleted accounts only when asked. */
  async search(organisationId: number, search: UserSearch): Promise<{ rows: UserRow[]; total: number }> {
    const pair = (value: string | null) => [value, value];
    const parameters = [
      organisationId,
      ...pair(startsWith(search.username)),
      ...pair(startsWith(search.givenName)),
      ...pair(startsWith(search.familyName)),
      ...pair(search.status ?? null),
      ...pair(search.role ?? null),
    ];
    const offset = (search.page - 1) * search.pageSize;
    const [rows, count] = await Promise.all([
      this.db.query<UserRow[]>(
        `SELECT ${USER_COLUMNS} ${SEARCH_WHERE} ORDER BY u.family_name, u.given_name, u.username LIMIT ${search.pageSize} OFFSET ${offset}`,
        parameters,
      ),
      this.db.query<{ n: number | string }[]>(`SELECT COUNT(*) AS n ${SEARCH_WHERE}`, parameters),
    ]);
    return { rows, total: Number(count[0]?.n ?? 0) };
  }

  /** Every username, of any organisation and deleted or not, that starts with the prefix. */
  async takenUsernames(prefix: string): Promise<string[]> {
    const rows = await this.db.query<{ username: string }[]>("SELECT username FROM users WHERE username LIKE ? ESCAPE '!'", [
      startsWith(prefix),
    ]);
    return rows.map((r) => r.username);
  }

  /** guide 3.5.3: check the user does not already exist before creating: same names and email, active or suspended. */
  async samePersonExists(
    organisationId: number,
    person: { givenName: string; familyName: string; email: string },
    exceptUserId = 0,
  ): Promise<boolean> {
    const rows = await this.db.query<unknown[]>(
      `SELECT 1 FROM users WHERE organisation_id = ? AND status <> 'DELETED' AND id <> ?
         AND LOWER(given_name) = ? AND LOWER(family_name) = ? AND LOWER(email) = ?`,
      [organisationId, exceptUserId, person.givenName.toLowerCase(), person.familyName.toLowerCase(), person.email.toLowerCase()],
    );
    return rows.length > 0;
  }

  /** Users of the organisation, not deleted, who have not signed in since `cutoff` (or never), longest unseen first. */
  notSeenSince(organisationId: number, cutoff: Date): Promise<UserRow[]> {
    return this.db.query<UserRow[]>(
      `SELECT ${USER_COLUMNS} FROM users u JOIN organisations o ON o.id = u.organisation_id
       WHERE u.organisation_id = ? AND u.status <> 'DELETED' AND (u.last_login_at IS NULL OR u.last_login_at < ?)
       ORDER BY CASE WHEN u.last_login_at IS NULL THEN 0 ELSE 1 END, u.last_login_at, u.username`,
      [organisationId, sqlDateTime(cutoff)],
    );
  }

  /**
   * guide 3.1: "communications regarding your organisation will be sent to the most recently active
   * super user": the email of the active super user who signed in last, if any.
   */
  async mostRecentlyActiveSuperUserEmail(organisationId: number): Promise<string | null> {
    const rows = await this.db.query<{ email: string }[]>(
      `SELECT u.email FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = 'LRB_SUPER_USER'
       WHERE u.organisation_id = ? AND u.status = 'ACTIVE'
       ORDER BY CASE WHEN u.last_login_at IS NULL THEN 1 ELSE 0 END, u.last_login_at DESC, u.id LIMIT 1`,
      [organisationId],
    );
    return rows[0]?.email ?? null;
  }

  /** The active super users of the organisation, to be told about it. */
  activeSuperUsers(organisationId: number): Promise<{ id: number; email: string }[]> {
    return this.db.query<{ id: number; email: string }[]>(
      `SELECT u.id, u.email FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = 'LRB_SUPER_USER'
       WHERE u.organisation_id = ? AND u.status = 'ACTIVE'`,
      [organisationId],
    );
  }

  /** Active super users of the organisation other than `exceptUserId` (0: all of them). */
  async otherActiveSuperUsers(organisationId: number, exceptUserId: number): Promise<number> {
    const rows = await this.db.query<{ n: number | string }[]>(
      `SELECT COUNT(*) AS n FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = 'LRB_SUPER_USER'
         WHERE u.organisation_id = ? AND u.status = 'ACTIVE' AND u.id <> ?`,
      [organisationId, exceptUserId],
    );
    return Number(rows[0]?.n ?? 0);
  }

  insert(user: NewUser): Promise<number> {
    const now = sqlDateTime(user.now);
    return this.db.insert(
      `INSERT INTO users (organisation_id, username, title, given_name, family_name, email, phone_landline, phone_mobile,
         staff_reference, verification_provided, status, suspended_manually, password_hash, password_sealed, password_changed_at,
         password_is_one_time, failed_attempts, created_at, updated_at, version)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'ACTIVE', 0, ?, ?, ?, 1, 0, ?, ?, 1)`,
      [
        user.organisationId,
        user.username,
        user.title,
        user.givenName,
        user.familyName,
        user.email,
        user.phoneLandline,
        user.phoneMobile,
        user.staffReference,
        user.verificationProvided,
        user.passwordHash,
        user.passwordSealed,
        now,
        now,
        now,
      ],
    );
  }

  async replaceRoles(userId: number, roles: readonly string[]): Promise<void> {
    await this.db.run('DELETE FROM user_roles WHERE user_id = ?', [userId]);
    if (roles.length === 0) return;
    await this.db.run(`INSERT INTO user_roles (user_id, role) VALUES ${roles.map(() => '(?, ?)').join(', ')}`, [
      ...roles.flatMap((role) => [userId, role]),
    ]);
  }

  /** Sets columns of one user and stamps updated_at and version. Column names come from the code, never from input. */
  async update(userId: number, changes: Record<string, string | number | null>, now: Date): Promise<void> {
    const columns = Object.keys(changes);
    const assignments = [...columns.map((c) => `${c} = ?`), 'updated_at = ?', 'version = version + 1'].join(', ');
    await this.db.run(`UPDATE users SET ${assignments} WHERE id = ?`, [
      ...columns.map((c) => changes[c]),
      sqlDateTime(now),
      userId,
    ]);
  }

  /** guide 2.2: each acceptance of the user agreement is kept, with the version accepted. */
  async recordAgreementAcceptance(userId: number, version: string, at: Date, correlationId: string): Promise<void> {
    await this.db.run(
      'INSERT INTO agreement_acceptances (user_id, agreement_version, accepted_at, correlation_id) VALUES (?, ?, ?, ?)',
      [userId, version, sqlDateTime(at), correlationId.slice(0, 64)],
    );
  }

  /** The secret parts, read only by the use cases that check them. */
  async secretsOf(userId: number): Promise<{ passwordHash: string; secretAnswerHash: string | null }> {
    const rows = await this.db.query<{ password_hash: string; secret_answer_hash: string | null }[]>(
      'SELECT password_hash, secret_answer_hash FROM users WHERE id = ?',
      [userId],
    );
    return { passwordHash: rows[0].password_hash, secretAnswerHash: rows[0].secret_answer_hash };
  }
}
