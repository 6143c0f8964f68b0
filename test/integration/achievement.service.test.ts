import type { DataSource } from 'typeorm';
import { AchievementService } from '../../src/achievements/achievement.service';
import { AchievementStore } from '../../src/achievements/achievement.store';
import { QualificationStore } from '../../src/achievements/qualification.store';
import { LearnerRegister } from '../../src/learners/learner-register';
import { ReferenceData } from '../../src/learners/reference-data';
import { ChangeCounters } from '../../src/platform/cache/change-counters';
import { AuditTrail } from '../../src/platform/audit/audit-trail';
import type { CallContext } from '../../src/platform/call-context';
import { fixedClock } from '../../src/platform/clock';
import { Database } from '../../src/platform/database';
import { codeOf } from '../support/domain-codes';
import { eachDatabase } from '../support/databases';
import { principalOf, seedTestData } from '../support/seeded';

const clock = fixedClock('2026-11-28T12:00:00Z');
const learner = { uln: '2000000087', givenName: 'James', familyName: 'Smith', dateOfBirth: '2001-02-03', gender: 1 as const };
const key = { uln: learner.uln, givenName: 'James', familyName: 'Smith', aimReference: '603/5678/9', awardDate: '2024-08-15' };

describe.each(eachDatabase())('achievements on %s', (_name, database) => {
  let dataSource: DataSource;
  let service: AchievementService;
  let aoOne: CallContext;
  let aoTwo: CallContext;

  beforeAll(async () => {
    dataSource = await database.open();
    await seedTestData(dataSource, clock);
    const db = new Database(dataSource);
    const audit = new AuditTrail(db, clock);
    service = new AchievementService(
      db,
      new AchievementStore(db),
      new LearnerRegister(db),
      new QualificationStore(db),
      new ReferenceData(db, new ChangeCounters(db)),
      audit,
      clock,
      { acceptPossibleMatch: false },
    );
    aoOne = { principal: await principalOf(dataSource, 'quentin.quinn'), correlationId: 'test-ao-one', surface: 'soap-ao' };
    aoTwo = { principal: await principalOf(dataSource, 'nadia.novak'), correlationId: 'test-ao-two', surface: 'soap-ao' };
  });
  afterAll(() => database.drop());

  test('the whole life of an achievement, each action kept with its history and audit entry', async () => {
    const created = await service.create({ learner, aimReference: '603/5678/9', awardDate: '2024-08-15', grade: 'b' }, aoOne);
    expect(created).toMatchObject({ uln: '2000000087', aimReference: '60356789', grade: 'B', status: 'ACTIVE' });
    const updated = await service.update({ key, actionDate: '2026-11-01', changes: { grade: 'A' } }, aoOne);
    expect(updated.grade).toBe('A');
    expect(await codeOf(service.update({ key, actionDate: '2026-11-01', changes: { grade: 'A' } }, aoOne))).toBe(
      'ACHIEVEMENT_UNCHANGED',
    );
    const withdrawn = await service.withdraw({ key, actionDate: '2026-11-02', actionReason: 'ACHINVALID' }, aoOne);
    expect(withdrawn.status).toBe('WITHDRAWN');
    expect(await codeOf(service.update({ key, actionDate: '2026-11-03', changes: { grade: 'C' } }, aoOne))).toBe(
      'ACHIEVEMENT_WITHDRAWN',
    );
    expect(await codeOf(service.withdraw({ key, actionDate: '2026-11-03', actionReason: 'ACHINVALID' }, aoOne))).toBe(
      'ACHIEVEMENT_ALREADY_WITHDRAWN',
    );
    expect(
      await codeOf(service.reinstate({ key, actionDate: '2026-11-03', actionReason: 'SUBINERROR', grade: 'C' }, aoOne)),
    ).toBe('REINSTATE_GRADE_CHANGE');
    const reinstated = await service.reinstate({ key, actionDate: '2026-11-04', actionReason: 'SUBINERROR' }, aoOne);
    expect(reinstated).toMatchObject({ status: 'ACTIVE', grade: 'A' });
    expect(await codeOf(service.reinstate({ key, actionDate: '2026-11-04', actionReason: 'SUBINERROR' }, aoOne))).toBe(
      'ACHIEVEMENT_NOT_WITHDRAWN',
    );
    expect(reinstated.events.map((e) => [e.action, e.actionDate, e.actionReason])).toEqual([
      ['CREATE', '2026-11-28', null],
      ['UPDATE', '2026-11-01', null],
      ['WITHDRAW', '2026-11-02', 'ACHINVALID'],
      ['REINSTATE', '2026-11-04', 'SUBINERROR'],
    ]);
    const events = await dataSource.query("SELECT changes FROM achievement_events WHERE action = 'UPDATE'");
    expect(JSON.parse(events[0].changes)).toEqual({ grade: ['B', 'A'] });
    const audited = await dataSource.query(
      "SELECT operation FROM audit_entries WHERE correlation_id = 'test-ao-one' AND subject = '2000000087/60356789/2024-08-15' ORDER BY id",
    );
    expect(audited.map((r: { operation: string }) => r.operation)).toEqual([
      'CreateAchievement',
      'UpdateAchievement',
      'WithdrawAchievement',
      'ReinstateAchievement',
    ]);
  });

  test('an award dated today is accepted from 00:00 BST, when the UTC date is still yesterday (the UK calendar)', async () => {
    const atHalfPastMidnightBst = fixedClock('2026-06-15T23:30:00Z');
    const db = new Database(dataSource);
    const late = new AchievementService(
      db,
      new AchievementStore(db),
      new LearnerRegister(db),
      new QualificationStore(db),
      new ReferenceData(db, new ChangeCounters(db)),
      new AuditTrail(db, atHalfPastMidnightBst),
      atHalfPastMidnightBst,
      { acceptPossibleMatch: false },
    );
    const created = await late.create({ learner, aimReference: '603/5678/9', awardDate: '2026-06-16', grade: 'A' }, aoOne);
    expect(created.events.map((e) => e.actionDate)).toEqual(['2026-06-16']);
    expect(await codeOf(late.create({ learner, aimReference: '603/5678/9', awardDate: '2026-06-17', grade: 'A' }, aoOne))).toBe(
      'AWARD_DATE_IN_FUTURE',
    );
  });

  test('another awarding organisation gets the same "not found" as for a record that does not exist', async () => {
    expect(await codeOf(service.find(key, aoTwo))).toBe('ACHIEVEMENT_NOT_FOUND');
    expect(await codeOf(service.withdraw({ key, actionDate: '2026-11-05', actionReason: 'SUBINERROR' }, aoTwo))).toBe(
      'ACHIEVEMENT_NOT_FOUND',
    );
    expect(await codeOf(service.find({ ...key, awardDate: '2024-08-16' }, aoOne))).toBe('ACHIEVEMENT_NOT_FOUND');
  });

  test('follow-ups must use the creation names (guide: John/Johnathan, Brown/Brow)', async () => {
    expect(await codeOf(service.find({ ...key, givenName: 'Jim' }, aoOne))).toBe('NAMES_DIFFER_FROM_CREATION');
    expect(await codeOf(service.find({ ...key, familyName: 'Smit' }, aoOne))).toBe('NAMES_DIFFER_FROM_CREATION');
    expect(await codeOf(service.find({ ...key, givenName: 'JAMES' }, aoOne))).toBe('OK');
  });

  test.each([
    ['a learner whose details do not verify', { learner: { ...learner, dateOfBirth: '2001-02-04' } }, 'LEARNER_NOT_VERIFIED'],
    ['a possible match only (Jim for James)', { learner: { ...learner, givenName: 'Jim' } }, 'LEARNER_NOT_VERIFIED'],
    ['an unknown ULN', { learner: { ...learner, uln: '2000000648' } }, 'LEARNER_NOT_VERIFIED'],
    ['a prohibited postcode', { learner: { ...learner, postcode: 'SW18 3HU' } }, 'POSTCODE_PROHIBITED'],
    ['an unknown qualification', { aimReference: '601/2977/3' }, 'QUALIFICATION_UNKNOWN'],
    ["another AO's qualification", { aimReference: '60460611' }, 'QUALIFICATION_NOT_AVAILABLE'],
    [
      'an award date after the qualification ended',
      { aimReference: '50050503', awardDate: '2016-01-01' },
      'AWARD_DATE_OUTSIDE_QUALIFICATION',
    ],
    ['an award date in the future', { awardDate: '2026-11-29' }, 'AWARD_DATE_IN_FUTURE'],
    ['a grade the qualification does not have', { grade: 'Merit' }, 'GRADE_INVALID'],
  ])('creating with %s is refused', async (_what, overrides, code) => {
    const command = { learner, aimReference: '603/5678/9', awardDate: '2023-08-17', grade: 'C', ...overrides };
    expect(await codeOf(service.create(command, aoOne))).toBe(code);
  });

  test('a qualification shared with the caller is available; the owner can use it too', async () => {
    const shared = { learner, aimReference: '604/1010/3', awardDate: '2024-06-01', grade: 'Pass' };
    expect(await codeOf(service.create(shared, aoOne))).toBe('OK');
    expect(await codeOf(service.create({ ...shared, awardDate: '2024-06-02' }, aoTwo))).toBe('OK');
  });

  test('a linked ULN: the achievement is kept under the master, and found by either ULN', async () => {
    const linked = { uln: '4444599390', givenName: 'Sample', familyName: 'Test', dateOfBirth: '1985-03-27' };
    const created = await service.create(
      { learner: linked, aimReference: 'A/601/7001', awardDate: '2024-05-05', grade: 'Pass' },
      aoOne,
    );
    expect(created).toMatchObject({ uln: '6936002314', submittedUln: '4444599390', credits: 3 });
    const viaMaster = {
      uln: '6936002314',
      givenName: 'Sample',
      familyName: 'Test',
      aimReference: 'A6017001',
      awardDate: '2024-05-05',
    };
    expect((await service.find(viaMaster, aoOne)).id).toBe(created.id);
    const check = await service.creditCheck({ uln: '6936002314', givenName: 'Testing-Sample', familyName: 'Test' }, aoOne);
    expect(check).toMatchObject({ uln: '6936002314', totalCredits: 3 });
  });

  test('the credit check adds up active units from every AO, optionally towards one qualification', async () => {
    const someone = { uln: '2000000222', givenName: 'Sally Ann', familyName: 'Jones' };
    await service.create({ learner: someone, aimReference: 'D/601/7002', awardDate: '2024-01-10', grade: 'Pass' }, aoOne);
    await service.create({ learner: someone, aimReference: 'F/601/7003', awardDate: '2024-01-11', grade: 'Pass' }, aoOne);
    await service.create({ learner: someone, aimReference: 'H/601/7004', awardDate: '2024-01-12', grade: 'Pass' }, aoTwo);
    await service.create({ learner: someone, aimReference: '601/7070/0', awardDate: '2024-02-01', grade: 'Pass' }, aoOne);
    const unitKey = { ...someone, aimReference: 'D6017002', awardDate: '2024-01-10' };
    await service.withdraw({ key: unitKey, actionDate: '2026-01-01', actionReason: 'SUBINERROR' }, aoOne);
    const all = await service.creditCheck(someone, aoTwo);
    expect(all.units.map((u) => [u.aimReference, u.credits, u.awardingOrganisationName])).toEqual([
      ['F6017003', 4, 'Compat Awarding Body One'],
      ['H6017004', 4, 'Compat Awarding Body Two'],
    ]);
    expect(all.totalCredits).toBe(8);
    const towards = await service.creditCheck({ ...someone, qualificationReference: '601/7070/0' }, aoOne);
    expect(towards.qualification?.creditValue).toBe(13);
    expect(towards.totalCredits).toBe(8);
    expect(await codeOf(service.creditCheck({ ...someone, givenName: 'Sue' }, aoOne))).toBe('LEARNER_NOT_VERIFIED');
  });

  test('a learner who has not agreed to share (AbilityToShare 2) gets no credit check: their units are not listed', async () => {
    const privateLearner = { uln: '1026922983', givenName: 'Private', familyName: 'Testlearner' };
    await service.create({ learner: privateLearner, aimReference: 'A/601/7001', awardDate: '2024-03-01', grade: 'Pass' }, aoOne);
    await service.create({ learner: privateLearner, aimReference: 'H/601/7004', awardDate: '2024-03-02', grade: 'Pass' }, aoTwo);
    for (const caller of [aoOne, aoTwo]) {
      expect(await codeOf(service.creditCheck(privateLearner, caller))).toBe('LEARNER_NOT_SHARING');
      expect(await codeOf(service.creditCheck({ ...privateLearner, qualificationReference: '601/7070/0' }, caller))).toBe(
        'LEARNER_NOT_SHARING',
      );
    }
    // The AO still reaches its own award by its key.
    expect((await service.find({ ...privateLearner, aimReference: 'A/601/7001', awardDate: '2024-03-01' }, aoOne)).credits).toBe(
      3,
    );
    await dataSource.query("UPDATE learners SET ability_to_share = 1 WHERE uln = '1026922983'");
    expect((await service.creditCheck(privateLearner, aoOne)).totalCredits).toBe(7);
    await dataSource.query("UPDATE learners SET ability_to_share = 0 WHERE uln = '1026922983'");
    expect(await codeOf(service.creditCheck(privateLearner, aoOne))).toBe('LEARNER_NOT_SHARING');
    await dataSource.query("UPDATE learners SET ability_to_share = 2 WHERE uln = '1026922983'");
  });
});
