import type { DataSource } from 'typeorm';
import { AchievementService } from '../../src/achievements/achievement.service';
import { AchievementStore } from '../../src/achievements/achievement.store';
import { QualificationStore } from '../../src/achievements/qualification.store';
import { DataChallengeService } from '../../src/data-challenges/data-challenge.service';
import { dataChallengeLinks } from '../../src/data-challenges/data-challenge-links';
import { DataChallengeStore } from '../../src/data-challenges/data-challenge.store';
import { LearnerRegister } from '../../src/learners/learner-register';
import { ReferenceData } from '../../src/learners/reference-data';
import { ChangeCounters } from '../../src/platform/cache/change-counters';
import type { Principal } from '../../src/platform/auth/accounts';
import { AuditTrail } from '../../src/platform/audit/audit-trail';
import type { CallContext } from '../../src/platform/call-context';
import { fixedClock } from '../../src/platform/clock';
import { Database } from '../../src/platform/database';
import { codeOf } from '../support/domain-codes';
import { Outbox } from '../../src/platform/mail/outbox';
import { eachDatabase } from '../support/databases';
import { principalOf, seedTestData } from '../support/seeded';

const clock = fixedClock('2026-11-28T12:00:00Z');
const DESK = 'service-desk@lrs.test.invalid';
const AO_ONE_RESOLVER = 'edc-resolver.aob001@compatibilitytest.example';
const JAMES = { uln: '2000000087', givenName: 'James', familyName: 'Smith' };
const HISTORY = '603/5678/9';

