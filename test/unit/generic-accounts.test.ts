import { GENERIC_ACCOUNT_WORDS, genericWordsIn, skeletonOf } from '../../src/users/generic-accounts.rules';

describe('generic words are found however they are spelt (guide 1.3, 3.5.1)', () => {
  test.each([
    ['Admın', 'Person', ['admin']], // dotless ı (U+0131)
    ['ADMİN', 'Person', ['admin']], // dotted capital İ (U+0130)
    ['ſupport', 'Person', ['support']], // long s (U+017F)
    ['Ѕupport', 'Person', ['support']], // Cyrillic Dze (U+0405)
    ['Guеst', 'Person', ['guest']], // Cyrillic е (U+0435)
    ['Rооt', 'Person', ['root']], // Cyrillic о as a given name
    ['Jane', 'Rооt', []], // and as a real surname
    ['Ехams', 'Person', ['exams']], // Cyrillic Е and х
    ['Тest', 'Person', ['test']], // Cyrillic capital Т
    ['ΤΕSΤ', 'Person', ['test']], // Greek capitals Τ and Ε
    ['INFO', 'Desk', ['info']],
    ['Ａｄｍｉｎ', 'Person', ['admin']], // fullwidth letters
    ['Àdmìn', 'Person', ['admin']], // marks
    ['Adm\u0131n', 'Per\u017Fon', ['admin']],
    ['Zoë', "O'Brien", []],
    ['Yıldız', 'Aydın', []],
    ['Łukasz', 'Żółć', []],
    ['Testa', 'Officer', []],
  ])('%s %s → %j', (given, family, expected) => {
    expect(genericWordsIn(given, family)).toEqual(expected);
  });

  test('every word of the list has a skeleton of its own, so each is reported by its own name', () => {
    const skeletons = GENERIC_ACCOUNT_WORDS.map(skeletonOf);
    expect(new Set(skeletons).size).toBe(GENERIC_ACCOUNT_WORDS.length);
  });
});
