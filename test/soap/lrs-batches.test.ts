import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { eachDatabase } from '../support/databases';
import { type RunningGateway, startGateway } from '../support/running-gateway';

const execFileAsync = promisify(execFile);

describe.each(eachDatabase())('the LRS-compatible batch operations, called by zeep, on %s', (_name, database) => {
  let running: RunningGateway;
  beforeAll(async () => {
    running = await startGateway({ database, env: { BATCH_POLL_MS: '50' } });
  });
  afterAll(() => running.stop());

  test('submitVerifyBatch / getVerifyBatchOutput and SubmitAchievementBatchJob / GetAchievementBatchJob end to end', async () => {
    const script = path.join(__dirname, '..', 'interop', 'lrs_batches_zeep.py');
    const { stdout } = await execFileAsync('/usr/bin/python3', [script, running.baseUrl], { timeout: 90_000 }).catch(
      (error: { code?: number; stderr?: string }) => {
        throw new Error(
          error.code === 3 ? `zeep missing: apt-get install python3-zeep\n${error.stderr}` : String(error.stderr ?? error),
        );
      },
    );
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