describe.each(eachDatabase())('event data challenges on %s', (_name, database) => {
  let dataSource: DataSource;
  let challenges: DataChallengeService;
  let achievements: AchievementService;
  const as: Record<string, CallContext> = {};

  beforeAll(async () => {
    dataSource = await database.open();
    await seedTestData(dataSource, clock);
    const db = new Database(dataSource);
    const audit = new AuditTrail(db, clock);
    const learners = new LearnerRegister(db);
    challenges = new DataChallengeService(
      db,
      new DataChallengeStore(db),
      new AchievementStore(db),
      learners,
      new Outbox(db, clock),
      audit,
      clock,
      { serviceDeskEmail: DESK, assignment: 'automatic' },
    );
    achievements = new AchievementService(
      db,
      new AchievementStore(db),
      learners,
      new QualificationStore(db),
      new ReferenceData(db, new ChangeCounters(db)),
      audit,
      clock,
      { acceptPossibleMatch: false },
      dataChallengeLinks(db),
    );
    const users = [
      'lena.lowe',
      'leo.lyons',
      'quentin.quinn',
      'alice.archer',
      'victor.vance',
      'rita.reeves',
      'nadia.novak',
      'olga.ortiz',
    ];
    for (const username of users) {
      as[username] = {
        principal: await principalOf(dataSource, username),
        correlationId: `test-${username}`,
        surface: 'soap-ao',
      };
    }
    const school = as['lena.lowe'].principal;
    const otherSchool: Principal = { ...school, userId: 99_999, username: 'other.school', organisationId: 99_999 };
    as['other.school'] = { principal: otherSchool, correlationId: 'test-other-school', surface: 'soap-ao' };
  });
  afterAll(() => database.drop());

  const count = async (sql: string, params: unknown[] = []) => Number((await dataSource.query(sql, params))[0].n);
  const rowsChanged = async () => ({
    challenges: await count('SELECT COUNT(*) AS n FROM data_challenges'),
    comments: await count('SELECT COUNT(*) AS n FROM data_challenge_comments'),
    mails: await count('SELECT COUNT(*) AS n FROM outbox_messages'),
    events: await count('SELECT COUNT(*) AS n FROM achievement_events'),
  });

  /** An AO One achievement of James Smith's (grade C) on its own award date. */
  async function achievement(awardDate: string, learner = JAMES, aimReference = HISTORY, by = 'quentin.quinn') {
    await achievements.create({ learner, aimReference, awardDate, grade: 'C' }, as[by]);
    return { ...learner, aimReference, awardDate };
  }

  const gradeWrong = (
    key: { uln: string; aimReference: string; awardDate: string },
    description = 'The grade is wrong: B, not C',
  ) => ({
    uln: key.uln,
    aimReference: key.aimReference,
    awardDate: key.awardDate,
    type: 'INFORMATION_WRONG' as const,
    problemType: 'GRADE_WRONG' as const,
    description,
  });

  test('an LRB raises a challenge: assigned to the AO, the achievement under challenge, the resolver told in the same transaction', async () => {
    const key = await achievement('2024-08-01');
    const raised = await challenges.raise(gradeWrong(key, '  The grade is wrong: B, not C  '), as['lena.lowe']);
    expect(raised).toMatchObject({
      status: 'NEW',
      type: 'INFORMATION_WRONG',
      problemType: 'GRADE_WRONG',
      description: 'The grade is wrong: B, not C',
      achievement: { uln: '2000000087', aimReference: '60356789', title: 'Compat GCE A Level in History', grade: 'C' },
      raisedBy: {
        organisation: { ukprn: '10099903', name: 'Compat Test School' },
        username: 'lena.lowe',
        givenName: 'Lena',
        familyName: 'Lowe',
      },
      assignedTo: { ukprn: '10099901', name: 'Compat Awarding Body One', edcResolverEmail: AO_ONE_RESOLVER },
      comments: [],
      actions: [],
    });
    expect((await achievements.find(key, as['quentin.quinn'])).underDataChallenge).toBe(true);
    const [mail] = await dataSource.query(
      'SELECT recipient, kind, subject, body_text FROM outbox_messages WHERE dedupe_key = ?',
      [`edc-raised:${raised.id}`],
    );
    expect(mail).toMatchObject({ recipient: AO_ONE_RESOLVER, kind: 'edc-raised' });
    expect(mail.body_text).not.toContain('2000000087');
    const audited = await dataSource.query('SELECT operation, subject, username FROM audit_entries WHERE subject = ?', [
      `edc/${raised.id}`,
    ]);
    expect(audited).toEqual([{ operation: 'RaiseDataChallenge', subject: `edc/${raised.id}`, username: 'lena.lowe' }]);
  });

  test('a linked ULN finds the achievement kept under its master; a second open challenge on it is refused', async () => {
    const linked = { uln: '4444599390', givenName: 'Sample', familyName: 'Test' };
    await achievement('2024-08-02', linked);
    const raised = await challenges.raise(
      gradeWrong({ ...linked, aimReference: '60356789', awardDate: '2024-08-02' }),
      as['lena.lowe'],
    );
    expect(raised.achievement.uln).toBe('6936002314');
    const viaMaster = gradeWrong({ uln: '6936002314', aimReference: HISTORY, awardDate: '2024-08-02' });
    expect(await codeOf(challenges.raise(viaMaster, as['lena.lowe']))).toBe('DATA_CHALLENGE_OPEN_EXISTS');
  });

  test.each([
    ['a problem type of another type', { problemType: 'DISPUTED' }, 'lena.lowe', 'DATA_CHALLENGE_TYPE_MISMATCH'],
    [
      'a ULN shared by two learners, which the LRS support team raises',
      { type: 'DIFFERENT_LEARNER', problemType: 'ULN_SHARED_BY_TWO_LEARNERS' },
      'lena.lowe',
      'DATA_CHALLENGE_TYPE_NOT_ALLOWED',
    ],
    ['an awarding organisation raising one', {}, 'quentin.quinn', 'ORGANISATION_NOT_PERMITTED'],
    ['an achievement that does not exist', { awardDate: '2024-07-31' }, 'lena.lowe', 'DATA_CHALLENGE_ACHIEVEMENT_NOT_FOUND'],
    ['a ULN with a wrong check digit', { uln: '2000000088' }, 'lena.lowe', 'ULN_INVALID'],
    ['a blank description', { description: '   ' }, 'lena.lowe', 'DATA_CHALLENGE_TEXT_INVALID'],
  ])('raising with %s is refused and changes nothing', async (_what, change, by, code) => {
    const key = { ...JAMES, aimReference: HISTORY, awardDate: '2024-08-03' };
    if (!(await dataSource.query("SELECT id FROM achievements WHERE award_date = '2024-08-03'")).length)
      await achievement('2024-08-03');
    const before = await rowsChanged();
    expect(await codeOf(challenges.raise({ ...gradeWrong(key), ...change } as never, as[by]))).toBe(code);
    expect(await rowsChanged()).toEqual(before);
  });

  test('guide 6.2.3: the LRS support team raises a ULN shared by two learners; it reads its own, the school does not', async () => {
    const key = await achievement('2024-08-13');
    const raised = await challenges.raise(
      { ...gradeWrong(key), type: 'DIFFERENT_LEARNER', problemType: 'ULN_SHARED_BY_TWO_LEARNERS', description: 'Shared ULN' },
      as['olga.ortiz'],
    );
    expect(raised).toMatchObject({ raisedBy: { organisation: { ukprn: '10099900' } }, assignedTo: { ukprn: '10099901' } });
    expect((await challenges.get(raised.id, as['olga.ortiz'])).id).toBe(raised.id);
    expect((await challenges.get(raised.id, as['quentin.quinn'])).id).toBe(raised.id);
    expect(await codeOf(challenges.get(raised.id, as['lena.lowe']))).toBe('DATA_CHALLENGE_NOT_FOUND');
    await challenges.setInProgress([raised.id], as['quentin.quinn']);
    await challenges.update({ id: raised.id, status: 'RESOLVED_REJECTED', comment: 'Two learners checked' }, as['quentin.quinn']);
  });

  test('a withdrawn achievement is no longer on the record to challenge', async () => {
    const key = await achievement('2024-08-04');
    await achievements.withdraw({ key, actionDate: '2026-11-20', actionReason: 'SUBINERROR' }, as['quentin.quinn']);
    expect(await codeOf(challenges.raise(gradeWrong(key), as['lena.lowe']))).toBe('ACHIEVEMENT_WITHDRAWN');
  });

  test('another organisation gets the same "not found" as for an id that does not exist, and changes nothing', async () => {
    const raised = await challenges.raise(gradeWrong(await achievement('2024-08-05')), as['lena.lowe']);
    const before = await rowsChanged();
    for (const who of ['nadia.novak', 'leo.lyons', 'other.school']) {
      expect(await codeOf(challenges.get(raised.id, as[who]))).toBe('DATA_CHALLENGE_NOT_FOUND');
      expect((await challenges.list({}, as[who])).items.map((c) => c.id)).not.toContain(raised.id);
    }
    expect(await codeOf(challenges.get(9_999_999, as['nadia.novak']))).toBe('DATA_CHALLENGE_NOT_FOUND');
    expect(await codeOf(challenges.setInProgress([raised.id], as['nadia.novak']))).toBe('DATA_CHALLENGE_NOT_FOUND');
    expect(await codeOf(challenges.update({ id: raised.id, status: 'IN_PROGRESS' }, as['nadia.novak']))).toBe(
      'DATA_CHALLENGE_NOT_FOUND',
    );
    // The raising school may read it; its LRB user may not work it.
    expect((await challenges.get(raised.id, as['lena.lowe'])).id).toBe(raised.id);
    expect(await codeOf(challenges.update({ id: raised.id, status: 'IN_PROGRESS' }, as['lena.lowe']))).toBe(
      'DATA_CHALLENGE_NOT_FOUND',
    );
    expect(await rowsChanged()).toEqual(before);
  });

  test('the whole life: listed, in progress, the grade corrected under it, resolved upheld; the LRB sees the outcome', async () => {
    const key = await achievement('2024-08-06');
    const { id } = await challenges.raise(gradeWrong(key), as['lena.lowe']);
    expect((await challenges.list({}, as['rita.reeves'])).items.map((c) => c.id)).toContain(id);
    // Appendix A: the super user works user management only, the single-learner verifier no achievement.
    for (const who of ['alice.archer', 'victor.vance']) {
      expect((await challenges.list({}, as[who])).items).toEqual([]);
      expect(await codeOf(challenges.get(id, as[who]))).toBe('DATA_CHALLENGE_NOT_FOUND');
      expect(await codeOf(challenges.setInProgress([id], as[who]))).toBe('DATA_CHALLENGE_NOT_FOUND');
    }
    const [inProgress] = await challenges.setInProgress([id], as['rita.reeves']);
    expect(inProgress.status).toBe('IN_PROGRESS');
    expect((await challenges.list({ status: 'NEW' }, as['quentin.quinn'])).items.map((c) => c.id)).not.toContain(id);
    expect((await challenges.list({ status: 'IN_PROGRESS' }, as['quentin.quinn'])).items.map((c) => c.id)).toContain(id);

    const updated = await achievements.update(
      { key, actionDate: '2026-11-27', changes: { grade: 'B' }, dataChallengeId: id },
      as['quentin.quinn'],
    );
    expect(updated).toMatchObject({ grade: 'B', underDataChallenge: true });
    await challenges.update({ id, status: 'IN_PROGRESS', comment: 'Checked our marking records' }, as['quentin.quinn']);
    expect(await codeOf(challenges.update({ id, status: 'RESOLVED_UPHELD' }, as['quentin.quinn']))).toBe(
      'DATA_CHALLENGE_COMMENT_REQUIRED',
    );
    const resolved = await challenges.update(
      { id, status: 'RESOLVED_UPHELD', comment: 'Grade corrected from C to B' },
      as['quentin.quinn'],
    );

    expect(resolved.status).toBe('RESOLVED_UPHELD');
    expect(resolved.comments.map((c) => [c.statusSet, c.text, c.by, c.organisationName])).toEqual([
      ['IN_PROGRESS', '', 'rita.reeves', 'Compat Awarding Body One'],
      ['IN_PROGRESS', 'Checked our marking records', 'quentin.quinn', 'Compat Awarding Body One'],
      ['RESOLVED_UPHELD', 'Grade corrected from C to B', 'quentin.quinn', 'Compat Awarding Body One'],
    ]);
    expect(resolved.actions).toEqual([
      {
        action: 'UPDATE',
        uln: '2000000087',
        aimReference: '60356789',
        awardDate: '2024-08-06',
        actionDate: '2026-11-27',
        recordedAt: clock.now(),
      },
    ]);
    expect((await achievements.find(key, as['quentin.quinn'])).underDataChallenge).toBe(false);
    const [mail] = await dataSource.query('SELECT recipient, body_text FROM outbox_messages WHERE dedupe_key = ?', [
      `edc-resolved:${id}`,
    ]);
    expect(mail.recipient).toBe(DESK);
    expect(mail.body_text).toContain('Grade corrected from C to B');
    const seenBySchool = await challenges.get(id, as['lena.lowe']);
    expect(seenBySchool).toMatchObject({ status: 'RESOLVED_UPHELD', actions: [{ action: 'UPDATE' }] });

    // Resolved is final, and no further action can be taken under it.
    expect(await codeOf(challenges.update({ id, status: 'IN_PROGRESS', comment: 'again' }, as['quentin.quinn']))).toBe(
      'DATA_CHALLENGE_CLOSED',
    );
    const before = await rowsChanged();
    expect(
      await codeOf(
        achievements.update({ key, actionDate: '2026-11-27', changes: { grade: 'A' }, dataChallengeId: id }, as['quentin.quinn']),
      ),
    ).toBe('DATA_CHALLENGE_CLOSED');
    expect(await rowsChanged()).toEqual(before);
    expect((await achievements.find(key, as['quentin.quinn'])).grade).toBe('B');
    const audited = await dataSource.query('SELECT operation, outcome FROM audit_entries WHERE subject = ? ORDER BY id', [
      `edc/${id}`,
    ]);
    expect(audited.map((r: { operation: string; outcome: string }) => `${r.operation} ${r.outcome}`)).toEqual([
      'RaiseDataChallenge OK',
      'SetDataChallengesInProgress IN_PROGRESS',
      'UpdateDataChallenge IN_PROGRESS',
      'UpdateDataChallenge RESOLVED_UPHELD',
      'GetDataChallenge OK', // the school reading the outcome
    ]);
  });

  test('guide 6.2.2: withdrawn and re-created under the right ULN, both actions linked to the challenge', async () => {
    const key = await achievement('2024-08-07');
    const { id } = await challenges.raise(
      { ...gradeWrong(key), type: 'NOT_THIS_LEARNER', problemType: 'DISPUTED', description: 'Not our learner' },
      as['lena.lowe'],
    );
    await challenges.setInProgress([id], as['quentin.quinn']);
    await achievements.withdraw(
      { key, actionDate: '2026-11-27', actionReason: 'ULNINVALID', dataChallengeId: id },
      as['quentin.quinn'],
    );
    await achievements.create(
      {
        learner: { uln: '2000000362', givenName: 'Jonathan', familyName: 'Brown' },
        aimReference: HISTORY,
        awardDate: '2024-08-07',
        grade: 'C',
        dataChallengeId: id,
      },
      as['quentin.quinn'],
    );
    const detail = await challenges.get(id, as['quentin.quinn']);
    expect(detail.actions.map((a) => [a.action, a.uln])).toEqual([
      ['WITHDRAW', '2000000087'],
      ['CREATE', '2000000362'],
    ]);
  });

  test("an action naming a challenge that does not exist, or is another AO's, is refused and changes nothing", async () => {
    const key = await achievement('2024-08-08');
    const { id } = await challenges.raise(gradeWrong(key), as['lena.lowe']);
    const aoTwoKey = {
      uln: '2000000435',
      givenName: 'Emma',
      familyName: 'Clarke',
      aimReference: '604/6061/1',
      awardDate: '2024-08-08',
    };
    await achievements.create(
      { learner: aoTwoKey, aimReference: aoTwoKey.aimReference, awardDate: aoTwoKey.awardDate, grade: 'Pass' },
      as['nadia.novak'],
    );
    const before = await rowsChanged();
    const change = { actionDate: '2026-11-27', changes: { grade: 'Merit' } };
    expect(await codeOf(achievements.update({ key: aoTwoKey, ...change, dataChallengeId: id }, as['nadia.novak']))).toBe(
      'DATA_CHALLENGE_NOT_FOUND',
    );
    expect(await codeOf(achievements.update({ key, ...change, dataChallengeId: 9_999_999 }, as['quentin.quinn']))).toBe(
      'DATA_CHALLENGE_NOT_FOUND',
    );
    expect(await rowsChanged()).toEqual(before);
  });

  test('setting several in progress is all or nothing; ones already in progress stay as they are', async () => {
    const [a, b, c] = await Promise.all(['2024-08-09', '2024-08-10', '2024-08-11'].map((d) => achievement(d)));
    const ids = [];
    for (const key of [a, b, c]) ids.push((await challenges.raise(gradeWrong(key), as['lena.lowe'])).id);
    const [first, second, third] = ids;
    await challenges.setInProgress([third], as['quentin.quinn']);
    await challenges.update({ id: third, status: 'RESOLVED_REJECTED', comment: 'The grade is right' }, as['quentin.quinn']);
    const before = await rowsChanged();

    expect(await codeOf(challenges.setInProgress([first, second, third], as['quentin.quinn']))).toBe('DATA_CHALLENGE_CLOSED');
    expect(await codeOf(challenges.setInProgress([first, 9_999_999], as['quentin.quinn']))).toBe('DATA_CHALLENGE_NOT_FOUND');
    expect(await rowsChanged()).toEqual(before);
    expect((await challenges.get(first, as['quentin.quinn'])).status).toBe('NEW');

    await challenges.setInProgress([first], as['quentin.quinn']);
    const both = await challenges.setInProgress([first, second, first], as['quentin.quinn']);
    expect(both.map((s) => [s.id, s.status])).toEqual([
      [first, 'IN_PROGRESS'],
      [second, 'IN_PROGRESS'],
    ]);
    expect((await challenges.get(first, as['quentin.quinn'])).comments).toHaveLength(1);
  });

  test('two resolutions at once: one wins, the other is told it is closed, and the service desk gets one mail', async () => {
    const { id } = await challenges.raise(gradeWrong(await achievement('2024-08-12')), as['lena.lowe']);
    await challenges.setInProgress([id], as['quentin.quinn']);
    const outcomes = await Promise.all([
      codeOf(challenges.update({ id, status: 'RESOLVED_UPHELD', comment: 'Corrected' }, as['quentin.quinn'])),
      codeOf(challenges.update({ id, status: 'RESOLVED_REJECTED', comment: 'Correct as held' }, as['rita.reeves'])),
    ]);
    expect(outcomes.sort()).toEqual(['DATA_CHALLENGE_CLOSED', 'OK']);
    expect(await count('SELECT COUNT(*) AS n FROM outbox_messages WHERE dedupe_key = ?', [`edc-resolved:${id}`])).toBe(1);
    expect(
      await count(
        "SELECT COUNT(*) AS n FROM data_challenge_comments WHERE data_challenge_id = ? AND status_set LIKE 'RESOLVED%'",
        [id],
      ),
    ).toBe(1);
  });

  test('the list is a page at a time, oldest first, with the total', async () => {
    const all = await challenges.list({ status: 'NEW' }, as['quentin.quinn']);
    expect(all.total).toBeGreaterThanOrEqual(3);
    const second = await challenges.list({ status: 'NEW', page: 2, pageSize: 1 }, as['quentin.quinn']);
    expect(second).toMatchObject({ page: 2, pageSize: 1, total: all.total });
    expect(second.items.map((c) => c.id)).toEqual([all.items[1].id]);
    const lrbView = await challenges.list({ status: 'NEW' }, as['lena.lowe']);
    expect(lrbView.items.map((c) => c.id).sort()).toEqual(all.items.map((c) => c.id).sort());
  });
});
