import { dateFromSql, sqlDateTime } from '../platform/data-source';
import type { Database } from '../platform/database';
import type { MaintenanceWindow } from './maintenance.rules';

interface WindowRow {
  id: number | string;
  starts_at: string | Date;
  ends_at: string | Date | null;
  reason: string;
}

/** The maintenance windows every process shares (docs/decisions/0060-maintenance-windows.md). */
export class MaintenanceWindowStore {
  constructor(private readonly db: Database) {}

  /** The windows that have not ended by `now`, soonest first. */
  async notEndedBy(now: Date): Promise<MaintenanceWindow[]> {
    const rows = await this.db.query<WindowRow[]>(
      'SELECT * FROM maintenance_windows WHERE ends_at IS NULL OR ends_at > ? ORDER BY starts_at, id',
      [sqlDateTime(now)],
    );
    return rows.map((row) => ({
      id: Number(row.id),
      startsAt: dateFromSql(row.starts_at),
      endsAt: row.ends_at === null ? null : dateFromSql(row.ends_at),
      reason: row.reason,
    }));
  }

  /** A new window, scheduled by `by` at `at`; its id. */
  schedule(window: Omit<MaintenanceWindow, 'id'>, by: string, at: Date): Promise<number> {
    return this.db.insert(
      'INSERT INTO maintenance_windows (starts_at, ends_at, reason, scheduled_by, scheduled_at) VALUES (?, ?, ?, ?, ?)',
      [sqlDateTime(window.startsAt), window.endsAt && sqlDateTime(window.endsAt), window.reason, by, sqlDateTime(at)],
    );
  }

  /** Every window in force at `now` ends then. */
  async endInForce(now: Date): Promise<void> {
    const at = sqlDateTime(now);
    await this.db.run('UPDATE maintenance_windows SET ends_at = ? WHERE starts_at <= ? AND (ends_at IS NULL OR ends_at > ?)', [
      at,
      at,
      at,
    ]);
  }

  /** Whether the window exists and starts after `now`. */
  async startsAfter(id: number, now: Date): Promise<boolean> {
    const rows = await this.db.query<unknown[]>('SELECT id FROM maintenance_windows WHERE id = ? AND starts_at > ?', [
      id,
      sqlDateTime(now),
    ]);
    return rows.length > 0;
  }

  async remove(id: number): Promise<void> {
    await this.db.run('DELETE FROM maintenance_windows WHERE id = ?', [id]);
  }
}
