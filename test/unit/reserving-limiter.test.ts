import { RateLimiterMemory } from 'rate-limiter-flexible';
import { reservationBlock } from '../../src/platform/http/rate-limits';
import { ReservingLimiter } from '../../src/platform/http/reserving-limiter';

/** A shared store as the processes see it, counting how often it is asked. */
function store(points: number, duration = 60) {
  const limiter = new RateLimiterMemory({ points, duration, keyPrefix: 'test' });
  const asked = { count: 0 };
  const consume = limiter.consume.bind(limiter);
  limiter.consume = (key, pointsToConsume) => {
    asked.count++;
    return consume(key, pointsToConsume);
  };
  return { limiter, asked };
}

async function admitted(limiter: ReservingLimiter, calls: number, key = 'org:1'): Promise<number> {
  const outcomes = await Promise.allSettled(Array.from({ length: calls }, () => limiter.consume(key)));
  return outcomes.filter((o) => o.status === 'fulfilled').length;
}

describe('spending a shared budget in blocks', () => {
  test('a block of 1 is exact: the store is asked on every call', async () => {
    const { limiter, asked } = store(10);
    const process = new ReservingLimiter(limiter, 1);
    expect(await admitted(process, 15)).toBe(10);
    expect(asked.count).toBeGreaterThanOrEqual(11);
  });

  test('one process asks the store once per block and is refused only when the budget is spent', async () => {
    const { limiter, asked } = store(100);
    const process = new ReservingLimiter(limiter, 10);
    for (let i = 0; i < 100; i++) await process.consume('org:1');
    expect(asked.count).toBe(10);
    await expect(process.consume('org:1')).rejects.toMatchObject({ msBeforeNext: expect.any(Number) });
  });

  test('many processes never admit more than the limit together, and lose at most a block each', async () => {
    const { limiter } = store(1000);
    const processes = Array.from({ length: 4 }, () => new ReservingLimiter(limiter, 7));
    let total = 0;
    // Interleaved, as a load balancer spreads calls.
    for (let round = 0; round < 400; round++) {
      for (const process of processes) {
        total += await process.consume('org:1').then(
          () => 1,
          () => 0,
        );
      }
    }
    expect(total).toBeLessThanOrEqual(1000);
    expect(total).toBeGreaterThanOrEqual(1000 - 4 * 7);
  });

  test('calls that arrive together while a block is being taken share it instead of taking more', async () => {
    const { limiter, asked } = store(1000);
    const process = new ReservingLimiter(limiter, 50);
    expect(await admitted(process, 120)).toBe(120);
    expect(asked.count).toBe(3);
  });

  test('near the limit a process keeps the part of a block that was still free', async () => {
    const { limiter } = store(25);
    const process = new ReservingLimiter(limiter, 10);
    expect(await admitted(process, 30)).toBe(25);
  });

  test('keys are budgets of their own, and a new window brings a new budget', async () => {
    const { limiter } = store(3, 1);
    const process = new ReservingLimiter(limiter, 1);
    expect(await admitted(process, 5, 'org:1')).toBe(3);
    expect(await admitted(process, 5, 'org:2')).toBe(3);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await admitted(process, 5, 'org:1')).toBe(3);
  });

  test('the block is half a percent of the limit, and 1 for small limits', () => {
    expect([1, 10, 399, 400, 6000, 12_000].map(reservationBlock)).toEqual([1, 1, 1, 2, 30, 60]);
  });
});
