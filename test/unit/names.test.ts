import { isValidName, nameLetters, nameParts, normaliseName } from '../../src/learners/names';

describe('names (guide Appendix B and C)', () => {
  test.each([
    ['  Sally   Ann ', 'sally ann'],
    ['SAMPLE', 'sample'],
    ["O'Brien", "o'brien"],
  ])('normaliseName(%j) is %j', (input, expected) => {
    expect(normaliseName(input)).toBe(expected);
  });

  test('a double or hyphenated name splits into its parts', () => {
    expect(nameParts('Sally Ann')).toEqual(['sally', 'ann']);
    expect(nameParts('Testing-Sample')).toEqual(['testing', 'sample']);
    expect(nameParts("St. John-O'Neill")).toEqual(['st', 'john', 'oneill']);
  });

  test('letters ignore punctuation and spaces', () => {
    expect(nameLetters("O'Brien")).toBe('obrien');
    expect(nameLetters('Smith-Jones')).toBe(nameLetters('Smith Jones'));
  });

  test.each([
    ['Sally Ann', true],
    ["O'Brien", true],
    ['O`Brien', true],
    ['Smith-Jones', true],
    ['St. John', true],
    ['a', true],
    ['', false],
    ['   ', false],
    ["'-.`", false],
    ['J0hn', false],
    ['Zoë', false],
    ['Smith (deceased)', false],
    ['Smith, John', false],
  ])('isValidName(%j) is %s', (name, valid) => {
    expect(isValidName(name)).toBe(valid);
  });
});
