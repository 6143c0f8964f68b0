/**
 * The password policy of guide 3.4, which supersedes the 8-alphanumeric rule of guide 2.3.1
 * (docs/decisions/0013-password-policy-of-guide-3-4.md). Every broken rule is reported, so a user fixes them all at once.
 */
export type PasswordRule = 'TOO_SHORT' | 'TOO_LONG' | 'NO_NON_ALPHABETIC' | 'NO_LOWER_CASE' | 'NO_UPPER_CASE' | 'HAS_SPACE';

export interface PasswordViolation {
  rule: PasswordRule;
  message: string;
}

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 100;

const MESSAGES: Record<PasswordRule, string> = {
  TOO_SHORT: `must be at least ${PASSWORD_MIN_LENGTH} characters`,
  TOO_LONG: `must be at most ${PASSWORD_MAX_LENGTH} characters`,
  NO_NON_ALPHABETIC: 'must contain at least one non-alphabetic character (a number or special character)',
  NO_LOWER_CASE: 'must contain at least one lower case letter',
  NO_UPPER_CASE: 'must contain at least one upper case letter',
  HAS_SPACE: 'must not contain spaces',
};

/** Every rule of guide 3.4 the password breaks; none when it is acceptable. */
export function passwordPolicyViolations(password: string): PasswordViolation[] {
  const length = [...password].length; // characters, not UTF-16 units
  const broken: PasswordRule[] = [];
  if (length < PASSWORD_MIN_LENGTH) broken.push('TOO_SHORT');
  if (length > PASSWORD_MAX_LENGTH) broken.push('TOO_LONG');
  if (!/[^\p{L}\s]/u.test(password)) broken.push('NO_NON_ALPHABETIC');
  if (!/\p{Ll}/u.test(password)) broken.push('NO_LOWER_CASE');
  if (!/\p{Lu}/u.test(password)) broken.push('NO_UPPER_CASE');
  if (/\s/u.test(password)) broken.push('HAS_SPACE');
  return broken.map((rule) => ({ rule, message: MESSAGES[rule] }));
}

/** One sentence naming every broken rule, for the PASSWORD_POLICY refusal. */
export function describeViolations(subject: string, violations: PasswordViolation[]): string {
  return `${subject} ${violations.map((v) => v.message).join('; ')}`;
}

/**
 * The organisation's web-services password of the LRS-compatible services (OrgPassword) is 16
 * characters; the same character rules as a user's password apply.
 */
export const WEB_SERVICES_PASSWORD_LENGTH = 16;

export function webServicesPasswordViolations(password: string): PasswordViolation[] {
  const violations = passwordPolicyViolations(password).filter((v) => v.rule !== 'TOO_SHORT' && v.rule !== 'TOO_LONG');
  if ([...password].length !== WEB_SERVICES_PASSWORD_LENGTH) {
    return [{ rule: 'TOO_SHORT', message: `must be exactly ${WEB_SERVICES_PASSWORD_LENGTH} characters` }, ...violations];
  }
  return violations;
}
