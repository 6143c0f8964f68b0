import {
  decidePlrAccess,
  parseGetType,
  type RecordedAchievement,
  toLearningEvent,
} from '../../src/achievements/learning-record.rules';
import { auditPage, pageCount, VIEW_AUDIT_PAGE_SIZE } from '../../src/achievements/plr-access.rules';
import type { VerificationCode, VerificationOutcome } from '../../src/learners/verification.rules';

const learner = (uln: string) => ({ uln, givenName: 'G', familyName: 'F', dateOfBirth: '2000-01-01', gender: 1 as const });
const outcome = (code: VerificationCode, uln?: string): VerificationOutcome => ({
  responseCode: code,
  learner: uln === undefined ? undefined : learner(uln),
  failureFlags: [],
});

describe("who may read a learner's Personal Learning Record", () => {
  test.each<[string, VerificationOutcome, number | undefined, string, string, boolean]>([
    ['exact match, sharing', outcome('WSVRC001', '1174112637'), 1, 'WSRC0004', '1174112637', true],
    ['possible match, sharing', outcome('WSVRC003', '1174112637'), 1, 'WSRC0004', '1174112637', true],
    ['exact through a linked ULN', outcome('WSVRC002', '6936002314'), 1, 'WSRC0022', '6936002314', true],
    ['possible through a linked ULN', outcome('WSVRC004', '6936002314'), 1, 'WSRC0022', '6936002314', true],
    ['verified, unable to share', outcome('WSVRC001', '1174112637'), 2, 'WSEC0206', '1174112637', false],
    ['verified, notice not seen', outcome('WSVRC001', '1174112637'), 0, 'WSEC0206', '1174112637', false],
    ['details do not match', outcome('WSVRC005'), undefined, 'WSEC0208', '', false],
    ['ULN not held', outcome('WSVRC006'), undefined, 'WSEC0208', '', false],
  ])('%s: %#', (_what, verified, ability, code, found, readable) => {
    const incoming = verified.responseCode === 'WSVRC002' || verified.responseCode === 'WSVRC004' ? '4444599390' : '1174112637';
    expect(decidePlrAccess(incoming, verified, ability)).toEqual({ responseCode: code, foundUln: found, readable });
  });

  test('getType is FULL, or absent', () => {
    expect(parseGetType(undefined)).toEqual({ ok: true, value: 'FULL' });
    expect(parseGetType('full')).toEqual({ ok: true, value: 'FULL' });
    expect(parseGetType('BRIEF')).toMatchObject({ ok: false, code: 'PARAMETER_INVALID' });
  });
});

describe('a learning event as the record shows it', () => {
  const unit: RecordedAchievement = {
    id: 7,
    aimReference: 'D6017002',
    kind: 'UNIT',
    title: 'Health and safety in the workplace',
    qualificationType: null,
    level: 'Level 2',
    creditValue: 2,
    awardDate: '2024-06-30',
    grade: 'Pass',
    languageForAssessment: null,
    providerUkprn: '10099903',
    providerName: 'Compat Test School',
    awardingOrganisationUkprn: '10099901',
    awardingOrganisationName: 'Compat Awarding Body One',
    loadedAt: new Date('2024-07-01T09:30:00Z'),
    underDataChallenge: false,
  };

  test('a unit: source QCFU, final, its credits, its reference as written, not under challenge', () => {
    expect(toLearningEvent(unit)).toMatchObject({
      id: 7,
      source: 'QCFU',
      status: 'F',
      credits: 2,
      subject: 'Health and safety in the workplace',
      subjectCode: 'D/601/7002',
      achievementProviderName: 'Compat Test School',
      underDataChallenge: 'N',
    });
  });

  test('a qualification: source AO; no credit value counts 0; its number as written', () => {
    expect(toLearningEvent({ ...unit, kind: 'QUALIFICATION', aimReference: '60312348', creditValue: null })).toMatchObject({
      source: 'AO',
      credits: 0,
      subjectCode: '603/1234/8',
    });
  });

  test('an open data challenge shows as Y; no provider has no provider name', () => {
    expect(toLearningEvent({ ...unit, underDataChallenge: true, providerUkprn: null, providerName: null })).toMatchObject({
      underDataChallenge: 'Y',
      achievementProviderUkprn: null,
      achievementProviderName: null,
    });
  });
});

describe('ViewAudit pages', () => {
  test.each([
    [1, 0],
    [2, VIEW_AUDIT_PAGE_SIZE],
    [5, 4 * VIEW_AUDIT_PAGE_SIZE],
  ])('page %p starts at entry %p', (page, offset) => {
    expect(auditPage(page)).toEqual({ ok: true, value: { pageIndex: page, offset, limit: VIEW_AUDIT_PAGE_SIZE } });
  });

  test.each([0, -1, 1.5])('page %p is refused', (page) => {
    expect(auditPage(page)).toMatchObject({ ok: false, code: 'PARAMETER_INVALID' });
  });

  test.each([
    [0, 0],
    [1, 1],
    [VIEW_AUDIT_PAGE_SIZE, 1],
    [VIEW_AUDIT_PAGE_SIZE + 1, 2],
  ])('%p entries make %p pages', (total, pages) => {
    expect(pageCount(total)).toBe(pages);
  });
});
