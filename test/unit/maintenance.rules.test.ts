import { retryAfterSeconds, scheduleWindow, windowInForce } from '../../src/maintenance/maintenance.rules';

const at = (iso: string) => new Date(`2026-12-06T${iso}Z`);
const window = (id: number, startsAt: string, endsAt: string | null) => ({
  id,
  startsAt: at(startsAt),
  endsAt: endsAt === null ? null : at(endsAt),
  reason: 'Upgrade',
});

describe('the maintenance window in force', () => {
  const windows = [window(1, '02:00:00', '03:00:00'), window(2, '02:30:00', '04:00:00'), window(3, '05:00:00', null)];
  test.each([
    ['before any window', '01:59:59', undefined],
    ['from the first second of a window', '02:00:00', 1],
    ['of two overlapping, the one that ends last', '02:45:00', 2],
    ['not at the instant a window ends', '04:00:00', undefined],
    ['an open-ended one, long after it started', '23:00:00', 3],
  ])('%s', (_what, now, expected) => {
    expect(windowInForce(windows, at(now))?.id).toBe(expected);
  });

  test('an open-ended window wins over one that ends', () => {
    expect(windowInForce([window(1, '02:00:00', '03:00:00'), window(2, '02:00:00', null)], at('02:30:00'))?.id).toBe(2);
  });
});

describe('Retry-After during maintenance', () => {
  test.each([
    ['the seconds to the end', '03:00:00', '02:58:20', 100],
    ['rounded up', '03:00:00', '02:59:59.500', 1],
    ['never less than one', '03:00:00', '03:00:00', 1],
    ['the setting when the window has no end', null, '02:30:00', 300],
  ])('is %s', (_what, endsAt, now, expected) => {
    expect(retryAfterSeconds(window(1, '02:00:00', endsAt), at(now), 300)).toBe(expected);
  });
});

describe('scheduling a window', () => {
  const now = at('12:00:00');
  test.each([
    ['from now until switched off', '12:00:00', null],
    ['ahead of time', '20:00:00', '22:00:00'],
    ['already begun, ending later', '11:00:00', '13:00:00'],
  ])('is accepted %s', (_what, startsAt, endsAt) => {
    const result = scheduleWindow(
      { startsAt: at(startsAt), endsAt: endsAt === null ? null : at(endsAt), reason: ' Upgrade ' },
      now,
    );
    expect(result).toMatchObject({ ok: true, value: { reason: 'Upgrade' } });
  });

  test.each([
    ['ending before it starts', '20:00:00', '19:00:00', 'Upgrade', 'MAINTENANCE_WINDOW_INVALID'],
    ['ending as it starts', '20:00:00', '20:00:00', 'Upgrade', 'MAINTENANCE_WINDOW_INVALID'],
    ['ending in the past', '10:00:00', '11:00:00', 'Upgrade', 'MAINTENANCE_WINDOW_INVALID'],
    ['without a reason', '20:00:00', '21:00:00', '  ', 'REQUEST_INVALID'],
  ])('is refused %s', (_what, startsAt, endsAt, reason, code) => {
    expect(scheduleWindow({ startsAt: at(startsAt), endsAt: at(endsAt), reason }, now)).toMatchObject({ ok: false, code });
  });
});
