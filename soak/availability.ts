/**
 * The windows in which the gateway is deliberately down (from SIGTERM until the new process is
 * ready, plus a short grace). A connection failure that overlaps one is 'unavailable', an
 * expected outcome; the same failure outside every window is a failure of the soak.
 */
export class Availability {
  private readonly windows: { from: number; to: number | undefined }[] = [];
  private waiters: (() => void)[] = [];

  constructor(
    private readonly hooks: { down(): void; up(): void },
    private readonly graceMs = 1000,
  ) {}

  /** The gateway is about to go down. */
  down(): void {
    this.windows.push({ from: performance.now(), to: undefined });
    this.hooks.down();
  }

  /** The gateway answers again. */
  up(): void {
    const open = this.windows[this.windows.length - 1];
    if (open && open.to === undefined) open.to = performance.now() + this.graceMs;
    this.hooks.up();
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  get isDown(): boolean {
    const last = this.windows[this.windows.length - 1];
    return last !== undefined && last.to === undefined;
  }

  /** Did a request that ran from `start` to `end` (performance.now() times) overlap a window? */
  overlaps(start: number, end: number): boolean {
    return this.windows.some((w) => start <= (w.to ?? Infinity) && end >= w.from);
  }

  /** Resolves once the gateway is up again (at once when it is up). */
  whenUp(): Promise<void> {
    if (!this.isDown) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Milliseconds the gateway was down, window by window (without the grace). */
  downtimes(): number[] {
    return this.windows.filter((w) => w.to !== undefined).map((w) => (w.to as number) - this.graceMs - w.from);
  }
}
