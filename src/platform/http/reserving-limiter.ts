import { type RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';

interface Reservation {
  /** Points this process holds for the key in the current window and has not spent yet. */
  left: number;
  /** When the shared window ends (epoch ms): the reservation is void after it. */
  until: number;
  /** A reservation being taken from the store: callers that find nothing left wait for it. */
  taking?: Promise<void>;
}

/**
 * Spends a shared (database) budget in blocks: one round trip to the store takes `block` points
 * for this process, and the next `block - 1` calls are decided in memory. The store never lets
 * the processes together take more than the limit, so the limit holds in total; what a process
 * has taken and not spent when the window ends is lost, so near the limit a caller may be
 * refused up to one block per process early. A block of 1 is exact and asks the store every time.
 */
export class ReservingLimiter {
  private readonly reservations = new Map<string, Reservation>();
  private sweptAt = 0;

  constructor(
    private readonly shared: RateLimiterAbstract,
    private readonly block: number,
  ) {}

  /** Resolves when a point was spent; rejects with a RateLimiterRes when none is left this window. */
  async consume(key: string): Promise<void> {
    for (;;) {
      const held = this.reservations.get(key);
      if (held?.taking) {
        // Whatever it brings is looked at again on the next turn of the loop.
        await held.taking.catch(() => undefined);
        continue;
      }
      const current = held && held.until > Date.now() ? held : undefined;
      if (current && current.left > 0) {
        current.left--;
        return;
      }
      await this.take(key, current);
    }
  }

  /** Takes the next block from the store; over the limit, keeps whatever part of it was still free. */
  private take(key: string, current: Reservation | undefined): Promise<void> {
    const reservation: Reservation = current ?? { left: 0, until: 0 };
    reservation.taking = this.shared.consume(key, this.block).then(
      (res) => {
        reservation.left += this.block;
        reservation.until = Date.now() + res.msBeforeNext;
        reservation.taking = undefined;
      },
      (refusal: unknown) => {
        reservation.taking = undefined;
        if (!(refusal instanceof RateLimiterRes)) throw refusal;
        reservation.until = Date.now() + refusal.msBeforeNext;
        // The part of the block that was still free before this take. A refusal that never reached
        // the store (the key is blocked in this process's memory) says 0 points consumed: nothing free.
        const free = this.block - Math.max(0, refusal.consumedPoints - this.shared.points);
        if (free > 0 && refusal.consumedPoints > 0) {
          reservation.left += free;
          return;
        }
        throw refusal;
      },
    );
    this.reservations.set(key, reservation);
    this.forgetExpired();
    return reservation.taking;
  }

  /** Keys of past windows are dropped, at most once a second, once there are many: the map holds current callers. */
  private forgetExpired(): void {
    const now = Date.now();
    if (this.reservations.size < 10_000 || now - this.sweptAt < 1000) return;
    this.sweptAt = now;
    for (const [key, reservation] of this.reservations) {
      if (reservation.until <= now && !reservation.taking) this.reservations.delete(key);
    }
  }
}
