import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { eachDatabase } from '../support/databases';
import { aLearner, type Learner } from '../support/lrs-registration-messages';
import { type RunningGateway, startGateway } from '../support/running-gateway';

/**
 * learnerByDemographics, then registerSingleLearner, updateSingleLearner, submitBatchRegistration and
 * getBatchRegistrationOutput called by real SOAP clients built from the WSDL the gateway serves: Python zeep and PHP
 * SoapClient, as subprocesses (test/interop/lrs_register_*). A missing client fails with the
 * package to install; it never skips.
 */

const execFileAsync = promisify(execFile);
const INTEROP_DIR = path.join(__dirname, '..', 'interop');
const CLIENTS = {
  zeep: { command: '/usr/bin/python3', script: 'lrs_register_zeep.py', install: 'apt-get install python3-zeep', mis: 'Z' },
  'php-soapclient': {
    command: 'php',
    script: 'lrs_register_soapclient.php',
    install: 'apt-get install php-cli php-soap',
    mis: 'P',
  },
} as const;

async function runClient(client: keyof typeof CLIENTS, baseUrl: string, learners: Record<string, Learner>) {
  const { command, script, install } = CLIENTS[client];
  const { stdout } = await execFileAsync(command, [path.join(INTEROP_DIR, script), baseUrl, JSON.stringify(learners)], {
    timeout: 90_000,
  }).catch((error: { code?: number | string; stderr?: string }) => {
    const missing = error.code === 3 || error.code === 'ENOENT';
    throw new Error(missing ? `${client} is missing: ${install}\n${error.stderr ?? ''}` : String(error.stderr ?? error));
  });
  return stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe.each(eachDatabase())('real SOAP clients registering learners on %s', (_name, database) => {
  let running: RunningGateway;
  beforeAll(async () => {
    running = await startGateway({ database, env: { BATCH_POLL_MS: '50' } });
  });
  afterAll(() => running.stop());

  test.each(Object.keys(CLIENTS) as (keyof typeof CLIENTS)[])(
    '%s: the four operations, their answers and a fault',
    async (client) => {
      const tag = client === 'zeep' ? 'Zeep' : 'Phpsoap';
      const learners = {
        searched: aLearner({ FamilyName: `${tag}searched` }),
        unsearched: aLearner({ FamilyName: `${tag}unsearched` }),
        batchNew: aLearner({ FamilyName: `${tag}batch`, DateOfBirth: client === 'zeep' ? '2007-05-06' : '2007-06-07' }),
      };
      const lines = await runClient(client, running.baseUrl, learners);
      const uln = lines[1].uln as string;
      const mis = CLIENTS[client].mis;
      expect(lines).toEqual([
        { step: 'learnerByDemographics', responseCode: 'WSRC0001' },
        { step: 'registerSingleLearner', responseCode: 'WSRC0005', uln: expect.stringMatching(/^9[0-9]{9}$/) },
        { step: 'registerSingleLearner-unsearched', responseCode: 'WSRC0021', uln: null },
        { step: 'registerSingleLearner-invalid-name', fault: 'WSEC0001' },
        { step: 'updateSingleLearner', responseCode: 'WSRC0006' },
        { step: 'updateSingleLearner-stale', responseCode: 'WSRC0013' },
        { step: 'submitBatchRegistration-wrong-count', responseCode: 'WSRC0017', jobId: null },
        { step: 'submitBatchRegistration', responseCode: 'WSRC0007', hasJob: true },
        {
          step: 'getBatchRegistrationOutput',
          responseCode: 'WSRC0009',
          jobStatus: 'Successful',
          counts: [1, 1, 0, 0, 0],
          finished: true,
          learners: [
            [`${mis}1`, 'RC003', uln],
            [`${mis}2`, 'RC001', expect.stringMatching(/^9[0-9]{9}$/)],
          ],
        },
        { step: 'getBatchRegistrationOutput-unknown', responseCode: 'WSRC0018' },
      ]);
      const [held] = await running.gateway.dataSource.query('SELECT notes, version_number FROM learners WHERE uln = ?', [uln]);
      expect(held).toMatchObject({ notes: 'From the batch', version_number: 3 });
    },
  );
});
