import type { EntityManager } from 'typeorm';
import type { Clock } from '../platform/clock';
import { dateFromSql, sqlDateTime } from '../platform/data-source';
import type { Database } from '../platform/database';
import {
  type FindType,
  type RecentSearch,
  type SearchedDetails,
  searchDetailsKey,
  type SearchOutcome,
  searchOutcomeOf,
} from './registration.rules';

/** An organisation's searches for some details since a moment (IDX_recent_learner_searches_key). */
export const RECENT_SEARCHES = `SELECT find_type, outcome, searched_at FROM recent_learner_searches
  WHERE organisation_id = ? AND details_key = ? AND searched_at >= ?`;

/** One learnerByDemographics search, as the find operation reports it after answering. */
export interface SearchMade {
  organisationId: number;
  findType: FindType;
  /** The mandatory details searched on: only their hash is kept. */
  details: SearchedDetails;
  /** The response code the search answered (WSRC0001 ... WSRC0004, WSRC0022). */
  responseCode: string;
}

/**
 * The learner searches of the last minutes, for the find-before-register rule
 * (docs/decisions/0085-registering-and-updating-learners.md). Kept by organisation and the hash of
 * the details searched on, never the details; a search older than the window is of no use, and is
 * deleted when the next one is recorded.
 */
export class RecentLearnerSearches {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly windowSeconds: number,
  ) {}

  /**
   * What the find operation calls after every learnerByDemographics search it answers. Outside a
   * transaction, it writes on its own; `manager`, when the search ran inside one.
   */
  async record(search: SearchMade, manager?: EntityManager): Promise<void> {
    const now = this.clock.now();
    const write = (sql: string, parameters: unknown[]) =>
      manager ? manager.query(sql, parameters) : this.db.write(sql, parameters);
    await write('DELETE FROM recent_learner_searches WHERE searched_at < ?', [
      sqlDateTime(new Date(now.getTime() - this.windowSeconds * 1000)),
    ]);
    await write(
      'INSERT INTO recent_learner_searches (organisation_id, find_type, details_key, outcome, searched_at) VALUES (?, ?, ?, ?, ?)',
      [
        search.organisationId,
        search.findType,
        searchDetailsKey(search.details),
        searchOutcomeOf(search.responseCode),
        sqlDateTime(now),
      ],
    );
  }

  /** The organisation's searches for these details within the window. */
  async recent(organisationId: number, details: SearchedDetails): Promise<RecentSearch[]> {
    const since = new Date(this.clock.now().getTime() - this.windowSeconds * 1000);
    const rows = await this.db.query<{ find_type: string; outcome: string; searched_at: string | Date }[]>(RECENT_SEARCHES, [
      organisationId,
      searchDetailsKey(details),
      sqlDateTime(since),
    ]);
    return rows.map((row) => ({
      findType: row.find_type as FindType,
      outcome: row.outcome as SearchOutcome,
      searchedAt: dateFromSql(row.searched_at),
    }));
  }
}
