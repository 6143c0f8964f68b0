import { compareNames } from '../../src/learners/name-matching';
import { nameSoundKeys, searchKeysOf } from '../../src/learners/search-keys';
import { SynonymIndex } from '../../src/learners/synonyms';

const shareAKey = (a: string, b: string) => nameSoundKeys(a).some((key) => nameSoundKeys(b).includes(key));

describe('the sound keys of a name', () => {
  test.each([
    ['Smith', ['SM0', 'XMT']],
    ['Sally Ann', ['SL', 'AN', 'SLN']],
    ["O'Brien", ['APRN']],
    ['Testing-Sample', ['TSTNK', 'SMPL', 'TSTNKSMPL']],
    ['', []],
    [null, []],
    ["  '- ", []],
  ])('%j: %j', (name, keys) => {
    expect(nameSoundKeys(name)).toEqual(keys);
  });

  test('a key is never longer than the column that holds it', () => {
    expect(Math.max(...nameSoundKeys('Alexanderthegreatestmanofthecentury').map((k) => k.length))).toBeLessThanOrEqual(40);
  });

  // The guide's examples and the data set's: names the matching rules call a possible match share a key.
  test.each([
    ['Smyth', 'Smith'],
    ['Johnathan', 'Jonathan'],
    ['Kathryn', 'Catherine'],
    ['OBrien', "O'Brien"],
    ['Sally', 'Sally Ann'],
    ['Sample', 'Testing-Sample'],
    ['Tset', 'Test'],
    ['TESTNAME', 'testname'],
  ])('%s and %s share a key', (a, b) => {
    expect(compareNames(a, b, 'given', SynonymIndex.empty())).not.toBe('none');
    expect(shareAKey(a, b)).toBe(true);
  });

  test('names that sound different share none', () => {
    expect(shareAKey('Jones', 'Smith')).toBe(false);
  });
});

test('a record is filed under the keys of its given, preferred, family and previous family names, once each', () => {
  expect(
    searchKeysOf({
      givenName: 'Sample',
      preferredGivenName: 'Sample',
      familyName: 'Testname',
      previousFamilyName: 'OLDTESTNAME',
    }),
  ).toEqual(['SMPL', 'TSTNM', 'ALTSTNM']);
});
