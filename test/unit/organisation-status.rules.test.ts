import { changeOrganisationStatus } from '../../src/users/organisation-status.rules';

describe('an operator changes an organisation’s state (guide 1.3)', () => {
  test.each([
    [
      'an active AO is suspended',
      'AO',
      'ACTIVE',
      'SUSPENDED',
      'Unpaid invoice',
      { status: 'SUSPENDED', reason: 'Unpaid invoice' },
    ],
    ['a suspended AO is reactivated', 'AO', 'SUSPENDED', 'ACTIVE', 'Paid', { status: 'ACTIVE', reason: 'Paid' }],
    ['an active LRB is suspended', 'LRB', 'ACTIVE', 'SUSPENDED', 'Closed', { status: 'SUSPENDED', reason: 'Closed' }],
    [
      'the reason is tidied',
      'AO',
      'ACTIVE',
      'SUSPENDED',
      '  Data   breach \n review ',
      { status: 'SUSPENDED', reason: 'Data breach review' },
    ],
  ] as const)('%s', (_what, kind, status, wanted, reason, expected) => {
    expect(changeOrganisationStatus({ kind, status }, wanted, reason)).toEqual({ ok: true, value: expected });
  });

  test.each([
    ['a suspended AO suspended again', 'AO', 'SUSPENDED', 'SUSPENDED', 'Again', 'ORGANISATION_STATUS_UNCHANGED'],
    ['an active AO reactivated', 'AO', 'ACTIVE', 'ACTIVE', 'Again', 'ORGANISATION_STATUS_UNCHANGED'],
    ['the operator organisation suspended', 'OPERATOR', 'ACTIVE', 'SUSPENDED', 'Oops', 'ORGANISATION_STATUS_UNCHANGED'],
    ['a blank reason', 'AO', 'ACTIVE', 'SUSPENDED', '   ', 'REQUEST_INVALID'],
    ['a reason over 500 characters', 'AO', 'ACTIVE', 'SUSPENDED', 'x'.repeat(501), 'REQUEST_INVALID'],
  ] as const)('%s is refused', (_what, kind, status, wanted, reason, code) => {
    expect(changeOrganisationStatus({ kind, status }, wanted, reason)).toMatchObject({ ok: false, code });
  });
});
