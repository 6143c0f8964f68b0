import {
  type CsvRow,
  fromApiRecord,
  fromCsvRow,
  gradesOfScale,
  parseApiDate,
  parseCsvDate,
  recognitionNumber,
  slashedDateOrder,
} from '../../src/achievements/ofqual/ofqual-mapping';
import type { OfqualQualification } from '../../src/achievements/ofqual/ofqual-register.client';
import page1 from '../fixtures/ofqual/page-1.json';

const gcse = page1.results[0] as OfqualQualification;
const api = (changes: Partial<Record<keyof OfqualQualification, unknown>>) => ({ ...gcse, ...changes }) as OfqualQualification;

describe('an Ofqual API record maps to the register record', () => {
  test('every field the register holds is taken from the record (docs/achievements.md: The Ofqual Register)', () => {
    expect(fromApiRecord(page1.results[1] as OfqualQualification)).toEqual({
      ok: true,
      record: {
        reference: '50015229',
        kind: 'QUALIFICATION',
        title: 'Example Level 3 Extended Diploma in Engineering',
        qualificationType: 'Vocationally-Related Qualification',
        level: 'Level 3',
        ownerRecognitionNumber: 'RN5999',
        ownerName: 'Example Vocational Awards',
        operationalStartDate: '2007-09-01',
        operationalEndDate: '2017-08-31',
        certificationEndDate: '2020-08-31',
        gradingType: 'Graded',
        gradingScale: 'Pass/Merit/Distinction/Distinction*',
        grades: ['Pass', 'Merit', 'Distinction', 'Distinction*'],
        creditValue: 180,
        status: 'No longer awarded',
        source: 'OFQUAL_API',
      },
    });
  });

  test.each([
    [
      'the no-obliques form when given',
      { qualificationNumberNoObliques: '10005122', qualificationNumber: '100/0512/2' },
      '10005122',
    ],
    [
      'the slashed form when the other is null',
      { qualificationNumberNoObliques: null, qualificationNumber: '100/0512/2' },
      '10005122',
    ],
    [
      'the slashed form when the other is empty',
      { qualificationNumberNoObliques: ' ', qualificationNumber: '601/2345/x' },
      '6012345X',
    ],
    [
      'the slashed form when the other is malformed',
      { qualificationNumberNoObliques: '1000512', qualificationNumber: '100/0512/2' },
      '10005122',
    ],
    [
      'a failed check character, a warning only (docs/achievements.md: The Ofqual Register)',
      { qualificationNumberNoObliques: '61000068' },
      '61000068',
    ],
  ])('the reference is %s', (_case, changes, reference) => {
    const mapped = fromApiRecord(api(changes));
    expect(mapped.ok && mapped.record.reference).toBe(reference);
  });

  test.each([
    [
      'a number of the wrong shape',
      { qualificationNumberNoObliques: null, qualificationNumber: '100/512/2' },
      '100/512/2',
      /qualification number/,
    ],
    [
      'a unit reference',
      { qualificationNumberNoObliques: null, qualificationNumber: 'K/501/5773' },
      'K/501/5773',
      /qualification number/,
    ],
    ['no number at all', { qualificationNumberNoObliques: null, qualificationNumber: null }, '(none)', /qualification number/],
    ['no operational start date', { operationalStartDate: null }, '100/0512/2', /no operational start date/],
    ['an operational start date that is no date', { operationalStartDate: '2015-02-30T00:00:00' }, '100/0512/2', /not a date/],
    ['an end date that is no date', { operationalEndDate: '31/08/2017' }, '100/0512/2', /operationalEndDate "31\/08\/2017"/],
    ['no title', { title: '  ' }, '100/0512/2', /no title/],
    ['credits that are not whole', { totalCredits: 2.5 }, '100/0512/2', /totalCredits/],
  ])('a record with %s is skipped and reported', (_case, changes, number, reason) => {
    const mapped = fromApiRecord(api(changes));
    expect(mapped.ok).toBe(false);
    if (!mapped.ok) {
      expect(mapped.skipped.number).toBe(number);
      expect(mapped.skipped.reason).toMatch(reason);
    }
  });

  test('a description longer than its column is cut to fit, not refused', () => {
    const mapped = fromApiRecord(api({ title: 'T'.repeat(450), gradingScale: 'x'.repeat(250) }));
    expect(mapped.ok && [...mapped.record.title].length).toBe(400);
    expect(mapped.ok && mapped.record.title.endsWith('…')).toBe(true);
    expect(mapped.ok && mapped.record.gradingScale?.length).toBe(200);
  });
});

