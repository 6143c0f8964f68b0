import {
  displayReference,
  inFormSent,
  parseAimReference,
  qualificationCheckCharacter,
  referenceKind,
} from '../../src/achievements/qualification-reference';

describe('unit and qualification references', () => {
  test.each([
    ['601/2977/3', '60129773', 'QUALIFICATION'],
    ['60129773', '60129773', 'QUALIFICATION'],
    ['100/2508/x', '1002508X', 'QUALIFICATION'],
    ['K/501/5773', 'K5015773', 'UNIT'],
    ['k5015773', 'K5015773', 'UNIT'],
    ['1000323X', '1000323X', 'QUALIFICATION'],
  ])('%s is %s, a %s', (raw, normal, kind) => {
    const parsed = parseAimReference(raw);
    expect(parsed).toEqual({ ok: true, value: normal });
    expect(referenceKind(normal)).toBe(kind);
  });

  test.each(['601/2977', '6012977', 'K/501/577', '601-2977-3', '', '123456789'])('%j is refused', (raw) => {
    expect(parseAimReference(raw)).toMatchObject({ ok: false, code: 'AIM_REFERENCE_INVALID' });
  });

  test.each([
    ['603/5678/9', '60356789', '603/5678/9'],
    ['60356789', '60356789', '60356789'],
    [' 603/5678/9 ', '60356789', '603/5678/9'],
    ['k/501/5773', 'K5015773', 'k/501/5773'],
    ['603/1234/8', '60356789', '60356789'],
    ['not a reference', '60356789', '60356789'],
    [undefined, '60356789', '60356789'],
  ])('sent %j, stored %s: answered %s', (sent, stored, answered) => {
    expect(inFormSent(sent, stored)).toBe(answered);
  });

  test('the forms people read', () => {
    expect(displayReference('60129773')).toBe('601/2977/3');
    expect(displayReference('K5015773')).toBe('K/501/5773');
  });

  test("Ofqual's check character (docs/achievements.md: The Ofqual Register)", () => {
    expect(qualificationCheckCharacter('1000512')).toBe('2');
    expect(qualificationCheckCharacter('5001522')).toBe('9');
    expect(qualificationCheckCharacter('6046060')).toBe('X');
  });
});
