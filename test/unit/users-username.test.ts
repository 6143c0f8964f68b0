import { genericWordsIn } from '../../src/users/generic-accounts.rules';
import { personName } from '../../src/users/person-name.rules';
import { candidatePrefix, nextFreeUsername, usernameBase, usernameCandidate } from '../../src/users/username.rules';

const base = (given: string, family: string) => {
  const result = usernameBase(given, family);
  return result.ok ? result.value : result.code;
};

describe('usernames are made from the given and family names (guide 3.5.3)', () => {
  test.each([
    ['John', 'Smith', 'john.smith'],
    ['JOHN', 'smith', 'john.smith'],
    ['Zoë', "O'Brien", 'zoe.obrien'],
    ['Sally Ann', 'Smith-Jones', 'sallyann.smithjones'],
    ['Siân', 'Llŷr', 'sian.llyr'],
    ['José', 'Núñez', 'jose.nunez'],
    ['St. John', 'Rivers', 'stjohn.rivers'],
    ['李', 'Smith', 'USER_NAME_INVALID'], // no letter a to z to make a username from
  ])('%s %s → %s', (given, family, expected) => {
    expect(base(given, family)).toBe(expected);
  });
});

describe('a username is unique for ever', () => {
  test.each([
    ['the first John Smith', 'john.smith', [], 'john.smith'],
    ['two John Smiths', 'john.smith', ['john.smith'], 'john.smith2'],
    ['a third', 'john.smith', ['john.smith', 'john.smith2'], 'john.smith3'],
    ['a gap left by nobody is filled', 'john.smith', ['john.smith', 'john.smith3'], 'john.smith2'],
    ['a deleted account still holds its name', 'john.smith', ['john.smith', 'john.smith2' /* deleted */], 'john.smith3'],
    ['other names sharing the prefix do not count', 'john.smith', ['john.smithson', 'john.smith.x'], 'john.smith'],
    ['case does not make a name new', 'john.smith', ['John.Smith'], 'john.smith2'],
  ])('%s', (_what, wanted, taken, expected) => {
    expect(nextFreeUsername(wanted, taken)).toBe(expected);
  });

  test('long names are cut to 35 characters, the suffix kept', () => {
    const long = base('Maximiliana', 'Featherstonehaugh-Cholmondeley');
    expect(long).toBe('maximiliana.featherstonehaughcholmondeley');
    expect(usernameCandidate(long as string, 1)).toBe('maximiliana.featherstonehaughcholmo');
    expect(usernameCandidate(long as string, 1)).toHaveLength(35);
    expect(usernameCandidate(long as string, 12)).toBe('maximiliana.featherstonehaughchol12');
    expect(nextFreeUsername(long as string, ['maximiliana.featherstonehaughcholmo'])).toBe('maximiliana.featherstonehaughcholm2');
  });

  test('a cut never leaves a trailing full stop', () => {
    expect(usernameCandidate(`${'a'.repeat(34)}.smith`, 1)).toBe('a'.repeat(34));
  });

  test('every candidate starts with the prefix read from the database', () => {
    const wanted = 'maximiliana.featherstonehaughcholmondeley';
    for (const n of [1, 2, 99, 100_000]) expect(usernameCandidate(wanted, n).startsWith(candidatePrefix(wanted))).toBe(true);
  });
});

describe('names are checked before a username is made', () => {
  test.each([
    ['  Mary   Jane ', 'Mary Jane'],
    ["D'Arcy", "D'Arcy"],
    ['', 'USER_NAME_INVALID'],
    ['   ', 'USER_NAME_INVALID'],
    ['John2', 'USER_NAME_INVALID'],
    ['-John', 'USER_NAME_INVALID'],
    ['a'.repeat(36), 'USER_NAME_INVALID'],
  ])('%j → %j', (raw, expected) => {
    const result = personName(raw, 'givenName');
    expect(result.ok ? result.value : result.code).toBe(expected);
  });
});

describe('no generic accounts (guide 1.3, 3.5.1)', () => {
  test.each([
    ['Admin', 'Account', ['admin', 'account']],
    ['Guest', 'Smith', ['guest']],
    ['Test', 'User', ['test', 'user']],
    ['Exams', 'Office', ['exams', 'office']],
    ['Main', 'Reception', ['reception']],
    ['Training', 'Smith', ['training']],
    ['Jane', 'Temp', ['temp']],
    ['Shared', 'Mailbox', ['shared']],
    ['System', 'Administrator', ['system', 'administrator']],
    ['John', 'Office-Smith', ['office']],
    ['John', 'Smith', []],
    ['Christopher', 'Guest', []], // a real surname
    ['Joe', 'Root', []], // a real surname
    ['Testa', 'Officer', []], // words are compared whole
    ['Günther', 'Tester', ['tester']],
  ])('%s %s → %j', (given, family, expected) => {
    expect(genericWordsIn(given, family)).toEqual(expected);
  });
});