describe('dates', () => {
  test.each([
    ['2000-09-01T00:00:00', '2000-09-01'],
    ['2021-09-20T15:17:09.427', '2021-09-20'],
    ['2024-02-20T09:21:37Z', '2024-02-20'],
    ['2015-09-01', '2015-09-01'],
    ['2015-09-01 00:00:00', '2015-09-01'],
    ['2015-13-01T00:00:00', undefined],
    ['2015-02-29T00:00:00', undefined],
    ['01/09/2015', undefined],
    ['', undefined],
  ])('the API date %p is %p', (raw, date) => {
    expect(parseApiDate(raw)).toBe(date);
  });

  test.each([
    ['2014-02-01T00:00:00', 'day-first', '2014-02-01'],
    ['20/09/2021', 'day-first', '2021-09-20'],
    ['01/09/2015 00:00:00', 'day-first', '2015-09-01'],
    ['1/9/2015', 'day-first', '2015-09-01'],
    ['09/01/2015 00:00:00', 'month-first', '2015-09-01'],
    ['9/20/2021 3:17 PM', 'month-first', '2021-09-20'],
    ['31/02/2021', 'day-first', undefined],
    ['20/09/2021', 'month-first', undefined],
    ['2021.09.20', 'day-first', undefined],
  ] as const)('the CSV date %p read %s is %p', (raw, order, date) => {
    expect(parseCsvDate(raw, order)).toBe(date);
  });

  test.each([
    ['13/08/2015 00:00:00', 'day-first'],
    ['08/13/2015 00:00:00', 'month-first'],
    ['01/09/2015', undefined],
    ['13/13/2015', undefined],
    ['2015-08-13T00:00:00', undefined],
  ])('the slashed date %p proves %p order', (raw, order) => {
    expect(slashedDateOrder(raw)).toBe(order);
  });
});

describe('grades from the grading scale', () => {
  test.each([
    ['9 to 1', ['9', '8', '7', '6', '5', '4', '3', '2', '1', 'U']],
    ['9-1', ['9', '8', '7', '6', '5', '4', '3', '2', '1', 'U']],
    ['A* - E', ['A*', 'A', 'B', 'C', 'D', 'E', 'U']],
    ['A*-E', ['A*', 'A', 'B', 'C', 'D', 'E', 'U']],
    ['A - E', ['A', 'B', 'C', 'D', 'E', 'U']],
    ['Pass/Fail', ['Pass', 'Fail']],
    ['pass / fail', ['Pass', 'Fail']],
    ['Pass', ['Pass']],
    ['Pass/Merit/Distinction', ['Pass', 'Merit', 'Distinction']],
    ['Pass/Merit/Distinction/Distinction*', ['Pass', 'Merit', 'Distinction', 'Distinction*']],
    ['Pass / Merit / Distinction / Distinction *', ['Pass', 'Merit', 'Distinction', 'Distinction*']],
  ])('the scale %p gives its grades', (scale, grades) => {
    expect(gradesOfScale(scale)).toEqual(grades);
  });

  test.each([
    'Level 1 Pass/Level 2 Pass/Merit/Distinction/Distinction*',
    '9-9 to 1-1',
    'P/M/D',
    'Distinction/Merit/Pass',
    'A* - G',
    'Graded',
    '',
    null,
  ])('the scale %p is not recognised and gives no grades (the operator sets them)', (scale) => {
    expect(gradesOfScale(scale)).toEqual([]);
  });

  test('a recognised scale gives a list of its own each time', () => {
    gradesOfScale('Pass/Fail').push('Other');
    expect(gradesOfScale('Pass/Fail')).toEqual(['Pass', 'Fail']);
  });
});

describe('owner recognition numbers', () => {
  test.each([
    ['RN5196', 'RN5196'],
    ['rn5196', 'RN5196'],
    [' RN 5196 ', 'RN5196'],
    ['5196', 'RN5196'],
    ['RNX', null],
    ['', null],
    [null, null],
  ])('%p is held as %p', (raw, held) => {
    expect(recognitionNumber(raw)).toBe(held);
  });
});

describe('a CSV row maps through the same rules', () => {
  const row: CsvRow = {
    'Qualification Number': '601/3456/2',
    'Qualification Title': 'Compat Level 2 Certificate in Hair, Beauty and Nail Services',
    'Owner Organisation Recognition Number': 'rn9001',
    'Owner Organisation Name': 'Compat Awarding Body One',
    'Qualification Level': 'Level 2',
    'Qualification Type': 'Vocationally-Related Qualification',
    'Total Credits': '37',
    'Qualification Status': 'Available to learners',
    'Operational Start Date': '01/02/2014',
    'Operational End Date': '',
    'Certification End Date': '31/07/2027 00:00:00',
    'Overall Grading Type': 'Pass/Fail',
    'Grading Scale': 'Pass/Fail',
  };

  test('every column is read, empty ones as null', () => {
    expect(fromCsvRow(row, 'day-first')).toEqual({
      ok: true,
      record: {
        reference: '60134562',
        kind: 'QUALIFICATION',
        title: 'Compat Level 2 Certificate in Hair, Beauty and Nail Services',
        qualificationType: 'Vocationally-Related Qualification',
        level: 'Level 2',
        ownerRecognitionNumber: 'RN9001',
        ownerName: 'Compat Awarding Body One',
        operationalStartDate: '2014-02-01',
        operationalEndDate: null,
        certificationEndDate: '2027-07-31',
        gradingType: 'Pass/Fail',
        gradingScale: 'Pass/Fail',
        grades: ['Pass', 'Fail'],
        creditValue: 37,
        status: 'Available to learners',
        source: 'OFQUAL_CSV',
      },
    });
  });

  test.each([
    ['Total Credits', 'some', /totalCredits "some"/],
    ['Qualification Number', '601-3456-2', /qualification number/],
    ['Operational Start Date', '', /no operational start date/],
  ])('a row whose %s is %p is skipped', (column, value, reason) => {
    const mapped = fromCsvRow({ ...row, [column]: value }, 'day-first');
    expect(!mapped.ok && mapped.skipped.reason).toMatch(reason);
  });
});
