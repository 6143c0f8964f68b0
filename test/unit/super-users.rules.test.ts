import { superUserWarnings } from '../../src/users/super-users.rules';

describe('the super user recommendation (guide 3.1: at least three, no more than five)', () => {
  test.each([
    [0, ['SUPER_USERS_TOO_FEW']],
    [1, ['SUPER_USERS_TOO_FEW']],
    [2, ['SUPER_USERS_TOO_FEW']],
    [3, []],
    [4, []],
    [5, []],
    [6, ['SUPER_USERS_TOO_MANY']],
    [40, ['SUPER_USERS_TOO_MANY']],
  ])('%i active super users: %p', (count, codes) => {
    expect(superUserWarnings(count).map((w) => w.code)).toEqual(codes);
  });

  test('the warning says how many there are', () => {
    expect(superUserWarnings(1)[0].message).toBe('The organisation has 1 active super user; guide 3.1 recommends at least 3');
  });
});
