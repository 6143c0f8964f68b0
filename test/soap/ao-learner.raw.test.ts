import { FIND_SCENARIOS } from '../../src/compatibility/find-scenarios';
import { recordTheRecordsRead, TESTONE, LINKED, MASTER, NOT_SHARING } from '../support/awards';
import { eachDatabase } from '../support/databases';
import { getLearnerLearningEvents, postR9 } from '../support/r9-messages';
import { type RunningGateway, startGateway } from '../support/running-gateway';
import {
  aoFindLearner,
  aoGetLearnerRecord,
  envelope,
  firstText,
  type FindInput,
  type LearnerInput,
  passwordTextHeader,
  postSoap,
} from '../support/soap-messages';
import { childrenNamed, descendants, parseTree, type XmlNode } from '../support/xml-tree';

/**
 * FindLearner and GetLearnerRecord on our own contract (docs/decisions/0093-learner-operations-on-the-ao-gateway.md):
 * the same answers, refusals and audit as learnerByULN / learnerByDemographics and GetLearnerLearningEvents, through
 * the same services.
 */

const AO = 'urn:lrs-gateway:ao:1';
const R9_MODEL = 'http://api.lrs.qcf.gov.uk/model';

/** The response element of a reply, by local name. */
function response(body: string, local: string): XmlNode {
  const found = descendants(parseTree(body)).find((n) => n.ns === AO && n.local === local);
  if (!found) throw new Error(`no ${local} in the reply: ${body.slice(0, 600)}`);
  return found;
}

const text = (node: XmlNode, local: string) => childrenNamed(node, AO, local)[0]?.text;
const all = (node: XmlNode, local: string) => childrenNamed(node, AO, local);

