import {
  COMPATIBILITY_PASSWORD,
  COMPATIBILITY_SECRET_ANSWER,
  SEED_ORGANISATIONS,
} from '../../src/compatibility/compatibility-organisations';
import { KNOWN_LEARNERS, VERIFICATION_SCENARIOS } from '../../src/compatibility/known-learners';
import { syntheticLearners } from '../../src/compatibility/synthetic-learners';

/**
 * What must never appear in a log line (docs/observability.md, "What is never logged"): the seeded learners' demographics
 * (names, dates of birth, postcodes, addresses, emails) and every password, web-services
 * password and secret answer that the seed or a test uses.
 */
export function forbiddenInLogs(): string[] {
  const learners = [...KNOWN_LEARNERS, ...syntheticLearners(200, undefined, new Set(KNOWN_LEARNERS.map((l) => l.uln)))];
  const demographics = learners.flatMap((learner) => [
    learner.givenName,
    learner.middleOtherName,
    learner.familyName,
    learner.previousFamilyName,
    learner.dateOfBirth,
    learner.lastKnownPostCode,
    learner.lastKnownAddressLine1,
    learner.emailAddress,
  ]);
  const asked = VERIFICATION_SCENARIOS.flatMap((scenario) => [scenario.givenName, scenario.familyName, scenario.dateOfBirth]);
  const secrets = [
    COMPATIBILITY_PASSWORD,
    COMPATIBILITY_SECRET_ANSWER,
    ...SEED_ORGANISATIONS.map((organisation) => organisation.wsPassword),
    // Passwords, web-services passwords and secret answers that tests choose or try.
    ...['Jane-Chosen-2026', 'Victor-Renewed-2026', 'Victor-Other-2026', 'Lucy-Lane-2026!', 'Fay-Fisher-2026', 'Fay-Renewed-2026'],
    ...['Priya-Patel-2026', 'Wrong-Password-1', 'Not-The-Password-1', 'NewAOWebSvc#2026', 'WrongWebService9', 'AO1WebService#99'],
    ...['Hilltop', 'Mr Tibbles'],
  ];
  const words = [...demographics, ...asked, ...secrets]
    .filter((value): value is string => typeof value === 'string')
    .map((value) => value.trim())
    // Shorter than four characters, a value matches too much that is not it (Leo, Mia, Max).
    .filter((value) => value.length >= 4);
  return [...new Set(words)];
}

export interface LogHit {
  file: string;
  line: number;
  found: string;
}

/** Every place a forbidden value occurs as a whole word (case as written) in the log text. */
export function findForbidden(file: string, text: string, forbidden: readonly string[]): LogHit[] {
  const escaped = forbidden.map((value) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const pattern = new RegExp(`(?<![\\w@.-])(${escaped.join('|')})(?![\\w@-])`, 'g');
  const hits: LogHit[] = [];
  text.split('\n').forEach((line, index) => {
    for (const match of line.matchAll(pattern)) hits.push({ file, line: index + 1, found: match[1] });
  });
  return hits;
}
