import { completionMail } from '../../src/batches/batch-completion-mail';
import type { BatchJob } from '../../src/batches/batch-job';

const JOB: BatchJob = {
  id: 42,
  organisationId: 1,
  userId: 5,
  username: 'barbara.bates',
  type: 'VERIFY_LEARNER',
  format: 'CSV',
  fileName: 'Smith-James-1026893096.csv',
  origin: 'LRS_VERIFY',
  contentSha256: 'ab',
  contentBytes: 10,
  duplicateOfJobId: null,
  status: 'FAILED',
  cancelRequested: false,
  rowCount: 3,
  nextRow: 3,
  rowsSucceeded: 2,
  rowsFailed: 1,
  counters: { WSVRC001: 2, ULN_INVALID: 1 },
  attempts: 1,
  failureReason: 'row 3: 1026893096,Smith,James is not a row',
  details: { orgEmail: 'results@awarding-one.org' },
  submittedAt: new Date('2026-12-01T10:00:00Z'),
  startedAt: new Date('2026-12-01T10:00:01Z'),
  finishedAt: new Date('2026-12-01T10:00:02Z'),
};

describe('the batch completion mail', () => {
  test.each([
    ['submitVerifyBatch OrgEmail', { orgEmail: 'results@awarding-one.org' }, 'results@awarding-one.org'],
    ['SubmitAchievementBatchJob emailAddress', { emailAddress: ' a@b.org ' }, 'a@b.org'],
    ['no address', {}, undefined],
    ['an empty address', { orgEmail: null, emailAddress: '' }, undefined],
  ])('%s: to %p', (_what, details, to) => {
    expect(completionMail({ ...JOB, details })?.to).toBe(to);
  });

  test('carries the job id, status and counts, once per job, and nothing from the file', () => {
    const mail = completionMail(JOB);
    expect(mail).toMatchObject({ dedupeKey: 'batch-finished:42', subject: 'Batch job 42 FAILED' });
    for (const line of ['Job id: 42', 'Status: FAILED', 'Records: 3', 'Succeeded: 2', 'Refused: 1', '  ULN_INVALID: 1', '  WSVRC001: 2']) {
      expect(mail?.text).toContain(line);
    }
    for (const value of ['1026893096', 'Smith', 'James', 'row 3']) expect(mail?.text).not.toContain(value);
  });
});
