import { raisedMail, resolvedMail, resolverRecipient } from '../../src/data-challenges/data-challenge.notifications';
import type { DataChallengeDetail } from '../../src/data-challenges/data-challenge.store';
import { csvCell, monthlyReportMail, openChallengesCsv, parseMonth } from '../../src/data-challenges/monthly-report';
import { latestDue, monthDue, monthOf, nextDue, zonedInstant } from '../../src/data-challenges/report-schedule';

const UK = { day: 1, time: '06:00', timeZone: 'Europe/London' };

describe('the monthly report schedule: the 1st at 06:00 UK time', () => {
  test.each([
    ['in winter (GMT) it is 06:00 UTC', 2027, 0, '2027-01-01T06:00:00.000Z'],
    ['in summer (BST) it is 05:00 UTC', 2027, 6, '2027-07-01T05:00:00.000Z'],
    ['on the 1st of April, BST has begun', 2027, 3, '2027-04-01T05:00:00.000Z'],
    ['on the 1st of November, GMT is back', 2026, 10, '2026-11-01T06:00:00.000Z'],
    ['a month past December carries into the next year', 2026, 12, '2027-01-01T06:00:00.000Z'],
  ])('%s', (_what, year, month, iso) => {
    expect(zonedInstant(year, month, 1, '06:00', 'Europe/London').toISOString()).toBe(iso);
  });

  test.each([
    ['just before the time', '2026-12-01T05:59:59Z', '2026-11-01T06:00:00.000Z', '2026-12-01T06:00:00.000Z', undefined],
    ['at the time', '2026-12-01T06:00:00Z', '2026-12-01T06:00:00.000Z', '2027-01-01T06:00:00.000Z', '2026-12'],
    [
      'a restart three hours later still sends',
      '2026-12-01T09:00:00Z',
      '2026-12-01T06:00:00.000Z',
      '2027-01-01T06:00:00.000Z',
      '2026-12',
    ],
    ['a start on the 5th does not', '2026-12-05T09:00:00Z', '2026-12-01T06:00:00.000Z', '2027-01-01T06:00:00.000Z', undefined],
    ['mid-month', '2026-11-28T22:00:00Z', '2026-11-01T06:00:00.000Z', '2026-12-01T06:00:00.000Z', undefined],
    ['summer time', '2027-06-01T05:30:00Z', '2027-06-01T05:00:00.000Z', '2027-07-01T05:00:00.000Z', '2027-06'],
  ])('%s (%s)', (_what, now, latest, next, due) => {
    expect(latestDue(new Date(now), UK).toISOString()).toBe(latest);
    expect(nextDue(new Date(now), UK).toISOString()).toBe(next);
    expect(monthDue(new Date(now), UK)).toBe(due);
  });

  test('the report month is the UK month: 23:30 UTC on 31 July is already August in London', () => {
    expect(monthOf(new Date('2027-07-31T23:30:00Z'), 'Europe/London')).toBe('2027-08');
    expect(monthOf(new Date('2027-01-31T23:30:00Z'), 'Europe/London')).toBe('2027-01');
  });

  test('another day, time and zone', () => {
    const schedule = { day: 15, time: '18:30', timeZone: 'America/New_York' };
    expect(nextDue(new Date('2026-12-01T00:00:00Z'), schedule).toISOString()).toBe('2026-12-15T23:30:00.000Z');
  });

  test.each([
    ['2026-12', '2026-12'],
    [' 2027-01 ', '2027-01'],
  ])('--month %p', (text, month) => {
    expect(parseMonth(text)).toBe(month);
  });

  test.each(['2026-13', '2026-1', '12-2026', 'december'])('--month %p is refused', (text) => {
    expect(() => parseMonth(text)).toThrow('--month must be yyyy-mm');
  });
});

function challenge(overrides: Partial<DataChallengeDetail> = {}): DataChallengeDetail {
  return {
    id: 42,
    status: 'NEW',
    type: 'INFORMATION_WRONG',
    problemType: 'GRADE_WRONG',
    uln: '2000000087',
    aimReference: '60356789',
    awardDate: '2025-06-20',
    raisedByOrganisationName: 'Compat Test School',
    raisedAt: new Date('2026-11-01T10:00:00Z'),
    version: 1,
    description: 'James Smith was awarded B, the PLR says C',
    achievementId: 7,
    assignedOrganisationId: 2,
    raisedByOrganisationId: 4,
    achievement: {
      uln: '2000000087',
      aimReference: '60356789',
      title: 'Compat GCE A Level in History',
      awardDate: '2025-06-20',
      grade: 'C',
      status: 'ACTIVE',
    },
    raisedBy: {
      organisation: { id: 4, ukprn: '10099903', name: 'Compat Test School' },
      username: 'lena.lowe',
      givenName: 'Lena',
      familyName: 'Lowe',
    },
    assignedTo: { id: 2, ukprn: '10099901', name: 'Compat Awarding Body One', edcResolverEmail: 'resolver@ao-one.example' },
    updatedAt: new Date('2026-11-02T10:00:00Z'),
    resolvedAt: null,
    comments: [],
    actions: [],
    ...overrides,
  };
}

