import type { Database } from '../database';

/** The change_counters table (migration 1765170000000-ChangeCounters): one version per cached concept. */
export class ChangeCountersStore {
  constructor(private readonly db: Database) {}

  /** Every counter's version, by its concept's name, in one statement. */
  async versions(): Promise<Map<string, number>> {
    const rows = await this.db.query<{ name: string; version: number | string }[]>('SELECT name, version FROM change_counters');
    return new Map(rows.map((row) => [row.name, Number(row.version)]));
  }
}
