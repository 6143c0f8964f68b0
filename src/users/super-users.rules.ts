/** A note the admin API adds to an answer: something to put right, never a refusal. */
export interface AdminWarning {
  code: 'SUPER_USERS_TOO_FEW' | 'SUPER_USERS_TOO_MANY';
  message: string;
}

/** guide 3.1: "we recommend that each organisation has at least three and no more than five super users". */
export const RECOMMENDED_SUPER_USERS = { min: 3, max: 5 } as const;

/** The warnings about an organisation with `count` active super users; none when it follows the recommendation. */
export function superUserWarnings(count: number): AdminWarning[] {
  const { min, max } = RECOMMENDED_SUPER_USERS;
  if (count < min) {
    return [
      {
        code: 'SUPER_USERS_TOO_FEW',
        message: `The organisation has ${count} active super user${count === 1 ? '' : 's'}; guide 3.1 recommends at least ${min}`,
      },
    ];
  }
  if (count > max) {
    return [
      {
        code: 'SUPER_USERS_TOO_MANY',
        message: `The organisation has ${count} active super users; guide 3.1 recommends no more than ${max}`,
      },
    ];
  }
  return [];
}