describe('the CSV of open challenges', () => {
  test('a heading row, then one row per challenge; ULN and qualification, never names or the description', () => {
    const csv = openChallengesCsv(
      [challenge(), challenge({ id: 43, status: 'IN_PROGRESS', raisedAt: new Date('2026-11-20T10:00:00Z') })],
      new Date('2026-12-01T06:00:00Z'),
    );
    expect(csv.split('\r\n')).toEqual([
      'Id,Status,Type,ProblemType,ULN,AimReference,Title,AwardDate,RaisedByUKPRN,RaisedByOrganisation,RaisedAt,LastChangedAt,DaysOpen',
      '42,NEW,INFORMATION_WRONG,GRADE_WRONG,2000000087,603/5678/9,Compat GCE A Level in History,2025-06-20,10099903,Compat Test School,2026-11-01T10:00:00.000Z,2026-11-02T10:00:00.000Z,29',
      '43,IN_PROGRESS,INFORMATION_WRONG,GRADE_WRONG,2000000087,603/5678/9,Compat GCE A Level in History,2025-06-20,10099903,Compat Test School,2026-11-20T10:00:00.000Z,2026-11-02T10:00:00.000Z,10',
      '',
    ]);
    expect(csv).not.toContain('James');
    expect(csv).not.toContain('Lowe');
  });

  test.each([
    ['plain', 'plain'],
    ['Smith, Jones & Co', '"Smith, Jones & Co"'],
    ['The "Best" School', '"The ""Best"" School"'],
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ['+44 20', "'+44 20"],
    ['two\nlines', '"two\nlines"'],
  ])('the cell %p is written %p', (value, written) => {
    expect(csvCell(value)).toBe(written);
  });
});

describe('the mails', () => {
  test("a new challenge goes to the AO's nominated resolver, without the ULN or the description", () => {
    const mail = raisedMail(
      challenge(),
      resolverRecipient('resolver@ao-one.example', 'alice@ao-one.example', 'desk@lrs.example'),
    );
    expect(mail).toMatchObject({ dedupeKey: 'edc-raised:42', kind: 'edc-raised', to: 'resolver@ao-one.example' });
    expect(mail.subject).toBe('New event data challenge 42 for Compat Awarding Body One');
    expect(mail.text).toContain('603/5678/9 Compat GCE A Level in History');
    expect(mail.text).toContain('INFORMATION_WRONG / GRADE_WRONG');
    expect(mail.text).toContain('Compat Test School (UKPRN 10099903)');
    expect(mail.text).not.toContain('2000000087');
    expect(mail.text).not.toContain('James');
  });

  test('without a nominated resolver the most recently active super user is told (guide 3.1), and the subject says why', () => {
    const mail = raisedMail(challenge(), resolverRecipient(null, 'alice@ao-one.example', 'desk@lrs.example'));
    expect(mail.to).toBe('alice@ao-one.example');
    expect(mail.subject).toMatch(/^\[no EDC resolver nominated by 10099901\] /);
  });

  test('without a resolver or an active super user the service desk is told', () => {
    const mail = raisedMail(challenge(), resolverRecipient(null, null, 'desk@lrs.example'));
    expect(mail.to).toBe('desk@lrs.example');
    expect(mail.subject).toMatch(/^\[no EDC resolver nominated by 10099901\] /);
  });

  test('a resolution goes to the service desk with the outcome and the comment', () => {
    const resolved = challenge({ status: 'RESOLVED_UPHELD', resolvedAt: new Date('2026-11-03T09:00:00Z') });
    const mail = resolvedMail(resolved, 'Grade corrected to B', 'quentin.quinn', 'desk@lrs.example');
    expect(mail).toMatchObject({ dedupeKey: 'edc-resolved:42', to: 'desk@lrs.example' });
    expect(mail.subject).toBe('Event data challenge 42 RESOLVED_UPHELD');
    expect(mail.text).toContain('Resolved by: quentin.quinn at 2026-11-03T09:00:00.000Z');
    expect(mail.text).toContain('Grade corrected to B');
    expect(mail.text).not.toContain('2000000087');
  });

  test('the monthly report is keyed by AO and month and carries the CSV', () => {
    const mail = monthlyReportMail(
      { ukprn: '10099901', name: 'Compat Awarding Body One' },
      [challenge(), challenge({ id: 43, status: 'IN_PROGRESS' })],
      '2026-12',
      resolverRecipient('resolver@ao-one.example', 'alice@ao-one.example', 'desk@lrs.example'),
      new Date('2026-12-01T06:00:00Z'),
    );
    expect(mail).toMatchObject({
      dedupeKey: 'edc-monthly:10099901:2026-12',
      kind: 'edc-monthly-report',
      to: 'resolver@ao-one.example',
    });
    expect(mail.text).toContain('1 new and 1 in progress');
    expect(mail.attachments).toEqual([
      expect.objectContaining({ filename: 'open-data-challenges-10099901-2026-12.csv', contentType: 'text/csv; charset=utf-8' }),
    ]);
    expect(mail.attachments?.[0].content.split('\r\n')).toHaveLength(4);
  });
});
