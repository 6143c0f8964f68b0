import { isValidUln, parseUln, ulnCheckDigit } from '../../src/learners/uln';

describe('ULN (docs/contracts.md: The ULN)', () => {
  test.each([
    ['1026893096', 'the worked example'],
    ['9276308686', 'the HESA example'],
    ['6936002314', 'a compatibility master'],
    ['4444599390', 'a compatibility linked ULN'],
    ['1174112637', 'a compatibility PLR learner'],
    ['1026922983', 'a learner who does not share'],
    ['1964986809', 'a possible match'],
    ['8383558804', 'another possible match'],
  ])('%s is valid (%s)', (uln) => {
    expect(isValidUln(uln)).toBe(true);
  });

  test.each([
    ['9999999999', 'the MIS placeholder fails the check digit'],
    ['1026893097', 'wrong check digit'],
    ['0026893096', 'starts with zero'],
    ['102689309', 'nine digits'],
    ['10268930961', 'eleven digits'],
    ['10268930 6', 'a space'],
    ['102689309X', 'a letter'],
    ['', 'empty'],
  ])('%s is not valid (%s)', (uln) => {
    expect(isValidUln(uln)).toBe(false);
  });

  test('the check digit is 10 - (weighted sum mod 11)', () => {
    expect(ulnCheckDigit('102689309')).toBe(6);
  });

  test('no ULN starts with nine digits whose weighted sum is divisible by 11', () => {
    // 1*10 + 0*9 + ... chosen so the sum is 11: 100000000 gives 10; 100000001 gives 12; find one with remainder 0
    const firstNines = Array.from({ length: 200 }, (_, i) => String(100000000 + i));
    const impossible = firstNines.filter((n) => ulnCheckDigit(n) === undefined);
    expect(impossible.length).toBeGreaterThan(0);
    for (const n of impossible) {
      for (let d = 0; d <= 9; d++) expect(isValidUln(`${n}${d}`)).toBe(false);
    }
  });

  test('parseUln trims and explains what is wrong', () => {
    expect(parseUln(' 1026893096 ')).toEqual({ ok: true, value: '1026893096' });
    expect(parseUln('9999999999')).toMatchObject({
      ok: false,
      code: 'ULN_INVALID',
      detail: expect.stringMatching(/check digit/),
    });
    expect(parseUln('0123')).toMatchObject({ ok: false, code: 'ULN_INVALID', detail: expect.stringMatching(/ten digits/) });
  });
});
