import { sharesRecord } from '../../src/learners/learner-data.rules';

describe("a learner's record is shown beyond the AO's own awards only when they agreed to share", () => {
  test.each([
    [1, 'has seen the fair-processing notice and agreed', true],
    [2, 'has seen the notice and is unable to share', false],
    [0, 'has not seen the notice', false],
    [-1, 'did not say (NotProvided)', false],
    [undefined, 'is not on the register', false],
  ])('AbilityToShare %p (%s): %p', (value, _meaning, shares) => {
    expect(sharesRecord(value)).toBe(shares);
  });
});
