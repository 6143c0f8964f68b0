import { fixedClock, todayOf, ukDateOf } from '../../src/platform/clock';

describe('every "today" of the rules is the UK calendar date', () => {
  test.each([
    ['an ordinary winter noon', '2026-01-15T12:00:00Z', '2026-01-15'],
    ['the last GMT evening before the spring change', '2026-03-28T23:30:00Z', '2026-03-28'],
    ['00:30 GMT on the day the clocks go forward', '2026-03-29T00:30:00Z', '2026-03-29'],
    ['02:00 BST, just after they went forward', '2026-03-29T01:00:00Z', '2026-03-29'],
    ['00:30 BST the day after the spring change', '2026-03-29T23:30:00Z', '2026-03-30'],
    ['00:30 BST in midsummer', '2026-06-15T23:30:00Z', '2026-06-16'],
    ['00:00 BST exactly', '2026-06-15T23:00:00Z', '2026-06-16'],
    ['23:59 BST', '2026-06-15T22:59:59.999Z', '2026-06-15'],
    ['00:30 BST on the day the clocks go back', '2026-10-24T23:30:00Z', '2026-10-25'],
    ['01:30 BST, the first of the two 01:30s', '2026-10-25T00:30:00Z', '2026-10-25'],
    ['01:30 GMT, the second', '2026-10-25T01:30:00Z', '2026-10-25'],
    ['23:30 GMT after the autumn change', '2026-10-25T23:30:00Z', '2026-10-25'],
    ['00:30 GMT the day after', '2026-10-26T00:30:00Z', '2026-10-26'],
    ['the last instant of a year', '2026-12-31T23:59:59.999Z', '2026-12-31'],
    ['a leap day at 00:30 GMT', '2028-02-29T00:30:00Z', '2028-02-29'],
  ])('%s (%s) is %s', (_what, instant, date) => {
    expect(ukDateOf(new Date(instant))).toBe(date);
    expect(todayOf(fixedClock(instant))).toBe(date);
  });
});
