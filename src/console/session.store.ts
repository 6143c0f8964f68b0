import { randomBytes } from 'node:crypto';
import { dateFromSql, sqlDateTime } from '../platform/data-source';
import type { Database } from '../platform/database';
import { type SessionPolicy, type SessionTimes, tokenDigest } from './session.rules';

export interface ConsoleSession extends SessionTimes {
  id: number;
  userId: number;
  username: string;
}

interface Row {
  id: number;
  user_id: number;
  username: string;
  created_at: string | Date;
  last_seen_at: string | Date;
}

/** A new session token: 32 random bytes, base64url (43 characters). */
function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The console_sessions table: one row per signed-in browser, found by the hash of its token. */
export class ConsoleSessionStore {
  constructor(private readonly db: Database) {}

  /** A session for the user; sessions that have ended by now are removed on the way (no timer needed). */
  async open(user: { userId: number; username: string }, now: Date, policy: SessionPolicy): Promise<string> {
    const token = newToken();
    await this.db.run('DELETE FROM console_sessions WHERE created_at < ? OR last_seen_at < ?', [
      sqlDateTime(new Date(now.getTime() - policy.maxHours * 3_600_000)),
      sqlDateTime(new Date(now.getTime() - policy.idleMinutes * 60_000)),
    ]);
    await this.db.run(
      'INSERT INTO console_sessions (token_hash, user_id, username, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)',
      [tokenDigest(token), user.userId, user.username, sqlDateTime(now), sqlDateTime(now)],
    );
    return token;
  }

  async find(token: string): Promise<ConsoleSession | undefined> {
    const rows = await this.db.query<Row[]>(
      'SELECT id, user_id, username, created_at, last_seen_at FROM console_sessions WHERE token_hash = ?',
      [tokenDigest(token)],
    );
    const row = rows[0];
    if (!row) return undefined;
    return {
      id: Number(row.id),
      userId: Number(row.user_id),
      username: row.username,
      createdAt: dateFromSql(row.created_at),
      lastSeenAt: dateFromSql(row.last_seen_at),
    };
  }

  async touch(id: number, now: Date): Promise<void> {
    await this.db.run('UPDATE console_sessions SET last_seen_at = ? WHERE id = ?', [sqlDateTime(now), id]);
  }

  async close(id: number): Promise<void> {
    await this.db.run('DELETE FROM console_sessions WHERE id = ?', [id]);
  }
}
