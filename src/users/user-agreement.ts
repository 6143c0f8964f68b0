/**
 * The user agreement every user accepts before any other call (guide 2.2, 2.3.1). Each
 * acceptance records this version; when the text changes, the version changes and everyone
 * accepts the new one before their next call (the portal asks at every login; an API asks once
 * per version). The migration 1764700000000-Users treats earlier acceptances as of "2026-01".
 */
export const USER_AGREEMENT = {
  version: '2026-01',
  title: 'LRS Gateway user agreement',
  // guide 2.2, "User responsibilities": the points every user agrees to.
  responsibilities: [
    'You must not share your login details with anybody else.',
    'You must not share your security question answer with anyone else in order to have your password reset.',
    'You must use the account solely for the purpose for which it was issued by your organisation.',
    'When accessing personal data, make sure your screen is not overlooked by unauthorised persons and never leave your workstation unlocked and unattended.',
    'You may not use, copy, disseminate or transmit any of the data except where the Education and Skills Funding Agency has given you express permission or the law permits it.',
    'You will not send any personal learner data by email unless it is encrypted and password protected, with the password sent by a separate method.',
  ],
} as const;

export const USER_AGREEMENT_VERSION: string = USER_AGREEMENT.version;
