import { accountStateRefusal, type AccountState } from '../../src/platform/auth/account-state';
import { canonicalBase64 } from '../../src/platform/auth/base64';

describe('canonical base64 (the one spelling of a nonce or digest)', () => {
  const bytes = Buffer.from('0123456789abcdef', 'hex');
  const canonical = bytes.toString('base64'); // ASNFZ4mrze8=

  test('the canonical text gives its bytes', () => {
    expect(canonicalBase64(canonical)).toEqual(bytes);
    expect(canonicalBase64('AAAA')).toEqual(Buffer.alloc(3));
    expect(canonicalBase64('+/+/')).toEqual(Buffer.from([0xfb, 0xff, 0xbf]));
  });

  test.each([
    ['padding removed', canonical.replace(/=+$/, '')],
    ['a space inserted', `${canonical.slice(0, 4)} ${canonical.slice(4)}`],
    ['a full stop inserted', `${canonical.slice(0, 4)}.${canonical.slice(4)}`],
    ['! appended', `${canonical}!`],
    ['a line break inserted', `${canonical.slice(0, 4)}\n${canonical.slice(4)}`],
    ['leading space', ` ${canonical}`],
    ['the URL-safe alphabet', '-_-_'],
    ['padding doubled', `${canonical}=`],
    ['padding in the middle', 'AA==AAAA'],
    ['unused bits set (the same bytes as ASNFZ4mrze8=)', 'ASNFZ4mrze9='],
    ['unused bits set, two pad characters', 'AB=='],
    ['a length that is not a multiple of four', 'AAAAA'],
  ])('%s is refused', (_case, text) => {
    expect(canonicalBase64(text)).toBeUndefined();
  });
});

describe('account-state rules (one set for every surface)', () => {
  const now = new Date('2026-06-01T12:00:00Z');
  const usable: AccountState = {
    status: 'ACTIVE',
    organisationStatus: 'ACTIVE',
    passwordIsOneTime: false,
    passwordChangedAt: new Date('2026-05-01T12:00:00Z'),
    agreementAcceptedAt: new Date('2026-05-01T12:00:00Z'),
    secretAnswerHash: 'scrypt$…',
  };
  const expired = { passwordChangedAt: new Date('2026-04-18T12:00:00Z') }; // 44 days before now

  test.each([
    ['a usable account', {}, {}, undefined],
    ['suspended', { status: 'SUSPENDED' as const }, {}, 'AUTH_ACCOUNT_SUSPENDED'],
    [
      'suspended, even on the password-change call',
      { status: 'SUSPENDED' as const },
      { allowPasswordChange: true },
      'AUTH_ACCOUNT_SUSPENDED',
    ],
    ['its organisation suspended', { organisationStatus: 'SUSPENDED' }, {}, 'ORGANISATION_SUSPENDED'],
    ['its organisation in another state', { organisationStatus: 'CLOSED' }, {}, 'ORGANISATION_NOT_PERMITTED'],
    ['a one-time password', { passwordIsOneTime: true }, {}, 'AUTH_PASSWORD_CHANGE_REQUIRED'],
    ['a one-time password, on the password-change call', { passwordIsOneTime: true }, { allowPasswordChange: true }, undefined],
    [
      'a one-time password, on the agreement call',
      { passwordIsOneTime: true },
      { allowAgreementPending: true },
      'AUTH_PASSWORD_CHANGE_REQUIRED',
    ],
    ['a password 44 days old (guide 3.4)', expired, {}, 'AUTH_PASSWORD_EXPIRED'],
    ['a password a second short of 44 days', { passwordChangedAt: new Date('2026-04-18T12:00:01Z') }, {}, undefined],
    ['an expired password, on the forgotten-password call', expired, { secretAnswer: true }, undefined],
    ['the agreement pending', { agreementAcceptedAt: null }, {}, 'AUTH_AGREEMENT_REQUIRED'],
    ['the agreement pending, on the agreement call', { agreementAcceptedAt: null }, { allowAgreementPending: true }, undefined],
    ['the secret question pending', { secretAnswerHash: null }, {}, 'AUTH_SECRET_QUESTION_REQUIRED'],
    ['the secret question pending, on its call', { secretAnswerHash: null }, { allowSecretQuestionPending: true }, undefined],
    [
      'the agreement and secret question pending, on the secret-question call',
      { agreementAcceptedAt: null, secretAnswerHash: null },
      { allowSecretQuestionPending: true },
      'AUTH_AGREEMENT_REQUIRED',
    ],
  ])('%s → %s', (_case, change, allowances, expected) => {
    expect(accountStateRefusal({ ...usable, ...change }, now, 44, allowances)).toBe(expected);
  });
});
