import { dateFromSql, sqlDateTime } from '../platform/data-source';
import type { Database } from '../platform/database';
import type { FindType, RecentSearch, SearchOutcome } from './registration.rules';

/** An organisation's searches for some details since a moment (IDX_recent_learner_searches_key). */
export const RECENT_SEARCHES = `SELECT find_type, outcome, searched_at FROM recent_learner_searches
  WHERE organisation_id = ? AND details_key = ? AND searched_at >= ?`;

/** The learner searches of the last minutes, by organisation and the hash of the details searched on. */
export class RecentLearnerSearchStore {
  constructor(private readonly db: Database) {}

  /** Forgets the searches made before `before`. */
  async forgetBefore(before: Date): Promise<void> {
    await this.db.run('DELETE FROM recent_learner_searches WHERE searched_at < ?', [sqlDateTime(before)]);
  }

  async add(organisationId: number, detailsKey: string, search: RecentSearch): Promise<void> {
    await this.db.run(
      'INSERT INTO recent_learner_searches (organisation_id, find_type, details_key, outcome, searched_at) VALUES (?, ?, ?, ?, ?)',
      [organisationId, search.findType, detailsKey, search.outcome, sqlDateTime(search.searchedAt)],
    );
  }

  /** The organisation's searches for the details of this key since `since`. */
  async since(organisationId: number, detailsKey: string, since: Date): Promise<RecentSearch[]> {
    const rows = await this.db.query<{ find_type: string; outcome: string; searched_at: string | Date }[]>(RECENT_SEARCHES, [
      organisationId,
      detailsKey,
      sqlDateTime(since),
    ]);
    return rows.map((row) => ({
      findType: row.find_type as FindType,
      outcome: row.outcome as SearchOutcome,
      searchedAt: dateFromSql(row.searched_at),
    }));
  }
}
