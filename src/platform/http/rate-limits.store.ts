import type { Database } from '../database';

/** The table of the shared counters (migration RateLimits1765000000000); rate-limiter-flexible's own layout. */
export const RATE_LIMIT_TABLE = 'rate_limits';

/** The shared request counters, as far as the gateway itself touches them (rate-limiter-flexible keeps them). */
export class RateLimitStore {
  constructor(private readonly db: Database) {}

  /** Removes the counters of windows that ended before `before` (ms since the epoch). */
  async forgetEndedBefore(before: number): Promise<void> {
    await this.db.run(`DELETE FROM ${RATE_LIMIT_TABLE} WHERE expire < ?`, [before]);
  }
}
