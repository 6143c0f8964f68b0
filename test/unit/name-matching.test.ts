import { compareNames, isSmallSpellingDifference, soundsAlike } from '../../src/learners/name-matching';
import { SynonymIndex } from '../../src/learners/synonyms';

const synonyms = new SynonymIndex([
  ['james', 'jim'],
  ['james', 'jimmy'],
  ['margaret', 'peggy'],
]);

describe('comparing a supplied name with a held one', () => {
  test.each([
    // [supplied, held, kind, expected, why]
    ['Sample', 'Sample', 'given', 'exact', 'the same'],
    [' SAMPLE ', 'sample', 'given', 'exact', 'case and spaces normalised'],
    ['Sally  Ann', 'Sally Ann', 'given', 'exact', 'inner spaces normalised'],
    ['Sally', 'Sally Ann', 'given', 'fuzzy', 'guide: a part of a double name'],
    ['Sally Ann', 'Sally', 'given', 'fuzzy', 'guide: a double name against a single'],
    ['Sample', 'Testing-Sample', 'given', 'fuzzy', 'a part of a hyphenated name'],
    ['Jim', 'James', 'given', 'fuzzy', 'guide: a synonym'],
    ['Jimmy', 'Jim', 'given', 'fuzzy', 'two nicknames of one name'],
    ['Jim', 'James', 'family', 'none', 'synonyms apply to given names only'],
    ['Johnathan', 'Jonathan', 'given', 'fuzzy', 'one letter more'],
    ['Smyth', 'Smith', 'family', 'fuzzy', 'one letter different'],
    ['OBrien', "O'Brien", 'family', 'fuzzy', 'the same letters'],
    ['Catherine', 'Kathryn', 'given', 'fuzzy', 'the same sound'],
    ['Darcie', 'Sample', 'given', 'none', 'a different name'],
    ['Tom', 'Sam', 'given', 'none', 'short names two edits apart'],
    ['Peggy', 'Margaret', 'given', 'fuzzy', 'a synonym that shares no letters'],
    ['Sample', null, 'family', 'none', 'nothing held'],
    ['Sample', '  ', 'family', 'none', 'a blank held name'],
  ] as const)('%j against %j (%s): %s, %s', (supplied, held, kind, expected, _why) => {
    expect(compareNames(supplied, held, kind, synonyms)).toBe(expected);
  });

  test.each([
    ['brown', 'brow', true],
    ['jonathan', 'johnathan', true],
    ['smith', 'smyth', true],
    ['ann', 'anne', true],
    ['tom', 'sam', false],
    ['jones', 'janet', false],
    ['christopher', 'kristofer', false],
    ['alexandra', 'alexandre', true],
  ])('small spelling difference %s / %s: %s', (a, b, expected) => {
    expect(isSmallSpellingDifference(a, b)).toBe(expected);
  });

  test.each([
    ['catherine', 'kathryn', true],
    ['stephen', 'steven', true],
    ['smith', 'jones', false],
    ['al', 'el', false],
  ])('sounds alike %s / %s: %s', (a, b, expected) => {
    expect(soundsAlike(a, b)).toBe(expected);
  });
});
