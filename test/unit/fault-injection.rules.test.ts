import { faultCodeOf, planInjection } from '../../src/fault-injection/fault-injection.rules';

const NOW = new Date('2026-12-06T10:00:00Z');
const OPERATIONS = new Set(['verifyLearner', 'VerifyLearner', 'CreateAchievement']);
const plan = (request: Record<string, unknown>) =>
  planInjection({ count: 1, expiresInSeconds: 60, ...request } as never, OPERATIONS, NOW);

describe('what a developer may inject into their next calls', () => {
  test.each([
    [
      { action: 'DELAY', delayMs: 1500 },
      { action: 'DELAY', delayMs: 1500, errorCode: null, operation: null },
    ],
    [
      { action: 'HTTP_503', operation: 'verifyLearner' },
      { action: 'HTTP_503', operation: 'verifyLearner' },
    ],
    [
      { action: 'RESET', count: 3 },
      { action: 'RESET', count: 3 },
    ],
    [{ action: 'TIMEOUT' }, { action: 'TIMEOUT' }],
    [
      { action: 'FAULT', fault: 'WSEC0004' },
      { action: 'FAULT', errorCode: 'SERVICE_MAINTENANCE' },
    ],
    [
      { action: 'FAULT', fault: 'WSEC0999' },
      { action: 'FAULT', errorCode: 'INTERNAL_ERROR' },
    ],
    [{ action: 'FAULT', fault: 'WSEC0005' }, { action: 'FAULT' }],
    [
      { action: 'FAULT', fault: 'AUTH_FAILED' },
      { action: 'FAULT', errorCode: 'AUTH_FAILED' },
    ],
  ])('%j', (request, expected) => {
    const result = plan(request);
    expect(result.ok && result.value).toMatchObject(expected);
  });

  test('it expires when asked', () => {
    const result = plan({ action: 'RESET', expiresInSeconds: 90 });
    expect(result.ok && result.value.expiresAt.toISOString()).toBe('2026-12-06T10:01:30.000Z');
  });

  test.each([
    [{ action: 'EXPLODE' }, 'action must be'],
    [{ action: 'DELAY' }, 'DELAY needs delayMs'],
    [{ action: 'DELAY', delayMs: 0 }, 'delayMs must be'],
    [{ action: 'DELAY', delayMs: 120_001 }, 'delayMs must be'],
    [{ action: 'RESET', delayMs: 5 }, 'delayMs belongs to DELAY only'],
    [{ action: 'FAULT' }, 'FAULT needs fault'],
    [{ action: 'FAULT', fault: 'WSEC9999' }, 'not an error code'],
    [{ action: 'TIMEOUT', fault: 'WSEC0004' }, 'fault belongs to FAULT only'],
    [{ action: 'RESET', operation: 'dropTables' }, 'not an operation'],
    [{ action: 'RESET', count: 0 }, 'count must be'],
    [{ action: 'RESET', count: 1001 }, 'count must be'],
    [{ action: 'RESET', count: 1.5 }, 'count must be'],
    [{ action: 'RESET', expiresInSeconds: 0 }, 'expiresInSeconds must be'],
    [{ action: 'RESET', expiresInSeconds: 86_401 }, 'expiresInSeconds must be'],
  ])('%j is refused: %s', (request, message) => {
    const result = plan(request);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.detail).toContain(message);
  });

  test('an LRS code names the one of ours that stands for it', () => {
    expect(faultCodeOf('WSEC0001')).toBe('MESSAGE_INVALID');
    expect(faultCodeOf('WSRC0018')).toBe('BATCH_JOB_NOT_FOUND');
    expect(faultCodeOf('nonsense')).toBeUndefined();
  });
});