describe.each(eachDatabase())('FindLearner and GetLearnerRecord on the AO gateway over raw SOAP on %s', (_name, database) => {
  let running: RunningGateway;
  const post = (body: string, username = 'victor.vance') =>
    postSoap(`${running.baseUrl}/soap/ao`, envelope(body, passwordTextHeader(username)));
  const find = async (input: FindInput, username?: string) =>
    response((await post(aoFindLearner(input), username)).body, 'FindLearnerResponse');
  const record = (input: LearnerInput, username?: string) => post(aoGetLearnerRecord(input), username);
  const auditOf = async (operation: string, username: string) => {
    await running.gateway.audit.flush();
    return (await running.gateway.dataSource.query(
      'SELECT surface, subject, outcome FROM audit_entries WHERE operation = ? AND username = ? ORDER BY id',
      [operation, username],
    )) as { surface: string; subject: string | null; outcome: string }[];
  };

  beforeAll(async () => {
    running = await startGateway({ database });
    await recordTheRecordsRead(running.gateway);
  });
  afterAll(() => running.stop());

  describe('FindLearner', () => {
    test.each(FIND_SCENARIOS.map((s) => [`${s.operation}: ${s.what}`, s] as const))(
      'answers as %s does on LearnerService',
      async (_what, scenario) => {
        const answer = await find(scenario);
        expect(text(answer, 'ResponseCode')).toBe(scenario.responseCode);
        expect(all(answer, 'Learner').map((l) => text(l, 'ULN'))).toEqual(scenario.learners);
      },
    );

    test('a learner found shows what identifies them, the postcode in its normal form, and no address or contact details', async () => {
      const answer = await find({
        givenName: 'Sample',
        familyName: 'Testname',
        dateOfBirth: '1976-08-16',
        gender: 2,
        lastKnownPostCode: 'cv49ee',
      });
      const [learner] = all(answer, 'Learner');
      expect(learner.children.map((c) => [c.local, c.text])).toEqual([
        ['ULN', '1026893096'],
        ['MasterSubstituted', 'false'],
        ['GivenName', 'Sample'],
        ['FamilyName', 'Testname'],
        ['DateOfBirth', '1976-08-16'],
        ['Gender', '2'],
        ['Postcode', 'CV4 9EE'],
        ['AbilityToShare', '1'],
        ['LearnerStatus', '1'],
      ]);
    });

    test('a linked ULN: WSRC0022, the master with MasterSubstituted and the ULNs linked to it', async () => {
      const answer = await find(LINKED);
      expect(text(answer, 'ResponseCode')).toBe('WSRC0022');
      const [learner] = all(answer, 'Learner');
      expect([text(learner, 'ULN'), text(learner, 'MasterSubstituted'), all(learner, 'LinkedULN').map((u) => u.text)]).toEqual([
        MASTER.uln,
        'true',
        [LINKED.uln],
      ]);
    });

    test('a school user (LRB_USER) finds too; a QCF user of the same organisation holds no role that may (ROLE_REQUIRED)', async () => {
      expect(text(await find(TESTONE, 'lena.lowe'), 'ResponseCode')).toBe('WSRC0004');
      const refused = await post(aoFindLearner(TESTONE), 'quentin.quinn');
      expect([refused.status, firstText(refused.body, 'Code')]).toEqual([500, 'ROLE_REQUIRED']);
    });

    test('an organisation without learner management (AO Two) is refused, the refusal audited, and reads no learner', async () => {
      const reply = await post(aoFindLearner(TESTONE), 'nadia.novak');
      expect([reply.status, firstText(reply.body, 'Code')]).toEqual([500, 'LEARNER_MANAGEMENT_NOT_GRANTED']);
      expect(reply.body).not.toContain(TESTONE.uln);
      expect(await auditOf('FindLearner', 'nadia.novak')).toEqual([
        { surface: 'soap-ao', subject: null, outcome: 'LEARNER_MANAGEMENT_NOT_GRANTED' },
      ]);
    });

    test('every learner read is audited on the AO gateway under its ULN with the response code', async () => {
      await find(MASTER, 'lena.lowe');
      expect(await auditOf('LearnerByULN', 'lena.lowe')).toEqual(
        expect.arrayContaining([{ surface: 'soap-ao', subject: MASTER.uln, outcome: 'WSRC0004' }]),
      );
    });

    test('a ULN whose check digit is wrong is the fault ULN_INVALID; a request with both searches breaks the schema', async () => {
      const wrong = await post(aoFindLearner({ ...TESTONE, uln: '1174112638' }));
      expect([wrong.status, firstText(wrong.body, 'Code')]).toEqual([500, 'ULN_INVALID']);
      const both = aoFindLearner(TESTONE).replace(
        '</ao:ByULN>',
        '</ao:ByULN><ao:ByDemographics><ao:GivenName>A</ao:GivenName></ao:ByDemographics>',
      );
      const invalid = await post(both);
      expect([invalid.status, firstText(invalid.body, 'Code')]).toEqual([500, 'MESSAGE_INVALID']);
    });
  });

  describe('GetLearnerRecord', () => {
    test('every active achievement any awarding organisation recorded, with its grade and whether it is under data challenge', async () => {
      const reply = await record(TESTONE);
      expect(reply.status).toBe(200);
      const answer = response(reply.body, 'GetLearnerRecordResponse');
      expect([text(answer, 'ResponseCode'), text(answer, 'IncomingULN'), text(answer, 'FoundULN')]).toEqual([
        'WSRC0004',
        TESTONE.uln,
        TESTONE.uln,
      ]);
      const events = all(answer, 'LearningEvent');
      expect(
        events.map((e) => [
          text(e, 'SubjectCode'),
          text(e, 'Source'),
          text(e, 'AwardingOrganisationName'),
          text(e, 'Grade'),
          text(e, 'UnderDataChallenge'),
        ]),
      ).toEqual([
        ['D/601/7002', 'QCFU', 'Compat Awarding Body One', 'Pass', 'true'],
        ['604/6061/1', 'AO', 'Compat Awarding Body Two', 'Merit', 'false'],
      ]);
      expect([text(events[0], 'AchievementProviderUKPRN'), text(events[0], 'AchievementProviderName')]).toEqual([
        '10099903',
        'Compat Test School',
      ]);
      expect(text(events[1], 'AchievementProviderUKPRN')).toBeUndefined();
    });

    test('the events are the ones GetLearnerLearningEvents gives on LearnerServiceR9, field for field', async () => {
      const ours = all(response((await record(TESTONE)).body, 'GetLearnerRecordResponse'), 'LearningEvent');
      const r9Reply = await postR9(running.baseUrl, 'GetLearnerLearningEvents', getLearnerLearningEvents(TESTONE));
      const r9 = descendants(parseTree(r9Reply.body)).filter((n) => n.ns === R9_MODEL && n.local === 'LearningEvent');
      const r9Text = (e: XmlNode, local: string) => childrenNamed(e, R9_MODEL, local)[0]?.text;
      const fields = ['ID', 'Subject', 'SubjectCode', 'Credits', 'Level', 'AchievementAwardDate', 'Grade', 'Status'];
      expect(ours.map((e) => fields.map((f) => text(e, f)))).toEqual(r9.map((e) => fields.map((f) => r9Text(e, f))));
    });

    test('a linked ULN: WSRC0022, IncomingULN the ULN sent, FoundULN the master, whose record holds the achievement', async () => {
      const answer = response((await record(LINKED)).body, 'GetLearnerRecordResponse');
      expect([text(answer, 'ResponseCode'), text(answer, 'IncomingULN'), text(answer, 'FoundULN')]).toEqual([
        'WSRC0022',
        LINKED.uln,
        MASTER.uln,
      ]);
      expect(all(answer, 'LearningEvent').map((e) => text(e, 'SubjectCode'))).toEqual(['A/601/7001']);
    });

    test('a learner who has not agreed to share: the fault LEARNER_NOT_SHARING, no event shown, the refusal audited', async () => {
      const reply = await record(NOT_SHARING);
      expect([reply.status, firstText(reply.body, 'Code')]).toEqual([500, 'LEARNER_NOT_SHARING']);
      expect(reply.body).not.toContain('A/601/7001');
      expect(await auditOf('GetLearnerLearningEvents', 'victor.vance')).toEqual(
        expect.arrayContaining([{ surface: 'soap-ao', subject: NOT_SHARING.uln, outcome: 'WSEC0206' }]),
      );
    });

    test.each<[string, LearnerInput]>([
      ['names that do not match', { ...TESTONE, givenName: 'Darcie', familyName: 'Tucker' }],
      ['a date of birth that differs', { ...TESTONE, dateOfBirth: '1980-11-02' }],
      ['a ULN not on the register', { uln: '2000000648', givenName: 'Nobody', familyName: 'Known' }],
    ])('%s: the fault LEARNER_NOT_VERIFIED', async (_what, input) => {
      const reply = await record(input);
      expect([reply.status, firstText(reply.body, 'Code')]).toEqual([500, 'LEARNER_NOT_VERIFIED']);
    });

    test('an organisation without learner management (AO Two) is refused with LEARNER_MANAGEMENT_NOT_GRANTED, audited', async () => {
      const reply = await record(TESTONE, 'nadia.novak');
      expect([reply.status, firstText(reply.body, 'Code')]).toEqual([500, 'LEARNER_MANAGEMENT_NOT_GRANTED']);
      expect(reply.body).not.toContain('D/601/7002');
      expect(await auditOf('GetLearnerRecord', 'nadia.novak')).toEqual([
        { surface: 'soap-ao', subject: null, outcome: 'LEARNER_MANAGEMENT_NOT_GRANTED' },
      ]);
    });

    test('every record shown is audited under the ULN it is held under, before the answer leaves', async () => {
      await record(MASTER, 'lena.lowe');
      const rows = (await running.gateway.dataSource.query(
        'SELECT surface, subject, outcome FROM audit_entries WHERE operation = ? AND username = ? AND surface = ? ORDER BY id',
        ['GetLearnerLearningEvents', 'lena.lowe', 'soap-ao'],
      )) as { surface: string; subject: string; outcome: string }[];
      expect(rows).toEqual([{ surface: 'soap-ao', subject: MASTER.uln, outcome: 'OK' }]);
    });
  });
});
