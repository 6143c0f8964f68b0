import { type BatchOrigin, duplicateHandling } from '../../src/batches/batch-job';
import type { BatchType } from '../../src/batches/batch-layouts';

describe('what an identical earlier submission means, by surface', () => {
  test.each<[BatchOrigin, BatchType, 'REFUSE' | 'FLAG']>([
    ['ADMIN', 'ACHIEVEMENT', 'REFUSE'],
    ['AO_GATEWAY', 'ACHIEVEMENT', 'REFUSE'],
    ['LRS_EXTERNAL', 'ACHIEVEMENT', 'FLAG'],
    ['ADMIN', 'VERIFY_LEARNER', 'FLAG'],
    ['AO_GATEWAY', 'VERIFY_LEARNER', 'FLAG'],
    ['LRS_VERIFY', 'VERIFY_LEARNER', 'FLAG'],
  ])('%s, %s: %s', (origin, type, handling) => {
    expect(duplicateHandling(origin, type)).toBe(handling);
  });
});
