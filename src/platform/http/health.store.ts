import type { Database } from '../database';

/** What the readiness probe asks of the database. */
export class HealthStore {
  constructor(private readonly db: Database) {}

  /** Resolves when the database answers a trivial statement; rejects when it cannot be reached. */
  async ping(): Promise<void> {
    await this.db.query('SELECT 1');
  }
}
