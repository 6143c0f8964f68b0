import { ukDateOf } from '../../src/platform/clock';
import { actingAs, recordTheRecordsRead, TESTONE, LINKED, MASTER, NOT_SHARING, SAMPLE } from '../support/awards';
import { eachDatabase } from '../support/databases';
import {
  AO_ONE,
  domainFault,
  getLearnerLearningEvents,
  getOrganisation,
  type Invoking,
  learnerByUln,
  type LearnerNamed,
  postR9,
  SCHOOL,
  updateLearnerSubsetFields,
  viewAudit,
} from '../support/r9-messages';
import { type RunningGateway, startGateway } from '../support/running-gateway';
import { runWorker } from '../support/batch-helpers';
import { externalAchievement, submitAchievementBatchJob } from '../support/lrs-batch-messages';
import { COMPAT_PASSWORD, postSoap } from '../support/soap-messages';
import { childrenNamed, descendants, parseTree, type XmlNode } from '../support/xml-tree';

/**
 * LearnerServiceR9.svc over raw SOAP: each operation's answers, who may call it (the learner-management
 * capability and the roles), its refusals as DomainFaults, and ViewAudit listing the reads and changes
 * the other operations and the AO gateway's use cases made.
 */

const MODEL = 'http://api.lrs.qcf.gov.uk/model';
const MIAP = 'http://schemas.datacontract.org/2004/07/Amor.Qcf.MIAPModel';
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

/** Compatibility data set: AO Two has not been granted learner management; Nadia holds every AO role. */
const AO_TWO: Invoking = { ukprn: '10099902', password: 'AO2WebService#02', username: 'nadia.novak' };

/** The result element of a reply (…Response/…Result). */
function result(body: string): XmlNode {
  const envelope = parseTree(body);
  const found = descendants(envelope).find((n) => n.local.endsWith('Result'));
  if (!found) throw new Error(`no result in ${body}`);
  return found;
}

function text(node: XmlNode | undefined, local: string, ns = MODEL): string | undefined {
  return node ? childrenNamed(node, ns, local)[0]?.text : undefined;
}

function isNil(node: XmlNode | undefined, local: string, ns = MODEL): boolean {
  const child = node ? childrenNamed(node, ns, local)[0] : undefined;
  return child?.qualifiedAttrs[`{${XSI}}nil`] === 'true';
}

function learningEvents(body: string): XmlNode[] {
  const record = childrenNamed(result(body), MODEL, 'LearnerRecord')[0];
  return record ? childrenNamed(record, MODEL, 'LearningEvent') : [];
}

