/** How one request ended, from the soak's point of view. */
export type Category = 'accepted' | 'refused-as-expected' | 'unavailable' | 'failed';

export interface KindStats {
  requests: number;
  accepted: number;
  refusedAsExpected: number;
  unavailable: number;
  failed: number;
  /** Latency of every request that got an HTTP answer, in ms. */
  latencies: number[];
}

const KEPT_FAILURES = 25;

/**
 * The counts and latencies of everything the clients sent, by kind of request, and the
 * request budget: once `maxRequests` were sent, or the deadline passed, no new operation starts.
 */
export class Traffic {
  readonly kinds = new Map<string, KindStats>();
  readonly failures: string[] = [];
  /** Failures by kind of request: the soak passes only with none. */
  readonly failuresByKind = new Map<string, number>();
  /** Operations whose first outcome was unknown and a retry showed already carried out. */
  reconciled = 0;
  requests = 0;
  private readonly started = performance.now();
  private stopAt: number;
  private stopped = false;
  /** Disturbances still to come: the traffic outlasts its duration until they have all happened. */
  private holds = 0;

  constructor(
    durationMs: number,
    private readonly maxRequests: number,
  ) {
    this.stopAt = this.started + durationMs;
  }

  /** False once the run is over: clients finish the operation in hand and stop. */
  get running(): boolean {
    return !this.stopped && this.requests < this.maxRequests && (performance.now() < this.stopAt || this.holds > 0);
  }

  /** Keeps the traffic going past its duration until `done` settles (on a slow machine the
   *  planned disturbances must still all land while clients are busy). */
  async holdUntil<T>(done: Promise<T>): Promise<T> {
    this.holds++;
    try {
      return await done;
    } finally {
      this.holds--;
    }
  }

  /** Ends the run early (a fatal problem elsewhere). */
  stop(): void {
    this.stopped = true;
  }

  get elapsedMs(): number {
    return performance.now() - this.started;
  }

  record(kind: string, category: Category, latencyMs?: number): void {
    const stats = this.stats(kind);
    stats.requests++;
    this.requests++;
    if (category === 'accepted') stats.accepted++;
    else if (category === 'refused-as-expected') stats.refusedAsExpected++;
    else if (category === 'unavailable') stats.unavailable++;
    else stats.failed++;
    if (latencyMs !== undefined) stats.latencies.push(latencyMs);
  }

  /** A failure of the soak that is not one request's (a batch job that did not finish, say). */
  fail(kind: string, detail: string): void {
    this.failuresByKind.set(kind, (this.failuresByKind.get(kind) ?? 0) + 1);
    if (this.failures.length < KEPT_FAILURES) this.failures.push(`${kind}: ${detail}`);
  }

  private stats(kind: string): KindStats {
    let stats = this.kinds.get(kind);
    if (!stats) {
      stats = { requests: 0, accepted: 0, refusedAsExpected: 0, unavailable: 0, failed: 0, latencies: [] };
      this.kinds.set(kind, stats);
    }
    return stats;
  }
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
