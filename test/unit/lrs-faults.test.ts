import { loadPatternTypes, lrsTimestamp, xercesMessage } from '../../src/soap/lrs-faults';

describe('LRS faults speak like the real service', () => {
  const patternTypes = loadPatternTypes();

  test('an empty name is reported as the recorded cvc-pattern-valid message', () => {
    const issues = [
      "Element 'GivenName': [facet 'minLength'] The value has a length of '0'; this underruns the allowed minimum length of '1'.",
      "Element 'GivenName': [facet 'pattern'] The value '' is not accepted by the pattern '[\\s]*[\\S][\\s\\S]*'.",
    ];
    expect(xercesMessage(issues, patternTypes)).toBe(
      "cvc-pattern-valid: Value '' is not facet-valid with respect to pattern '[\\s]*[\\S][\\s\\S]*' for type 'MIAPNameNonEmpty'.",
    );
  });

  test.each([
    [
      "Element 'Gender': [facet 'enumeration'] The value '3' is not an element of the set {'0', '1', '2', '9'}.",
      "cvc-enumeration-valid: Value '3' is not facet-valid with respect to enumeration '[0, 1, 2, 9]'. It must be a value from the enumeration.",
    ],
    [
      "Element 'GivenName': This element is not expected. Expected is ( FamilyName ).",
      "cvc-complex-type.2.4.a: Invalid content was found starting with element 'GivenName'. One of '{FamilyName}' is expected.",
    ],
    [
      "Element 'LearnerToVerify': Missing child element(s). Expected is ( GivenName ).",
      "cvc-complex-type.2.4.b: The content of element 'LearnerToVerify' is not complete. One of '{GivenName}' is expected.",
    ],
    ['Something else entirely.', 'Something else entirely.'],
  ])('%s', (issue, expected) => {
    expect(xercesMessage([issue], patternTypes)).toBe(expected);
  });

  test('timestamps are UK local time, yyyy-MM-dd HH:mm:ss', () => {
    expect(lrsTimestamp(new Date('2025-01-14T15:23:47Z'))).toBe('2025-01-14 15:23:47');
    expect(lrsTimestamp(new Date('2025-07-14T15:23:47Z'))).toBe('2025-07-14 16:23:47');
  });
});
