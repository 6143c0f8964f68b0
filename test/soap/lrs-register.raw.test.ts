import { mandatoryDetailsOf } from '../../src/learners/learner-fields.rules';
import type { SearchMade } from '../../src/learners/recent-learner-searches';
import type { SearchedDetails } from '../../src/learners/registration.rules';
import { isValidUln } from '../../src/learners/uln';
import type { Clock } from '../../src/platform/clock';
import { eachDatabase } from '../support/databases';
import {
  aLearner,
  AO_ONE_USER,
  AO_TWO_USER,
  type Credentials,
  type Learner,
  registerLearner,
  SCHOOL_USER,
  updateLearner,
} from '../support/lrs-registration-messages';
import { type RunningGateway, startGateway } from '../support/running-gateway';
import { envelope, firstText, lrsFindLearner, postSoap } from '../support/soap-messages';

/** The real time, moved on by the test when it needs a search to age. */
function movableClock(): Clock & { advance(seconds: number): void } {
  let offsetMs = 0;
  return {
    now: () => new Date(Date.now() + offsetMs),
    advance(seconds) {
      offsetMs += seconds * 1000;
    },
  };
}

describe.each(eachDatabase())('registerSingleLearner and updateSingleLearner over raw SOAP on %s', (_name, database) => {
  let running: RunningGateway;
  const clock = movableClock();
  let organisationIds: Record<string, number>;
  beforeAll(async () => {
    running = await startGateway({ database, clock });
    const rows: { id: number; ukprn: string }[] = await running.gateway.dataSource.query('SELECT id, ukprn FROM organisations');
    organisationIds = Object.fromEntries(rows.map((r) => [r.ukprn, Number(r.id)]));
  });
  afterAll(() => running.stop());

  const post = (body: string) => postSoap(`${running.baseUrl}/LearnerService.svc`, body, { SOAPAction: '""' });
  const register = (learner: Learner, as?: Credentials) => post(registerLearner(learner, as));
  const update = (learner: Learner, as?: Credentials) => post(updateLearner(learner, as));
  /** What the find operation tells the register after a learnerByDemographics search. */
  const searched = (
    learner: Learner,
    responseCode = 'WSRC0001',
    as: Credentials = SCHOOL_USER,
    findType: SearchMade['findType'] = 'FUL',
  ) =>
    running.gateway.registration.searches.record({
      organisationId: organisationIds[as.ukprn],
      findType,
      responseCode,
      details: mandatoryDetailsOf(learner) as SearchedDetails,
    });
  const held = async (uln: string) => (await running.gateway.dataSource.query('SELECT * FROM learners WHERE uln = ?', [uln]))[0];
  const audited = async (operation: string) => {
    await running.gateway.audit.flush();
    return running.gateway.dataSource.query(
      'SELECT operation, outcome, subject, username FROM audit_entries WHERE operation = ? ORDER BY id',
      [operation],
    ) as Promise<{ operation: string; outcome: string; subject: string | null; username: string }[]>;
  };
  let counter = 0;
  /** A learner nobody else in the run has: each test registers its own. */
  const fresh = (overrides: Learner = {}) =>
    aLearner({
      FamilyName: `Register-${'abcdefghijklmnopqrstuvwxyz'[counter++ % 26]}${'abcdefghijklmnopqrstuvwxyz'[Math.floor(counter / 26) % 26]}`,
      ...overrides,
    });

  describe('registering', () => {
    test('a learner searched for just before is registered with a new valid ULN, held as sent', async () => {
      const learner = fresh({ LastKnownPostCode: 'cv49ee', MiddleOtherName: 'Jane', Notes: 'Joined in year 9' });
      await searched(learner);
      const reply = await register(learner);
      expect(reply.status).toBe(200);
      expect(firstText(reply.body, 'ResponseCode')).toBe('WSRC0005');
      const uln = firstText(reply.body, 'ULN') as string;
      expect(isValidUln(uln)).toBe(true);
      expect(uln.startsWith('9')).toBe(true);
      expect(await held(uln)).toMatchObject({
        given_name: 'Ada',
        family_name: learner.FamilyName,
        middle_other_name: 'Jane',
        postcode: 'CV4 9EE',
        date_of_birth: '2008-04-01',
        gender: 2,
        verification_type: 1,
        ability_to_share: 1,
        notes: 'Joined in year 9',
        version_number: 1,
        master_uln: null,
      });
      const entries = await audited('RegisterLearner');
      expect(entries).toContainEqual({ operation: 'RegisterLearner', outcome: 'OK', subject: uln, username: 'lena.lowe' });
    });

    test('without a search for the same details first, WSRC0021 and no ULN; the refusal is audited', async () => {
      const learner = fresh();
      await searched({ ...learner, DateOfBirth: '2008-04-02' });
      const reply = await register(learner);
      expect(reply.status).toBe(200);
      expect(firstText(reply.body, 'ResponseCode')).toBe('WSRC0021');
      expect(firstText(reply.body, 'ULN')).toBeUndefined();
      expect(await audited('RegisterLearner')).toContainEqual({
        operation: 'RegisterLearner',
        outcome: 'LEARNER_NOT_SEARCHED_FIRST',
        subject: null,
        username: 'lena.lowe',
      });
    });

    test('a search by another organisation, or a CHK search, does not count', async () => {
      const learner = fresh();
      await searched(learner, 'WSRC0001', AO_ONE_USER);
      await searched(learner, 'WSRC0001', SCHOOL_USER, 'CHK');
      expect(firstText((await register(learner)).body, 'ResponseCode')).toBe('WSRC0021');
    });

    test('the search counts with the details as sent in another case and postcode spacing', async () => {
      const learner = fresh();
      await searched({ ...learner, GivenName: 'ADA', LastKnownPostCode: 'cv49ee' });
      expect(firstText((await register(learner)).body, 'ResponseCode')).toBe('WSRC0005');
    });

    test('a search older than the window no longer counts', async () => {
      const learner = fresh();
      await searched(learner);
      clock.advance(running.gateway.config.registerFindWindowSeconds + 1);
      expect(firstText((await register(learner)).body, 'ResponseCode')).toBe('WSRC0021');
    });

    test('after a search found possible matches, registering waits for the minimum wait', async () => {
      const learner = fresh();
      await searched(learner, 'WSRC0003');
      expect(firstText((await register(learner)).body, 'ResponseCode')).toBe('WSRC0021');
      expect((await audited('RegisterLearner')).at(-1)?.outcome).toBe('LEARNER_POSSIBLE_MATCHES_FOUND');
      clock.advance(running.gateway.config.registerPossibleMatchWaitSeconds);
      const reply = await register(learner);
      expect(firstText(reply.body, 'ResponseCode')).toBe('WSRC0005');
    });

    test('a search that found the learner refuses the registration', async () => {
      const learner = fresh();
      await searched(learner, 'WSRC0004');
      expect(firstText((await register(learner)).body, 'ResponseCode')).toBe('WSRC0021');
      expect((await audited('RegisterLearner')).at(-1)?.outcome).toBe('LEARNER_ALREADY_REGISTERED');
    });

    test('the same mandatory details are never registered twice', async () => {
      const learner = fresh();
      await searched(learner);
      expect(firstText((await register(learner)).body, 'ResponseCode')).toBe('WSRC0005');
      const again = { ...learner, GivenName: ' ada ', Notes: 'Sent twice' };
      await searched(again);
      expect(firstText((await register(again)).body, 'ResponseCode')).toBe('WSRC0021');
    });

    test('VerificationType 999 without its description is insufficient data, WSRC0015', async () => {
      const learner = fresh({ VerificationType: '999' });
      await searched(learner);
      expect(firstText((await register(learner)).body, 'ResponseCode')).toBe('WSRC0015');
    });

    test.each([
      ['a name with a digit', { GivenName: 'Ad4' }],
      ['a learner younger than 11', { DateOfBirth: '2020-01-01' }],
      ['a prison postcode', { LastKnownPostCode: 'SW18 3HU' }],
      ['prohibited text in the notes', { Notes: 'prisoner' }],
      ['an Appendix B name rule on the family name at 16', { FamilyNameAtAge16: 'Smith!' }],
    ])('%s is refused with a WSEC0001 fault (guide Appendix B), naming the field, not the value', async (_what, change) => {
      const learner = fresh(change);
      await searched(learner);
      const reply = await register(learner);
      expect(reply.status).toBe(500);
      expect(firstText(reply.body, 'ErrorCode')).toBe('WSEC0001');
      const value = Object.values(change)[0] as string;
      expect(firstText(reply.body, 'FurtherDetails')).not.toContain(value);
    });

    test('a request the schema refuses (no GivenName) is a WSEC0001 fault before any rule runs', async () => {
      const { GivenName: _dropped, ...learner } = fresh();
      const reply = await register(learner);
      expect(reply.status).toBe(500);
      expect(firstText(reply.body, 'ErrorCode')).toBe('WSEC0001');
      expect(firstText(reply.body, 'FurtherDetails')).toContain('cvc-complex-type');
    });

    test('an organisation without learner management gets a WSEC0006 fault', async () => {
      const learner = fresh();
      await searched(learner, 'WSRC0001', AO_TWO_USER);
      const reply = await register(learner, AO_TWO_USER);
      expect(reply.status).toBe(500);
      expect(firstText(reply.body, 'ErrorCode')).toBe('WSEC0006');
    });

    test('a user without a role that registers learners gets a WSEC0006 fault', async () => {
      const reply = await register(fresh(), { ...SCHOOL_USER, userName: 'leo.lyons' });
      expect(reply.status).toBe(500);
      expect(firstText(reply.body, 'ErrorCode')).toBe('WSEC0006');
    });

    test('an Awarding Body User of an organisation with learner management registers too', async () => {
      const learner = fresh();
      await searched(learner, 'WSRC0001', AO_ONE_USER);
      expect(firstText((await register(learner, AO_ONE_USER)).body, 'ResponseCode')).toBe('WSRC0005');
    });

    test('twenty registrations at once get twenty distinct valid ULNs', async () => {
      const learners = Array.from({ length: 20 }, (_, i) =>
        fresh({ GivenName: `Race${'abcdefghijklmnopqrst'[i]}`, DateOfBirth: `2009-03-${String(i + 1).padStart(2, '0')}` }),
      );
      for (const learner of learners) await searched(learner);
      const replies = await Promise.all(learners.map((learner) => register(learner)));
      expect(replies.map((r) => firstText(r.body, 'ResponseCode'))).toEqual(learners.map(() => 'WSRC0005'));
      const ulns = replies.map((r) => firstText(r.body, 'ULN') as string);
      expect(new Set(ulns).size).toBe(20);
      for (const uln of ulns) expect(isValidUln(uln)).toBe(true);
      const rows: { uln: string; given_name: string }[] = await running.gateway.dataSource.query(
        `SELECT uln, given_name FROM learners WHERE uln IN (${ulns.map(() => '?').join(', ')})`,
        ulns,
      );
      expect(rows.map((r) => r.given_name).sort()).toEqual(learners.map((l) => l.GivenName).sort());
    });
    test('the same learner registered twice at once is registered once: the other is WSRC0021', async () => {
      const learner = fresh({ GivenName: 'Twice', DateOfBirth: '2009-06-30' });
      await searched(learner);
      const replies = await Promise.all([register(learner), register(learner), register(learner)]);
      expect(replies.map((r) => firstText(r.body, 'ResponseCode')).sort()).toEqual(['WSRC0005', 'WSRC0021', 'WSRC0021']);
    });
  });

  describe('after a learnerByDemographics call', () => {
    const school = { ukprn: SCHOOL_USER.ukprn, orgPassword: SCHOOL_USER.orgPassword, userName: SCHOOL_USER.userName };
    const find = async (learner: Learner, findType: 'FUL' | 'CHK' = 'FUL') => {
      const input = {
        givenName: learner.GivenName as string,
        familyName: learner.FamilyName as string,
        dateOfBirth: learner.DateOfBirth as string,
        gender: Number(learner.Gender),
        lastKnownPostCode: (learner.LastKnownPostCode as string).replace(' ', ''),
      };
      return firstText((await post(envelope(lrsFindLearner(input, findType, school)))).body, 'ResponseCode');
    };

    test('a FUL search that found nobody lets the same organisation register the learner', async () => {
      const learner = fresh({ GivenName: 'Quintessa', DateOfBirth: '2006-12-24' });
      expect(await find(learner)).toBe('WSRC0001');
      expect(firstText((await register(learner)).body, 'ResponseCode')).toBe('WSRC0005');
      expect(await find(learner)).toBe('WSRC0004');
    });

    test('a CHK search does not', async () => {
      const learner = fresh({ GivenName: 'Ottoline', DateOfBirth: '2006-11-23' });
      expect(await find(learner, 'CHK')).toBe('WSRC0001');
      expect(firstText((await register(learner)).body, 'ResponseCode')).toBe('WSRC0021');
    });

    test('a search that found the learner held refuses the registration', async () => {
      const sample = aLearner({ GivenName: 'Sample', FamilyName: 'Testname', DateOfBirth: '1976-08-16', Gender: '2' });
      expect(await find(sample)).toBe('WSRC0004');
      expect(firstText((await register(sample)).body, 'ResponseCode')).toBe('WSRC0021');
    });

    test('a search that found possible matches holds the registration until the wait is over', async () => {
      const elsewhere = aLearner({
        GivenName: 'Sample',
        FamilyName: 'Testname',
        DateOfBirth: '1976-08-16',
        LastKnownPostCode: 'ZZ1 2ZZ',
      });
      expect(await find(elsewhere)).toBe('WSRC0003');
      expect(firstText((await register(elsewhere)).body, 'ResponseCode')).toBe('WSRC0021');
      clock.advance(running.gateway.config.registerPossibleMatchWaitSeconds);
      expect(firstText((await register(elsewhere)).body, 'ResponseCode')).toBe('WSRC0005');
    });
  });

  describe('updating', () => {
    /** A learner registered for the test, and their ULN. */
    const registered = async (overrides: Learner = {}) => {
      const learner = fresh(overrides);
      await searched(learner);
      const uln = firstText((await register(learner)).body, 'ULN') as string;
      return { learner, uln };
    };

    test('the record sent replaces the one held, on the version it was read at: WSRC0006 and the next version', async () => {
      const { learner, uln } = await registered({ Notes: 'First note', Title: 'Ms' });
      const { Notes: _notes, ...rest } = learner;
      const reply = await update({ ...rest, Title: 'Dr', ULN: uln, VersionNumber: '1' });
      expect(firstText(reply.body, 'ResponseCode')).toBe('WSRC0006');
      expect(await held(uln)).toMatchObject({ title: 'Dr', notes: null, version_number: 2 });
      expect((await audited('UpdateLearner')).at(-1)).toEqual({
        operation: 'UpdateLearner',
        outcome: 'OK',
        subject: uln,
        username: 'lena.lowe',
      });
    });

    test('an old VersionNumber is WSRC0013 and changes nothing', async () => {
      const { learner, uln } = await registered();
      expect(firstText((await update({ ...learner, Notes: 'one', ULN: uln, VersionNumber: '1' })).body, 'ResponseCode')).toBe(
        'WSRC0006',
      );
      const stale = await update({ ...learner, Notes: 'two', ULN: uln, VersionNumber: '1' });
      expect(firstText(stale.body, 'ResponseCode')).toBe('WSRC0013');
      expect(await held(uln)).toMatchObject({ notes: 'one', version_number: 2 });
      expect((await audited('UpdateLearner')).at(-1)).toMatchObject({ outcome: 'LEARNER_VERSION_CONFLICT', subject: uln });
    });

    test('the details held, sent again, are WSRC0020', async () => {
      const { learner, uln } = await registered();
      const reply = await update({ ...learner, LastKnownPostCode: 'cv4 9ee', ULN: uln, VersionNumber: '1' });
      expect(firstText(reply.body, 'ResponseCode')).toBe('WSRC0020');
      expect(await held(uln)).toMatchObject({ version_number: 1 });
    });

    test('a ULN not on the register is WSRC0019', async () => {
      const reply = await update({ ...fresh(), ULN: '9999999971', VersionNumber: '1' });
      expect(firstText(reply.body, 'ResponseCode')).toBe('WSRC0019');
    });

    test('a ULN with a wrong check digit is a WSEC0136 fault', async () => {
      const reply = await update({ ...fresh(), ULN: '1026893097', VersionNumber: '1' });
      expect(reply.status).toBe(500);
      expect(firstText(reply.body, 'ErrorCode')).toBe('WSEC0136');
    });

    test("changing the details to another learner's is WSRC0021", async () => {
      const first = await registered();
      const second = await registered();
      const reply = await update({ ...first.learner, ULN: second.uln, VersionNumber: '1' });
      expect(firstText(reply.body, 'ResponseCode')).toBe('WSRC0021');
    });

    test('a field against guide Appendix B is a WSEC0001 fault and changes nothing', async () => {
      const { learner, uln } = await registered();
      const reply = await update({ ...learner, PreviousFamilyName: 'Sm1th', ULN: uln, VersionNumber: '1' });
      expect(firstText(reply.body, 'ErrorCode')).toBe('WSEC0001');
      expect(await held(uln)).toMatchObject({ previous_family_name: null, version_number: 1 });
    });

    test('an organisation without learner management gets a WSEC0006 fault', async () => {
      const { learner, uln } = await registered();
      const reply = await update({ ...learner, Notes: 'x', ULN: uln, VersionNumber: '1' }, AO_TWO_USER);
      expect(firstText(reply.body, 'ErrorCode')).toBe('WSEC0006');
    });
  });

  test('the audit trail of registering and updating holds ULNs and outcomes, never the details', async () => {
    await running.gateway.audit.flush();
    const rows: Record<string, unknown>[] = await running.gateway.dataSource.query(
      "SELECT * FROM audit_entries WHERE operation IN ('RegisterLearner', 'UpdateLearner')",
    );
    expect(rows.length).toBeGreaterThan(10);
    const text = JSON.stringify(rows);
    for (const needle of ['Register-', 'CV4 9EE', '2008-04-01', 'Ada']) expect(text).not.toContain(needle);
  });
});
