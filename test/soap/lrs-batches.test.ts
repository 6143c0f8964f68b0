import { eachDatabase } from '../support/databases';
import { type RunningGateway, startGateway } from '../support/running-gateway';
import { runZeepScript } from '../support/zeep-script';

describe.each(eachDatabase())('the LRS-compatible batch operations, called by zeep, on %s', (_name, database) => {
  let running: RunningGateway;
  beforeAll(async () => {
    running = await startGateway({ database, env: { BATCH_POLL_MS: '50' } });
  });
  afterAll(() => running.stop());

  test('submitVerifyBatch / getVerifyBatchOutput and SubmitAchievementBatchJob / GetAchievementBatchJob end to end', async () => {
    const stdout = await runZeepScript('lrs_batches_zeep.py', [running.baseUrl]);
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toEqual([
      { step: 'submitVerifyBatch-wrong-count', responseCode: 'WSRC0030', jobId: null },
      { step: 'submitVerifyBatch', responseCode: 'WSRC0007' },
      {
        step: 'getVerifyBatchOutput',
        responseCode: 'WSRC0009',
        jobStatus: 'Successful',
        learners: [
          ['A1', 'WSVRC001', []],
          ['A2', 'WSVRC003', ['VRF1']],
        ],
      },
      { step: 'getVerifyBatchOutput-unknown', responseCode: 'WSRC0018' },
      { step: 'SubmitAchievementBatchJob-empty', fault: 'WSEC0047' },
      { step: 'SubmitAchievementBatchJob', hasJob: true, responseCode: null },
      {
        step: 'GetAchievementBatchJob',
        status: 'Successful',
        created: 1,
        businessRuleErrors: 1,
        records: 2,
        errorFileMentionsGrade: true,
      },
    ]);
  });
});
