import { DEFAULTS } from '../../soak/options';
import { soakDatabase } from '../../soak/soak';
import { renderResult } from '../../soak/summary';

/**
 * `npm run soak` in miniature, so that it does not rot: 15 s of every kind of traffic from six
 * clients, two workers with one SIGKILLed, one gateway restart, on SQLite, the gateway and the
 * workers run from the TypeScript sources. Every check of the full soak must pass.
 */
test('a 15-second soak on SQLite passes every check', async () => {
  const result = await soakDatabase(
    'sqlite',
    { ...DEFAULTS, databases: ['sqlite'], durationSeconds: 15, clients: 6, learners: 500, maxRequests: 20_000, launch: 'source' },
    () => undefined,
  );
  const failed = result.checks.filter((c) => !c.passed);
  if (failed.length > 0) process.stdout.write(renderResult(result));
  expect(failed).toEqual([]);
}, 150_000);
