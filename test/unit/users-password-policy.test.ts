import { generateOneTimePassword } from '../../src/users/one-time-password';
import { passwordPolicyViolations, webServicesPasswordViolations } from '../../src/users/password-policy.rules';

const rulesBroken = (password: string) => passwordPolicyViolations(password).map((v) => v.rule);

describe('the password policy of guide 3.4', () => {
  test.each([
    ['Compat-Test-2026', []],
    ['Abcdefghi1', []], // exactly 10
    ['Abcdefgh1', ['TOO_SHORT']], // 9
    [`A1${'b'.repeat(98)}`, []], // exactly 100
    [`A1${'b'.repeat(99)}`, ['TOO_LONG']], // 101
    ['abcdefghij1', ['NO_UPPER_CASE']],
    ['ABCDEFGHIJ1', ['NO_LOWER_CASE']],
    ['Abcdefghijk', ['NO_NON_ALPHABETIC']],
    ['Abcdefghij#', []], // a special character is non-alphabetic
    ['Abcde fghij1', ['HAS_SPACE']],
    ['Abcde\tfghij1', ['HAS_SPACE']],
    ['Ábcdéfghíj1', []], // accented letters are letters
    ['Password', ['TOO_SHORT', 'NO_NON_ALPHABETIC']],
    ['', ['TOO_SHORT', 'NO_NON_ALPHABETIC', 'NO_LOWER_CASE', 'NO_UPPER_CASE']],
    ['a b', ['TOO_SHORT', 'NO_NON_ALPHABETIC', 'NO_UPPER_CASE', 'HAS_SPACE']],
    ['password1', ['TOO_SHORT', 'NO_UPPER_CASE']], // guide 2.3.1's 8 alphanumerics no longer suffice
  ])('%j breaks %j', (password, expected) => {
    expect(rulesBroken(password)).toEqual(expected);
  });

  test('every broken rule comes with a message a user can act on', () => {
    const messages = passwordPolicyViolations('a b').map((v) => v.message);
    expect(messages).toEqual([
      'must be at least 10 characters',
      'must contain at least one non-alphabetic character (a number or special character)',
      'must contain at least one upper case letter',
      'must not contain spaces',
    ]);
  });

  test('length counts characters, not UTF-16 units', () => {
    expect(rulesBroken('Abcdefgh😀')).toEqual(['TOO_SHORT']); // 9 characters, 10 units
  });
});

describe("an organisation's web-services password", () => {
  test.each([
    ['AO1WebService#01', []],
    ['AO1WebService#0', ['TOO_SHORT']],
    ['AO1WebService#012', ['TOO_SHORT']],
    ['ao1webservice#01', ['NO_UPPER_CASE']],
    ['AO1 WebService#0', ['HAS_SPACE']],
  ])('%j breaks %j', (password, expected) => {
    expect(webServicesPasswordViolations(password).map((v) => v.rule)).toEqual(expected);
  });
});

describe('one-time passwords', () => {
  test('a thousand generated passwords all meet the policy and differ', () => {
    const generated = Array.from({ length: 1000 }, () => generateOneTimePassword());
    for (const password of generated) expect(passwordPolicyViolations(password)).toEqual([]);
    expect(new Set(generated).size).toBe(1000);
  });

  test('even the least varied random source gives a valid password', () => {
    expect(passwordPolicyViolations(generateOneTimePassword(() => 0))).toEqual([]);
  });
});
