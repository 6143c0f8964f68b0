import { isIP } from 'node:net';
import type { Request, Response } from 'express';
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterMySQL, RateLimiterRes } from 'rate-limiter-flexible';
import type { Config } from '../../config';
import type { Database } from '../database';
import { RetryLaterError } from '../errors';
import type { Logger } from '../logger';
import type { GatewayMetrics } from '../metrics/metrics';
import { RATE_LIMIT_TABLE, RateLimitStore } from './rate-limits.store';
import { ReservingLimiter } from './reserving-limiter';

export type LimitedSurface = 'soap' | 'admin';
/** Before authentication a caller is its source address; after it, its organisation. */
export type LimitScope = 'address' | 'organisation';

/** The RATE_LIMITED refusal, with how long the caller should wait (Retry-After). */
export class RateLimitedError extends RetryLaterError {
  constructor(retryAfterSeconds: number, scope: LimitScope) {
    super('RATE_LIMITED', retryAfterSeconds, `Too many requests from your ${scope}; retry after ${retryAfterSeconds} s`);
  }
}

/** Sets Retry-After on the answer to a refusal that passes (rate limits, maintenance); every error writer calls it. */
export function setRetryAfter(res: Response, error: unknown): void {
  if (error instanceof RetryLaterError) res.setHeader('Retry-After', String(error.retryAfterSeconds));
}

/** The caller's address (through the trusted proxies of TRUST_PROXY); anything that is not an address counts as one caller. */
export function sourceAddress(req: Request): string {
  const address = req.ip ?? req.socket.remoteAddress ?? '';
  return isIP(address) === 0 ? 'unknown' : address;
}

/**
 * Fixed-window request limits per source address (checked first, before the body is read) and
 * per organisation (after authentication), separately for the SOAP surfaces and the admin API.
 * On MySQL/MariaDB the counters live in the database, so N gateway processes share one budget;
 * on SQLite they live in the process's memory (a single host; docs/rate-limits.md).
 */
export class RateLimits {
  private readonly limiters = new Map<string, { consume(key: string): Promise<unknown> }>();
  private sweep: NodeJS.Timeout | undefined;

  private constructor(private readonly metrics: GatewayMetrics) {}

  static create(config: Config, db: Database, metrics: GatewayMetrics, logger: Logger): RateLimits {
    const shared = sharesCounters(config, db);
    const limits = new RateLimits(metrics);
    if (!config.rateLimitEnabled) return limits;
    const budgets: [LimitedSurface, LimitScope, number][] = [
      ['soap', 'address', config.rateLimitSoapPerAddress],
      ['soap', 'organisation', config.rateLimitSoapPerOrganisation],
      ['admin', 'address', config.rateLimitAdminPerAddress],
      ['admin', 'organisation', config.rateLimitAdminPerOrganisation],
    ];
    for (const [surface, scope, points] of budgets) {
      if (points === 0) continue;
      const options = { keyPrefix: `${surface}-${scope}`, points, duration: config.rateLimitWindowSeconds };
      // The memory limiter stands in for the database one if the database fails, rather than failing the call.
      const memory = new RateLimiterMemory(options);
      limits.limiters.set(
        `${surface}:${scope}`,
        shared ? new ReservingLimiter(sharedLimiter(db, options, memory), reservationBlock(points)) : memory,
      );
    }
    if (shared) limits.sweepExpired(new RateLimitStore(db), logger);
    return limits;
  }

  /** Resolves when the request may go on; rejects with RateLimitedError when over the limit. */
  check(surface: LimitedSurface, scope: LimitScope, key: string | number): Promise<void> {
    const limiter = this.limiters.get(`${surface}:${scope}`);
    if (!limiter) return Promise.resolve();
    return limiter.consume(String(key)).then(
      () => undefined,
      (refusal: unknown) => {
        if (!(refusal instanceof RateLimiterRes)) throw refusal;
        this.metrics.rateLimited.inc({ surface, scope });
        throw new RateLimitedError(Math.max(1, Math.ceil(refusal.msBeforeNext / 1000)), scope);
      },
    );
  }

  close(): void {
    if (this.sweep) clearInterval(this.sweep);
  }

  /** Rows of windows that ended an hour ago go, so the table holds only live callers. */
  private sweepExpired(store: RateLimitStore, logger: Logger): void {
    this.sweep = setInterval(() => {
      store
        .forgetEndedBefore(Date.now() - 3_600_000)
        .catch((error: unknown) => logger.warn('rate limit sweep failed', { error: String(error) }));
    }, 300_000);
    this.sweep.unref();
  }
}

/** Whether counters live in the database, shared by every gateway process, or in each process's memory. */
function sharesCounters(config: Config, db: Database): boolean {
  return config.rateLimitEnabled && config.rateLimitStore !== 'memory' && !db.sqlite;
}

/**
 * One exact budget of `points` per key and window, kept where the request limits are kept
 * (RATE_LIMIT_STORE); for small budgets that are read as well as spent (wrong organisation passwords).
 */
export function budgetLimiter(
  config: Config,
  db: Database,
  options: { keyPrefix: string; points: number; duration: number },
): RateLimiterAbstract {
  const memory = new RateLimiterMemory(options);
  return sharesCounters(config, db) ? sharedLimiter(db, options, memory) : memory;
}

/**
 * How many points a process takes from the shared budget at a time: 0.5% of the limit, so that
 * at most that much per process goes unspent in a window; 1 (exact) for limits under 400.
 */
export function reservationBlock(points: number): number {
  return Math.max(1, Math.floor(points / 200));
}

function sharedLimiter(
  db: Database,
  options: { keyPrefix: string; points: number; duration: number },
  insurance: RateLimiterMemory,
): RateLimiterAbstract {
  // rate-limiter-flexible keeps its counters itself, on the pool's connections.
  const driver = db.dataSource.driver as unknown as { pool: unknown; database?: string };
  return new RateLimiterMySQL({
    ...options,
    storeClient: driver.pool,
    storeType: 'pool',
    dbName: driver.database,
    tableName: RATE_LIMIT_TABLE,
    tableCreated: true,
    clearExpiredByTimeout: false,
    // Once a key is over its limit this process refuses it without asking the database until the window ends.
    inMemoryBlockOnConsumed: options.points,
    insuranceLimiter: insurance,
  });
}
