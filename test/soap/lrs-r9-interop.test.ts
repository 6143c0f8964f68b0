import { eachDatabase } from '../support/databases';
import { runPhpScript } from '../support/php-script';
import { type RunningGateway, startGateway } from '../support/running-gateway';
import { awardsBy } from '../support/awards';
import { runZeepScript } from '../support/zeep-script';

/**
 * Every operation of LearnerServiceR9.svc called by clients generated from the WSDL the gateway serves
 * (?wsdl, and ?singlewsdl for GetOrganisation): Python zeep and PHP SoapClient, as subprocesses
 * (test/interop/learner_service_r9_*). Both run against one gateway, zeep first. CI installs
 * python3-zeep, php-cli and php-soap; a missing client fails with the package to install, never skips.
 */

type Line = Record<string, unknown> & { client: string; step: string };

const EVENTS = {
  'events-exact': {
    responseCode: 'WSRC0004',
    foundUln: '1174112637',
    incomingUln: '1174112637',
    events: [['D/601/7002', 'QCFU', 2, 'N', '10099901']],
  },
  'events-linked': {
    responseCode: 'WSRC0022',
    foundUln: '6936002314',
    incomingUln: '4444599390',
    events: [['A/601/7001', 'QCFU', 3, 'N', '10099901']],
  },
  'events-not-shared': { responseCode: 'WSEC0206', foundUln: '1026922983', incomingUln: '1026922983', events: [] },
  'events-not-verified': { responseCode: 'WSEC0208', foundUln: '', incomingUln: '1174112637', events: [] },
};

const COMMON: Record<string, Record<string, unknown>> = {
  ...EVENTS,
  'learner-linked': {
    responseCode: 'WSRC0022',
    uln: '4444599390',
    learnerUln: '6936002314',
    linkedUlns: ['4444599390'],
    givenName: 'Testing-Sample',
    dateOfBirth: '1985-03-27',
  },
  update: { result: 'WSRC0006' },
  'update-stale': { result: 'WSRC0013' },
  audit: {
    pageSize: 20,
    pageIndex: 1,
    totalItems: expect.any(Number),
    actions: ['Achievement created', 'Learning record viewed'],
    users: ['lena.lowe', 'quentin.quinn'],
  },
  organisation: { responseCode: 'WSRC0004', displayName: 'Compat Awarding Body One', orgRef: 'AOB001', status: 'Active' },
  refused: { fault: 'WSEC0006' },
};

const CLIENTS: [string, (baseUrl: string) => Promise<string>, Record<string, unknown>][] = [
  [
    'zeep',
    (baseUrl) => runZeepScript('learner_service_r9_zeep.py', [baseUrl]),
    { email: 'zeep.r9@example.com', versionNumber: 2 },
  ],
  [
    'php-soapclient',
    (baseUrl) => runPhpScript('learner_service_r9_soapclient.php', [baseUrl]),
    { telephone: '01234 567890', versionNumber: 3 },
  ],
];

describe.each(eachDatabase())('generated clients calling LearnerServiceR9.svc on %s', (_name, database) => {
  let running: RunningGateway;
  beforeAll(async () => {
    running = await startGateway({ database });
    const unit = await awardsBy(running.gateway, 'quentin.quinn');
    await unit({ uln: '1174112637', givenName: 'TestOne', familyName: 'TesterOne' }, 'D/601/7002', '2024-06-30');
    await unit({ uln: '4444599390', givenName: 'Sample', familyName: 'Test' }, 'A/601/7001', '2024-05-31');
  });
  afterAll(() => running.stop());

  describe.each(CLIENTS)('%s', (client, run, updated) => {
    let lines: Map<string, Line>;
    beforeAll(async () => {
      const stdout = await run(running.baseUrl);
      lines = new Map(
        stdout
          .split('\n')
          .filter((l) => l.trim() !== '')
          .map((l) => JSON.parse(l) as Line)
          .map((l) => [l.step, l]),
      );
    }, 120_000);

    test.each(Object.entries(COMMON))('%s', (step, expected) => {
      expect(lines.get(step)).toEqual({ client, step, ...expected });
    });

    test('learner-updated: the change made through the linked ULN is on the master, at the next version', () => {
      expect(lines.get('learner-updated')).toEqual({ client, step: 'learner-updated', ...updated });
    });
  });
});
