import { FIND_SCENARIOS } from '../../src/compatibility/find-scenarios';
import { MAX_POSSIBLE_MATCHES } from '../../src/learners/find-learner.rules';
import { eachDatabase } from '../support/databases';
import { type RunningGateway, startGateway } from '../support/running-gateway';
import { envelope, firstText, type LrsCredentials, lrsFindLearner, lrsRetrieveUlns, postSoap } from '../support/soap-messages';
import { descendants, parseTree, type XmlNode } from '../support/xml-tree';

const FIND_NS = 'http://api.lrs.miap.gov.uk/findmsg';
const REPORT_NS = 'http://api.lrs.miap.gov.uk/reportmsg';
const LEARNER_NS = 'http://api.lrs.miap.gov.uk/learner';

/** The children of the response element, by local name, in order. */
function answer(xml: string, ns: string, local: string): XmlNode {
  const found = descendants(parseTree(xml)).find((n) => n.ns === ns && n.local === local);
  if (!found) throw new Error(`no ${local} in the reply: ${xml.slice(0, 500)}`);
  return found;
}

const child = (node: XmlNode, local: string) => node.children.find((c) => c.local === local);
const learnersOf = (response: XmlNode) => response.children.filter((c) => c.local === 'Learner');

describe.each(eachDatabase())('finding learners on LearnerService.svc over raw SOAP on %s', (_name, database) => {
  let running: RunningGateway;
  const post = (body: string) => postSoap(`${running.baseUrl}/LearnerService.svc`, envelope(body), { SOAPAction: '""' });
  const auditOf = (operation: string) =>
    running.gateway.audit
      .flush()
      .then(
        () =>
          running.gateway.dataSource.query(
            'SELECT username, subject, outcome FROM audit_entries WHERE operation = ? ORDER BY id',
            [operation],
          ) as Promise<{ username: string; subject: string | null; outcome: string }[]>,
      );

  beforeAll(async () => {
    running = await startGateway({ database });
  });
  afterAll(() => running.stop());

  test.each(FIND_SCENARIOS.map((s) => [`${s.operation}: ${s.what}`, s] as const))('%s', async (_what, scenario) => {
    const reply = await post(lrsFindLearner(scenario));
    expect(reply.status).toBe(200);
    const response = answer(reply.body, FIND_NS, 'FindLearnerResponse');
    expect(child(response, 'ResponseCode')?.text).toBe(scenario.responseCode);
    expect(learnersOf(response).map((l) => child(l, 'ULN')?.text)).toEqual(scenario.learners);
  });

  test('the search is echoed as sent, and each learner is given in full with its postcode in its normal form', async () => {
    const reply = await post(
      lrsFindLearner({
        givenName: 'Sample',
        familyName: 'Testname',
        dateOfBirth: '1976-08-16',
        gender: 2,
        lastKnownPostCode: 'cv49ee',
        previousFamilyName: 'Oldtestname',
      }),
    );
    const response = answer(reply.body, FIND_NS, 'FindLearnerResponse');
    expect(response.children.map((c) => [c.local, c.children.length === 0 ? c.text : '…'])).toEqual([
      ['ResponseCode', 'WSRC0004'],
      ['FamilyName', 'Testname'],
      ['GivenName', 'Sample'],
      ['DateOfBirth', '1976-08-16'],
      ['Gender', '2'],
      ['LastKnownPostCode', 'cv49ee'],
      ['PreviousFamilyName', 'Oldtestname'],
      ['Learner', '…'],
    ]);
    const [learner] = learnersOf(response);
    expect(child(learner, 'LastKnownPostCode')?.text).toBe('CV4 9EE');
    expect(child(learner, 'LastKnownAddressLine1')?.text).toBe('1 JOBS LANE');
    expect(child(learner, 'MasterSubstituted')).toBeUndefined();
  });

  test('CHK gives the same answer with only the fields a Learner must have: no address, school, email or notes', async () => {
    const search = {
      givenName: 'Sample',
      familyName: 'Test',
      dateOfBirth: '1985-03-27',
      gender: 1,
      lastKnownPostCode: 'AB125EQ',
    };
    const full = answer((await post(lrsFindLearner(search, 'FUL'))).body, FIND_NS, 'FindLearnerResponse');
    const check = answer((await post(lrsFindLearner(search, 'CHK'))).body, FIND_NS, 'FindLearnerResponse');
    expect(child(check, 'ResponseCode')?.text).toBe(child(full, 'ResponseCode')?.text);
    expect(learnersOf(check)[0].children.map((c) => c.local)).toEqual([
      'CreatedDate',
      'LastUpdatedDate',
      'ULN',
      'MasterSubstituted',
      'GivenName',
      'FamilyName',
      'LastKnownPostCode',
      'DateOfBirth',
      'Gender',
      'AbilityToShare',
      'LearnerStatus',
      'LinkedULNs',
      'VersionNumber',
    ]);
    expect(learnersOf(full)[0].children.map((c) => c.local)).toContain('LastKnownAddressLine1');
  });

  test('a linked master lists the ULNs linked to it, in the learner namespace with unqualified ULNs', async () => {
    const reply = await post(lrsFindLearner({ uln: '4444599390', givenName: 'Sample', familyName: 'Test' }));
    const [learner] = learnersOf(answer(reply.body, FIND_NS, 'FindLearnerResponse'));
    const linked = child(learner, 'LinkedULNs') as XmlNode;
    expect([linked.ns, linked.children.map((u) => [u.ns, u.local, u.text])]).toEqual([LEARNER_NS, [['', 'ULN', '4444599390']]]);
    expect(child(learner, 'MasterSubstituted')?.text).toBe('Y');
  });

  test('retrieveULNs answers each ULN in the order sent with its master and current details, and no top-level ResponseCode', async () => {
    const reply = await post(lrsRetrieveUlns(['4444599390', '1026893096', '2000000648', '1026893097', '4444599390']));
    expect(reply.status).toBe(200);
    const response = answer(reply.body, REPORT_NS, 'RetrieveULNsResponse');
    expect(response.children.map((c) => c.local)).toEqual(['RetrievedULNs']);
    const verified = response.children[0].children.map((v) => v.children.map((c) => `${c.local}=${c.text}`).join(' '));
    expect(verified).toEqual([
      'ULN=4444599390 MasterULN=6936002314 ResponseCode=WSRC0022 FamilyName=Test GivenName=Testing-Sample DateOfBirth=1985-03-27 Gender=1',
      'ULN=1026893096 MasterULN=1026893096 ResponseCode=WSRC0004 FamilyName=Testname GivenName=Sample DateOfBirth=1976-08-16 Gender=2',
      'ULN=2000000648 ResponseCode=WSRC0001',
      'ULN=1026893097 ResponseCode=WSEC0136',
      'ULN=4444599390 MasterULN=6936002314 ResponseCode=WSRC0022 FamilyName=Test GivenName=Testing-Sample DateOfBirth=1985-03-27 Gender=1',
    ]);
  });

  test.each([
    ['no ULN', []],
    ['201 ULNs', Array(201).fill('1026893096')],
    ['a ULN that is not ten digits', ['102689309']],
  ])('retrieveULNs with %s is a WSEC0001 fault', async (_what, ulns) => {
    const reply = await post(lrsRetrieveUlns(ulns));
    expect([reply.status, firstText(reply.body, 'ErrorCode')]).toEqual([500, 'WSEC0001']);
  });

  test('200 ULNs are answered, one VerifiedULN each', async () => {
    const reply = await post(lrsRetrieveUlns(Array(200).fill('1026893096')));
    expect(answer(reply.body, REPORT_NS, 'RetrieveULNsResponse').children[0].children).toHaveLength(200);
  });

  test('learnerByULN with a ULN whose check digit is wrong is a WSEC0136 fault', async () => {
    const reply = await post(lrsFindLearner({ uln: '1026893097', givenName: 'Sample', familyName: 'Testname' }));
    expect([reply.status, firstText(reply.body, 'ErrorCode')]).toEqual([500, 'WSEC0136']);
  });

  test.each([
    ['learnerByULN', { uln: '1026893096', givenName: 'Sample', familyName: 'Testname' }],
    [
      'learnerByDemographics',
      { givenName: 'Sample', familyName: 'Testname', dateOfBirth: '1976-08-16', gender: 2, lastKnownPostCode: 'CV49EE' },
    ],
  ])('%s without a mandatory field is a WSEC0001 fault', async (_operation, input) => {
    const body = lrsFindLearner(input).replace(/<GivenName>Sample<\/GivenName>/, '');
    const reply = await post(body);
    expect([reply.status, firstText(reply.body, 'ErrorCode')]).toEqual([500, 'WSEC0001']);
  });

  const AO_TWO: LrsCredentials = { ukprn: '10099902', orgPassword: 'AO2WebService#02', userName: 'nadia.novak' };
  const SCHOOL: LrsCredentials = { ukprn: '10099903', orgPassword: 'LRBWebService#03', userName: 'lena.lowe' };
  const EXACT = {
    givenName: 'Sample',
    familyName: 'Testname',
    dateOfBirth: '1976-08-16',
    gender: 2,
    lastKnownPostCode: 'CV49EE',
  };

  test.each([
    ['learnerByULN', () => lrsFindLearner({ uln: '1026893096', givenName: 'Sample', familyName: 'Testname' }, 'FUL', AO_TWO)],
    ['learnerByDemographics', () => lrsFindLearner(EXACT, 'FUL', AO_TWO)],
    ['retrieveULNs', () => lrsRetrieveUlns(['1026893096'], AO_TWO)],
  ])(
    '%s by an organisation without learner management (AO Two) is refused with WSEC0006, audited, and reads no learner',
    async (operation, body) => {
      const reply = await post(body());
      expect([reply.status, firstText(reply.body, 'ErrorCode'), firstText(reply.body, 'Description')]).toEqual([
        500,
        'WSEC0006',
        'Not authorised, The organisation or user is not allowed to use this service.',
      ]);
      expect(reply.body).not.toContain('1026893096');
      const refusals = (await auditOf(operation)).filter((e) => e.username === 'nadia.novak');
      expect(refusals).toEqual([{ username: 'nadia.novak', subject: null, outcome: 'LEARNER_MANAGEMENT_NOT_GRANTED' }]);
    },
  );

  test('a school user (LRB_USER) finds learners; a super user of AO One holds no role that may', async () => {
    const school = answer((await post(lrsFindLearner(EXACT, 'FUL', SCHOOL))).body, FIND_NS, 'FindLearnerResponse');
    expect(child(school, 'ResponseCode')?.text).toBe('WSRC0004');
    const superUser = await post(lrsFindLearner(EXACT, 'FUL', { userName: 'alice.archer' }));
    expect(firstText(superUser.body, 'ErrorCode')).toBe('WSEC0006');
  });

  test('every learner read is audited under its ULN with the response code, and the search under none when nobody is found', async () => {
    await post(lrsFindLearner({ ...EXACT, givenName: 'Nobody', familyName: 'Nobody' }, 'FUL', SCHOOL));
    await post(
      lrsFindLearner(
        { givenName: 'Sample', familyName: 'Test', dateOfBirth: '1995-06-28', gender: 2, lastKnownPostCode: 'ZZ12ZZ' },
        'CHK',
        SCHOOL,
      ),
    );
    const entries = (await auditOf('LearnerByDemographics')).filter((e) => e.username === 'lena.lowe');
    expect(entries.slice(-3)).toEqual([
      { username: 'lena.lowe', subject: null, outcome: 'WSRC0001' },
      { username: 'lena.lowe', subject: '1964986809', outcome: 'WSRC0003' },
      { username: 'lena.lowe', subject: '8383558804', outcome: 'WSRC0003' },
    ]);
    await post(lrsFindLearner({ uln: '4444599390', givenName: 'Sample', familyName: 'Test' }, 'FUL', SCHOOL));
    expect((await auditOf('LearnerByULN')).filter((e) => e.username === 'lena.lowe')).toEqual([
      { username: 'lena.lowe', subject: '4444599390', outcome: 'WSRC0022' },
      { username: 'lena.lowe', subject: '6936002314', outcome: 'WSRC0022' },
    ]);
  });

  test('SQL in the names searched for is a name like any other: it matches nobody', async () => {
    const reply = await post(lrsFindLearner({ ...EXACT, givenName: "' OR '1'='1", familyName: "x'); DROP TABLE learners; --" }));
    expect(child(answer(reply.body, FIND_NS, 'FindLearnerResponse'), 'ResponseCode')?.text).toBe('WSRC0001');
    const [{ n }] = (await running.gateway.dataSource.query('SELECT COUNT(*) AS n FROM learners')) as { n: number }[];
    expect(Number(n)).toBeGreaterThan(0);
  });

  test(`more than ${MAX_POSSIBLE_MATCHES} possible matches list none`, async () => {
    const reply = await post(
      lrsFindLearner({ ...EXACT, givenName: 'Everybody', familyName: 'Everybody', dateOfBirth: '2000-01-01' }),
    );
    const response = answer(reply.body, FIND_NS, 'FindLearnerResponse');
    expect([child(response, 'ResponseCode')?.text, learnersOf(response)]).toEqual(['WSRC0002', []]);
  });
});
