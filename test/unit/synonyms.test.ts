import path from 'node:path';
import { readSynonymPairs } from '../../src/learners/reference-lists';
import { SynonymIndex } from '../../src/learners/synonyms';

describe('given-name synonyms (guide Appendix C)', () => {
  const index = new SynonymIndex(readSynonymPairs(path.join(__dirname, '../../reference-data/given-name-synonyms.csv')));

  test('the seed list has the guide example: Jim matches James', () => {
    expect(index.areSynonyms('Jim', 'James')).toBe(true);
    expect(index.areSynonyms('JAMES', ' jim ')).toBe(true);
  });

  test('two nicknames of one formal name are synonyms', () => {
    const small = new SynonymIndex([
      ['james', 'jim'],
      ['james', 'jimmy'],
    ]);
    expect(small.areSynonyms('jim', 'jimmy')).toBe(true);
  });

  test('unrelated names are not synonyms, and a name is not its own synonym', () => {
    expect(index.areSynonyms('James', 'Sarah')).toBe(false);
    expect(new SynonymIndex([['james', 'james']]).areSynonyms('james', 'james')).toBe(false);
  });

  test('the empty index knows no synonyms', () => {
    expect(SynonymIndex.empty().areSynonyms('jim', 'james')).toBe(false);
  });
});
