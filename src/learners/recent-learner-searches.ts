import type { Clock } from '../platform/clock';
import type { Database } from '../platform/database';
import { RecentLearnerSearchStore } from './recent-learner-search.store';
import { type FindType, type RecentSearch, type SearchedDetails, searchDetailsKey, searchOutcomeOf } from './registration.rules';

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
  private readonly store: RecentLearnerSearchStore;

  constructor(
    db: Database,
    private readonly clock: Clock,
    private readonly windowSeconds: number,
  ) {
    this.store = new RecentLearnerSearchStore(db);
  }

  /** What the find operation calls after every learnerByDemographics search it answers (in its transaction, if one is open). */
  async record(search: SearchMade): Promise<void> {
    const now = this.clock.now();
    await this.store.forgetBefore(new Date(now.getTime() - this.windowSeconds * 1000));
    await this.store.add(search.organisationId, searchDetailsKey(search.details), {
      findType: search.findType,
      outcome: searchOutcomeOf(search.responseCode),
      searchedAt: now,
    });
  }

  /** The organisation's searches for these details within the window. */
  async recent(organisationId: number, details: SearchedDetails): Promise<RecentSearch[]> {
    const since = new Date(this.clock.now().getTime() - this.windowSeconds * 1000);
    return this.store.since(organisationId, searchDetailsKey(details), since);
  }
}