describe.each(eachDatabase())('LearnerServiceR9.svc over raw SOAP on %s', (_name, database) => {
  let running: RunningGateway;
  const call = (operation: string, body: string) => postR9(running.baseUrl, operation, body);
  const events = (learner: LearnerNamed, who: Invoking = SCHOOL) =>
    call('GetLearnerLearningEvents', getLearnerLearningEvents(learner, who));
  const auditPage = async (learner: LearnerNamed, page = 1) => result((await call('ViewAudit', viewAudit(learner, page))).body);
  const entries = (page: XmlNode) =>
    childrenNamed(childrenNamed(page, MODEL, 'List')[0], MODEL, 'PlrAccessEntryResponse').map((e) => ({
      action: text(e, 'Action'),
      organisation: text(e, 'Organisation'),
      user: text(e, 'User'),
      dateTime: text(e, 'DateTime') as string,
    }));
  const learner = async (named: LearnerNamed) => {
    const found = childrenNamed(result((await call('LearnerByUln', learnerByUln(named))).body), MODEL, 'Learner')[0];
    return (local: string) => text(found, local, MIAP);
  };

  beforeAll(async () => {
    running = await startGateway({ database });
    await recordTheRecordsRead(running.gateway);
  });
  afterAll(() => running.stop());

  describe('GetLearnerLearningEvents', () => {
    test('every active achievement any awarding organisation recorded, in award date order; the withdrawn one is not there', async () => {
      const reply = await events(TESTONE);
      expect(reply.status).toBe(200);
      expect(text(result(reply.body), 'ResponseCode')).toBe('WSRC0004');
      expect(text(result(reply.body), 'FoundULN')).toBe('1174112637');
      const found = learningEvents(reply.body);
      expect(found.map((e) => [text(e, 'SubjectCode'), text(e, 'AwardingOrganisationName'), text(e, 'Grade')])).toEqual([
        ['D/601/7002', 'Compat Awarding Body One', 'Pass'],
        ['604/6061/1', 'Compat Awarding Body Two', 'Merit'],
      ]);
      const [unit, qualification] = found;
      expect([text(unit, 'Source'), text(unit, 'Credits'), text(unit, 'Level'), text(unit, 'Status')]).toEqual([
        'QCFU',
        '2',
        'Level 2',
        'F',
      ]);
      expect([text(unit, 'AchievementProviderUkprn'), text(unit, 'AchievementProviderName')]).toEqual([
        '10099903',
        'Compat Test School',
      ]);
      expect([text(qualification, 'Source'), text(qualification, 'QualificationType')]).toEqual([
        'AO',
        'Vocationally-Related Qualification',
      ]);
      expect(isNil(qualification, 'AchievementProviderUkprn')).toBe(true);
    });

    test('UnderDataChallenge is Y on the achievement with an open data challenge, N on the other', async () => {
      const found = learningEvents((await events(TESTONE)).body);
      expect(found.map((e) => text(e, 'UnderDataChallenge'))).toEqual(['Y', 'N']);
    });

    test('an achievement an awarding organisation sent to ExternalService (a batch job) is on the record, its creation in ViewAudit', async () => {
      const achievement = externalAchievement({
        AchievementAwardDate: '2024-06-30T00:00:00',
        Action: '1',
        ActionDate: `${ukDateOf(new Date())}T00:00:00`,
        FamilyName: 'Testname',
        GivenName: 'Sample',
        Grade: 'Pass',
        ProviderUkprn: '10099901',
        Uln: '1026893096',
        UnitOrQualificationReferenceNumber: 'A/601/7001',
      });
      const submitted = await postSoap(`${running.baseUrl}/ExternalService.svc`, submitAchievementBatchJob(achievement), {
        SOAPAction: '"http://api.lrs.qcf.gov.uk/services/IExternalService/SubmitAchievementBatchJob"',
      });
      expect(submitted.status).toBe(200);
      await runWorker(running);
      const found = learningEvents((await events(SAMPLE)).body);
      expect(
        found.map((e) => [text(e, 'SubjectCode'), text(e, 'AwardingOrganisationName'), text(e, 'AchievementProviderName')]),
      ).toEqual([['A/601/7001', 'Compat Awarding Body One', 'Compat Awarding Body One']]);
      const listed = entries(await auditPage(SAMPLE)).map((e) => `${e.action} | ${e.organisation} | ${e.user}`);
      expect(listed).toEqual(
        expect.arrayContaining([
          'Achievement created | Compat Awarding Body One | rita.reeves',
          'Learning record viewed | Compat Test School | lena.lowe',
        ]),
      );
    });

    test('a linked ULN: WSRC0022, IncomingULN the ULN sent, FoundULN the master, whose record holds the achievement', async () => {
      const reply = await events(LINKED);
      const answer = result(reply.body);
      expect([text(answer, 'ResponseCode'), text(answer, 'IncomingULN'), text(answer, 'FoundULN')]).toEqual([
        'WSRC0022',
        '4444599390',
        '6936002314',
      ]);
      expect(learningEvents(reply.body).map((e) => text(e, 'SubjectCode'))).toEqual(['A/601/7001']);
      const byMaster = await events(MASTER);
      expect(text(result(byMaster.body), 'ResponseCode')).toBe('WSRC0004');
      expect(learningEvents(byMaster.body).map((e) => text(e, 'ID'))).toEqual(
        learningEvents(reply.body).map((e) => text(e, 'ID')),
      );
    });

    test('a learner who has not agreed to share: WSEC0206 and no events, though one is held', async () => {
      const answer = result((await events(NOT_SHARING)).body);
      expect([text(answer, 'ResponseCode'), text(answer, 'FoundULN')]).toEqual(['WSEC0206', '1026922983']);
      expect(learningEvents((await events(NOT_SHARING)).body)).toEqual([]);
    });

    test.each<[string, LearnerNamed]>([
      ['names that do not match', { ...TESTONE, givenName: 'Darcie', familyName: 'Tucker' }],
      ['a date of birth that differs', { ...TESTONE, dateOfBirth: '1980-11-02' }],
      ['a gender that differs', { ...TESTONE, gender: '2' }],
      ['a ULN not on the register', { uln: '2000000648', givenName: 'Nobody', familyName: 'Known' }],
    ])('%s: WSEC0208, FoundULN empty, no events', async (_what, named) => {
      const reply = await events(named);
      const answer = result(reply.body);
      expect([text(answer, 'ResponseCode'), text(answer, 'FoundULN'), text(answer, 'IncomingULN')]).toEqual([
        'WSEC0208',
        '',
        named.uln,
      ]);
      expect(learningEvents(reply.body)).toEqual([]);
    });

    test('the date of birth and gender held verify, and a possible match (a synonym) does too', async () => {
      expect(text(result((await events({ ...TESTONE, dateOfBirth: '1980-11-01', gender: '1' })).body), 'ResponseCode')).toBe(
        'WSRC0004',
      );
      const jim = { uln: '2000000087', givenName: 'Jim', familyName: 'Smith' };
      expect(text(result((await events(jim)).body), 'ResponseCode')).toBe('WSRC0004');
    });

    test.each<[string, string, string, string]>([
      ['a ULN with a wrong check digit', 'WSEC0136', 'ULN_INVALID', getLearnerLearningEvents({ ...TESTONE, uln: '1174112638' })],
      ['no given name (nil)', 'WSEC0001', 'LEARNER_FIELD_INVALID', getLearnerLearningEvents({ ...TESTONE, givenName: null })],
      [
        'a gender that is not a code',
        'WSEC0001',
        'LEARNER_GENDER_INVALID',
        getLearnerLearningEvents({ ...TESTONE, gender: 'M' }),
      ],
      ['a getType other than FULL', 'WSEC0001', 'PARAMETER_INVALID', getLearnerLearningEvents(TESTONE, SCHOOL, 'BRIEF')],
    ])('%s: a DomainFault %s (%s)', async (_what, errorCode, code, body) => {
      const reply = await call('GetLearnerLearningEvents', body);
      expect(reply.status).toBe(500);
      const fault = domainFault(reply.body);
      expect(fault.errorCode).toBe(errorCode);
      expect(fault.detail).toMatch(new RegExp(`^${code}: .* \\[correlation id [0-9a-f-]{36}\\]$`));
    });
  });

  describe('who may call', () => {
    const learnerOperations: [string, (who: Invoking) => string][] = [
      ['GetLearnerLearningEvents', (who) => getLearnerLearningEvents(TESTONE, who)],
      ['LearnerByUln', (who) => learnerByUln(TESTONE, who)],
      ['ViewAudit', (who) => viewAudit(TESTONE, 1, who)],
      ['UpdateLearnerSubsetFields', (who) => updateLearnerSubsetFields({ uln: '1174112637', versionNumber: 1 }, who)],
    ];

    test.each(learnerOperations)(
      '%s: an organisation not granted learner management is refused (WSEC0006), whatever its user holds',
      async (operation, body) => {
        const reply = await call(operation, body(AO_TWO));
        expect(reply.status).toBe(500);
        expect(domainFault(reply.body)).toMatchObject({
          errorCode: 'WSEC0006',
          detail: expect.stringMatching(/^LEARNER_MANAGEMENT_NOT_GRANTED:/),
        });
      },
    );

    test.each(learnerOperations)(
      '%s: a super user, whose role is user management only, is refused (ROLE_REQUIRED)',
      async (operation, body) => {
        const superUser = { ...SCHOOL, username: 'leo.lyons' };
        expect(domainFault((await call(operation, body(superUser))).body)).toMatchObject({
          errorCode: 'WSEC0006',
          detail: expect.stringMatching(/^ROLE_REQUIRED:/),
        });
      },
    );

    test('an Awarding Body User of an awarding organisation granted learner management reads the record', async () => {
      expect(text(result((await events(TESTONE, AO_ONE)).body), 'ResponseCode')).toBe('WSRC0004');
    });

    test('the organisation named by its OrganisationRef alone is as good as its UKPRN', async () => {
      const byReference = { ...SCHOOL, ukprn: undefined };
      expect(text(result((await events(TESTONE, byReference)).body), 'ResponseCode')).toBe('WSRC0004');
      expect(text(result((await call('LearnerByUln', learnerByUln(TESTONE, byReference))).body), 'ResponseCode')).toBe(
        'WSRC0004',
      );
    });

    test.each<[string, string, Invoking]>([
      ['a wrong organisation password', 'WSEC0005', { ...SCHOOL, password: 'LRBWebService#99' }],
      ['an unknown organisation', 'WSEC0003', { ...SCHOOL, ukprn: '10099999', reference: undefined }],
      ['no organisation at all', 'WSEC0003', { ...SCHOOL, ukprn: undefined, reference: undefined }],
      ['a user of another organisation', 'WSEC0005', { ...SCHOOL, username: 'victor.vance' }],
    ])('%s: a DomainFault %s', async (_what, errorCode, who) => {
      const reply = await events(TESTONE, who);
      expect(reply.status).toBe(500);
      expect(domainFault(reply.body).errorCode).toBe(errorCode);
    });

    test('GetOrganisation names no learner: an organisation without learner management may call it', async () => {
      const reply = await call('GetOrganisation', getOrganisation({ ukprn: '10099901' }, AO_TWO));
      expect(text(result(reply.body), 'ResponseCode')).toBe('WSRC0004');
    });

    test('the web-services password is not the users’ password', async () => {
      const reply = await events(TESTONE, { ...SCHOOL, password: COMPAT_PASSWORD });
      expect(domainFault(reply.body).errorCode).toBe('WSEC0005');
    });
  });

  describe('LearnerByUln', () => {
    test('an exact match (FUL): WSRC0004, the searched names and ULN, and the Learner record in the MIAPModel shape', async () => {
      const answer = result((await call('LearnerByUln', learnerByUln({ ...SAMPLE, givenName: ' SAMPLE ' }))).body);
      expect([text(answer, 'ResponseCode'), text(answer, 'GivenName'), text(answer, 'FamilyName'), text(answer, 'Uln')]).toEqual([
        'WSRC0004',
        'SAMPLE',
        'Testname',
        '1026893096',
      ]);
      const held = await learner(SAMPLE);
      expect(['Uln', 'GivenName', 'FamilyName', 'DateOfBirth', 'Gender', 'AbilityToShare', 'VersionNumber'].map(held)).toEqual([
        '1026893096',
        'Sample',
        'Testname',
        '1976-08-16T00:00:00',
        '2',
        '1',
        '1',
      ]);
      const record = childrenNamed(answer, MODEL, 'Learner')[0];
      expect(isNil(record, 'MasterUln', MIAP)).toBe(true);
      expect(isNil(record, 'LinkedUlns', MIAP)).toBe(true);
    });

    test('a linked ULN: WSRC0022, the master learner with the ULNs linked to it', async () => {
      const answer = result((await call('LearnerByUln', learnerByUln(LINKED))).body);
      expect([text(answer, 'ResponseCode'), text(answer, 'Uln')]).toEqual(['WSRC0022', '4444599390']);
      const record = childrenNamed(answer, MODEL, 'Learner')[0];
      expect(text(record, 'Uln', MIAP)).toBe('6936002314');
      const linked = childrenNamed(record, MIAP, 'LinkedUlns')[0];
      expect(linked.children.map((c) => c.text)).toEqual(['4444599390']);
    });

    test.each<[string, string, LearnerNamed]>([
      ['a possible match (Jim for James)', 'WSRC0003', { uln: '2000000087', givenName: 'Jim', familyName: 'Smith' }],
      ['a possible match through a linked ULN: the master', 'WSRC0003', { ...LINKED, givenName: 'Testing' }],
      ['names that match nothing', 'WSRC0001', { ...SAMPLE, givenName: 'Darcie', familyName: 'Tucker' }],
      ['a ULN not on the register', 'WSRC0001', { uln: '2000000648', givenName: 'Nobody', familyName: 'Known' }],
    ])('%s: %s', async (what, code, named) => {
      const answer = result((await call('LearnerByUln', learnerByUln(named))).body);
      expect(text(answer, 'ResponseCode')).toBe(code);
      expect(isNil(answer, 'Learner')).toBe(code === 'WSRC0001');
      const record = childrenNamed(answer, MODEL, 'Learner')[0];
      if (what.includes('linked')) expect(text(record, 'Uln', MIAP)).toBe('6936002314');
    });

    test('CHK: the same code and learner, with only what identifies them (no address, school, contact details)', async () => {
      const answer = result((await call('LearnerByUln', learnerByUln(LINKED, SCHOOL, 'CHK'))).body);
      expect(text(answer, 'ResponseCode')).toBe('WSRC0022');
      const record = childrenNamed(answer, MODEL, 'Learner')[0];
      expect(['Uln', 'GivenName', 'FamilyName', 'DateOfBirth', 'Gender'].map((m) => text(record, m, MIAP))).toEqual([
        '6936002314',
        'Testing-Sample',
        'Test',
        '1985-03-27T00:00:00',
        '1',
      ]);
      expect(childrenNamed(record, MIAP, 'LinkedUlns')[0].children.map((c) => c.text)).toEqual(['4444599390']);
      expect(['EmailAddress', 'LastKnownAddressLine1', 'SchoolAtAge16', 'Title'].map((m) => isNil(record, m, MIAP))).toEqual([
        true,
        true,
        true,
        true,
      ]);
    });

    test('an unknown findType is a DomainFault (WSEC0001)', async () => {
      const reply = await call('LearnerByUln', learnerByUln(SAMPLE, SCHOOL, 'ALL'));
      expect(domainFault(reply.body)).toMatchObject({
        errorCode: 'WSEC0001',
        detail: expect.stringMatching(/^PARAMETER_INVALID:/),
      });
    });
  });

  describe('UpdateLearnerSubsetFields', () => {
    const update = async (fields: Parameters<typeof updateLearnerSubsetFields>[0]) =>
      (await call('UpdateLearnerSubsetFields', updateLearnerSubsetFields(fields))).body;
    const resultText = (body: string) => result(body).text;
    const person = { uln: '1964986809', givenName: 'Sample', familyName: 'Test' };

    test('at the version read: WSRC0006; the record has the new values and the next version', async () => {
      const before = await learner(person);
      const version = Number(before('VersionNumber'));
      const body = await update({
        uln: person.uln,
        versionNumber: version,
        emailAddress: 'sample.new@example.com',
        telephoneNumber: '+44 (0)1234 567890',
        schoolAtAge16: 'Compat Academy',
        preferredGivenName: 'Sam',
      });
      expect(resultText(body)).toBe('WSRC0006');
      const after = await learner(person);
      expect(['EmailAddress', 'TelephoneNumber', 'SchoolAtAge16', 'PreferredGivenName', 'VersionNumber'].map(after)).toEqual([
        'sample.new@example.com',
        '+44 (0)1234 567890',
        'Compat Academy',
        'Sam',
        String(version + 1),
      ]);
      expect(after('LastUpdatedDate')).toBe(`${ukDateOf(new Date())}T00:00:00`);
    });

    test('the version read before: WSRC0013, nothing changes', async () => {
      const version = Number((await learner(person))('VersionNumber'));
      expect(resultText(await update({ uln: person.uln, versionNumber: version - 1, emailAddress: 'stale@example.com' }))).toBe(
        'WSRC0013',
      );
      expect((await learner(person))('EmailAddress')).toBe('sample.new@example.com');
    });

    test('the values held again: WSRC0020, the version stays', async () => {
      const version = Number((await learner(person))('VersionNumber'));
      expect(resultText(await update({ uln: person.uln, versionNumber: version, emailAddress: 'sample.new@example.com' }))).toBe(
        'WSRC0020',
      );
      expect((await learner(person))('VersionNumber')).toBe(String(version));
    });

    test('taking back a learner’s agreement to share (FPNNotSeen): WSRC0014, nothing changes', async () => {
      const version = Number((await learner(person))('VersionNumber'));
      const body = await update({
        uln: person.uln,
        versionNumber: version,
        abilityToShare: 'FPNNotSeen',
        emailAddress: 'x@example.com',
      });
      expect(resultText(body)).toBe('WSRC0014');
      expect(['AbilityToShare', 'EmailAddress'].map(await learner(person))).toEqual(['1', 'sample.new@example.com']);
    });

    test('a ULN not on the register: WSRC0019', async () => {
      expect(resultText(await update({ uln: '2000000648', versionNumber: 1, emailAddress: 'x@example.com' }))).toBe('WSRC0019');
    });

    test.each([
      ['an e-mail address without @', { emailAddress: 'nobody.example.com' }, 'LEARNER_FIELD_INVALID'],
      ['a telephone number of letters', { telephoneNumber: 'call me' }, 'LEARNER_FIELD_INVALID'],
      ['a preferred given name with digits', { preferredGivenName: 'Sam2' }, 'LEARNER_NAME_INVALID'],
    ])('%s: a DomainFault (WSEC0001), nothing changes', async (_what, fields, code) => {
      const version = Number((await learner(person))('VersionNumber'));
      const reply = await call(
        'UpdateLearnerSubsetFields',
        updateLearnerSubsetFields({ uln: person.uln, versionNumber: version, ...fields }),
      );
      expect(reply.status).toBe(500);
      expect(domainFault(reply.body)).toMatchObject({
        errorCode: 'WSEC0001',
        detail: expect.stringMatching(new RegExp(`^${code}:`)),
      });
      expect((await learner(person))('VersionNumber')).toBe(String(version));
    });

    test('through a linked ULN the master’s record is updated, at the version LearnerByUln gave', async () => {
      const version = Number((await learner(LINKED))('VersionNumber'));
      expect(resultText(await update({ uln: '4444599390', versionNumber: version, telephoneNumber: '01234 567890' }))).toBe(
        'WSRC0006',
      );
      expect(['Uln', 'TelephoneNumber'].map(await learner(MASTER))).toEqual(['6936002314', '01234 567890']);
    });

    test('two updates at the same version at once: one WSRC0006, the other WSRC0013', async () => {
      const version = Number((await learner(person))('VersionNumber'));
      const results = await Promise.all(
        ['first@example.com', 'second@example.com'].map(async (emailAddress) =>
          resultText(await update({ uln: person.uln, versionNumber: version, emailAddress })),
        ),
      );
      expect(results.sort()).toEqual(['WSRC0006', 'WSRC0013']);
      expect((await learner(person))('VersionNumber')).toBe(String(version + 1));
    });
  });

  describe('ViewAudit', () => {
    test('lists who read or changed the record, newest first: reads, creations, withdrawals, credit checks, updates', async () => {
      await running.gateway.achievements.creditCheck(TESTONE, await actingAs(running.gateway, 'quentin.quinn'));
      const page = await auditPage(TESTONE);
      const listed = entries(page);
      const actions = listed.map((e) => `${e.action} | ${e.organisation} | ${e.user}`);
      expect(actions).toEqual(
        expect.arrayContaining([
          'Learning record viewed | Compat Test School | lena.lowe',
          'Learning record viewed | Compat Awarding Body One | victor.vance',
          'Achievement created | Compat Awarding Body One | quentin.quinn',
          'Achievement created | Compat Awarding Body Two | nadia.novak',
          'Achievement withdrawn | Compat Awarding Body One | quentin.quinn',
          'Credit check | Compat Awarding Body One | quentin.quinn',
        ]),
      );
      expect(listed[0].action).toBe('Credit check');
      const times = listed.map((e) => Date.parse(e.dateTime));
      expect(times).toEqual([...times].sort((a, b) => b - a));
    });

    test('a read that was refused is not listed (nothing was read), and another learner’s reads are not either', async () => {
      const before = Number(text(await auditPage(TESTONE), 'TotalItems'));
      await events({ ...TESTONE, givenName: 'Darcie' });
      await events(SAMPLE);
      expect(Number(text(await auditPage(TESTONE), 'TotalItems'))).toBe(before);
      await events(TESTONE);
      expect(Number(text(await auditPage(TESTONE), 'TotalItems'))).toBe(before + 1);
    });

    test('a linked learner’s audit holds what was read and changed through either ULN', async () => {
      const actions = entries(await auditPage(MASTER)).map((e) => e.action);
      expect(actions).toEqual(
        expect.arrayContaining(['Learning record viewed', 'Achievement created', 'Learner details updated']),
      );
      expect(text(await auditPage(LINKED), 'TotalItems')).toBe(text(await auditPage(MASTER), 'TotalItems'));
    });

    test('pages of 20: the counts, and the last page holds the rest', async () => {
      for (let i = 0; i < 21; i++) await events(TESTONE);
      const first = await auditPage(TESTONE, 1);
      const total = Number(text(first, 'TotalItems'));
      expect(total).toBeGreaterThan(21);
      expect([text(first, 'PageIndex'), text(first, 'PageSize'), text(first, 'SortIndex'), text(first, 'SortOrder')]).toEqual([
        '1',
        '20',
        '0',
        '1',
      ]);
      expect(entries(first)).toHaveLength(20);
      const pages = Math.ceil(total / 20);
      expect(text(first, 'PageCount')).toBe(String(pages));
      const last = await auditPage(TESTONE, pages);
      expect(entries(last)).toHaveLength(total - 20 * (pages - 1));
      expect(entries(await auditPage(TESTONE, pages + 1))).toHaveLength(0);
    });

    test.each<[string, string, string, string]>([
      ['page 0', 'WSEC0001', 'PARAMETER_INVALID', viewAudit(TESTONE, 0)],
      ['details that do not verify', 'WSEC0208', 'LEARNER_NOT_VERIFIED', viewAudit({ ...TESTONE, givenName: 'Darcie' }, 1)],
      ['a learner who has not agreed to share', 'WSEC0206', 'LEARNER_NOT_SHARING', viewAudit(NOT_SHARING, 1)],
    ])('%s: a DomainFault %s (%s)', async (_what, errorCode, code, body) => {
      const reply = await call('ViewAudit', body);
      expect(reply.status).toBe(500);
      expect(domainFault(reply.body)).toMatchObject({ errorCode, detail: expect.stringMatching(new RegExp(`^${code}:`)) });
    });
  });

  describe('GetOrganisation', () => {
    test.each<[string, string, string | undefined, { ukprn?: string; orgRef?: string }]>([
      ['by UKPRN', 'WSRC0004', 'AOB002', { ukprn: '10099902' }],
      ['by OrganisationRef', 'WSRC0004', 'LRB001', { orgRef: 'LRB001' }],
      ['by both, naming the same organisation', 'WSRC0004', 'AOB001', { ukprn: '10099901', orgRef: 'AOB001' }],
      ['by both, naming two organisations', 'WSRC0001', undefined, { ukprn: '10099901', orgRef: 'AOB002' }],
      ['an unknown UKPRN', 'WSRC0001', undefined, { ukprn: '10000000' }],
      ['neither', 'WSRC0015', undefined, {}],
    ])('%s: %s', async (_what, code, orgRef, query) => {
      const answer = result((await call('GetOrganisation', getOrganisation(query))).body);
      expect(text(answer, 'ResponseCode')).toBe(code);
      if (orgRef === undefined)
        expect(['DisplayName', 'OrgRef', 'Status', 'Ukprn'].map((m) => isNil(answer, m))).toEqual([true, true, true, true]);
      else expect(text(answer, 'OrgRef')).toBe(orgRef);
    });

    test('the name, reference, state and UKPRN; a suspended organisation is Suspended', async () => {
      const answer = result((await call('GetOrganisation', getOrganisation({ ukprn: '10099902' }))).body);
      expect(['DisplayName', 'OrgRef', 'Status', 'Ukprn'].map((m) => text(answer, m))).toEqual([
        'Compat Awarding Body Two',
        'AOB002',
        'Active',
        '10099902',
      ]);
      await running.gateway.db.run("UPDATE organisations SET status = 'SUSPENDED' WHERE ukprn = '10099902'");
      const suspended = result((await call('GetOrganisation', getOrganisation({ ukprn: '10099902' }))).body);
      expect(text(suspended, 'Status')).toBe('Suspended');
    });
  });
});
