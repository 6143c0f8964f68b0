import { admin } from '../support/admin-client';
import { eachDatabase } from '../support/databases';
import { type RunningGateway, startGateway } from '../support/running-gateway';
import { uploadBatch } from '../support/batch-helpers';

/**
 * An idle worker starts on a new job without waiting for its next search of the queue: at once
 * when the job was submitted in its own process, and within BATCH_WAKE_POLL_MS when it was
 * submitted elsewhere (it reads the queue's signal counter). BATCH_POLL_MS is ten minutes here, so
 * only the wake-up can explain a prompt start.
 */
describe.each(eachDatabase())('waking an idle worker on %s', (_name, database) => {
  let here: RunningGateway;
  let elsewhere: RunningGateway;
  const slow = { BATCH_POLL_MS: '600000', BATCH_WAKE_POLL_MS: '100' };
  beforeAll(async () => {
    here = await startGateway({ database, env: { ...slow, BATCH_WORKER_IN_PROCESS: 'true' } });
    elsewhere = await startGateway({ alongside: here, env: { ...slow, BATCH_WORKER_IN_PROCESS: 'false' } });
    // The first search at start is behind us.
    await new Promise((resolve) => setTimeout(resolve, 500));
  });
  afterAll(async () => {
    await elsewhere.stop();
    await here.stop();
  });

  const submit = async (gateway: RunningGateway) => {
    const row = `M${Date.now()},1026893096,Testname,Sample,1976-08-16,2`;
    const { body } = await uploadBatch(
      gateway.baseUrl,
      'barbara.bates',
      `MISIdentifier,ULN,FamilyName,GivenName,DateOfBirth,Gender\n${row}\n`,
    );
    return body.jobId as number;
  };
  const finishedWithin = async (jobId: number, ms: number) => {
    const answer = await admin(here.baseUrl, 'GET', `/batches/${jobId}?waitSeconds=${Math.ceil(ms / 1000)}&status=WAITING`, {
      user: 'barbara.bates',
    });
    if (answer.body.status === 'SUCCESSFUL') return true;
    const again = await admin(
      here.baseUrl,
      'GET',
      `/batches/${jobId}?waitSeconds=${Math.ceil(ms / 1000)}&status=${answer.body.status}`,
      {
        user: 'barbara.bates',
      },
    );
    return again.body.status === 'SUCCESSFUL';
  };

  test('a job submitted in the worker’s own process is started at once', async () => {
    const started = Date.now();
    expect(await finishedWithin(await submit(here), 5000)).toBe(true);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  test('a job submitted in another process is found through the signal counter', async () => {
    const started = Date.now();
    expect(await finishedWithin(await submit(elsewhere), 5000)).toBe(true);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
