// The generated parts of the README and the AO gateway XSD, built from the code that owns them.
import { VERIFICATION_SCENARIOS } from '../src/compatibility/known-learners';
import { LANGUAGES_FOR_ASSESSMENT } from '../src/achievements/achievement.rules';
import { ACTION_CODES } from '../src/batches/batch-layouts';
import { VERIFY_BATCH_CODES } from '../src/batches/lrs/verify-batch.lrs';
import { ERROR_CODES } from '../src/platform/error-codes';

export function errorCodeEnumeration(): string {
  return Object.keys(ERROR_CODES)
    .map((code) => `      <xs:enumeration value="${code}"/>`)
    .join('\n');
}

export function errorCodeTable(): string {
  return [
    '| Code | Meaning | HTTP (admin API) | SOAP faultcode | LRS-compatible code |',
    '|---|---|---|---|---|',
    ...Object.entries(ERROR_CODES).map(([code, d]) => `| \`${code}\` | ${d.message} | ${d.status} | ${d.side} | ${d.lrs} |`),
  ].join('\n');
}

export function scenarioTable(): string {
  return [
    '| What it shows | ULN | GivenName | FamilyName | DateOfBirth | Gender | ResponseCode | FailureFlags |',
    '|---|---|---|---|---|---|---|---|',
    ...VERIFICATION_SCENARIOS.map(
      (s) =>
        `| ${s.what} | ${s.uln} | \`${s.givenName}\` | \`${s.familyName}\` | ${s.dateOfBirth ?? ''} | ${s.gender ?? ''} | ${s.responseCode} | ${s.failureFlags.join(' ')} |`,
    ),
  ].join('\n');
}

export function verifyBatchCodeTable(): string {
  return [
    '| `ResponseCode` | When |',
    '|---|---|',
    ...Object.values(VERIFY_BATCH_CODES).map(({ code, when }) => `| ${code} | ${when} |`),
  ].join('\n');
}

/** The values of the achievement batch that lrs-interfaces marks unknown on the real LRS: ours, said plainly. */
export function ourBatchValuesTable(): string {
  const actions = Object.entries(ACTION_CODES)
    .map(([code, action]) => `\`${code}\` ${action.toLowerCase()}`)
    .join(', ');
  return [
    '| Field | Values | Whose |',
    '|---|---|---|',
    `| \`Action\` | ${actions} | **ours**: the LRS's Action codes are not published (lrs-interfaces 5.1) |`,
    `| \`LanguageForAssessment\` | ${LANGUAGES_FOR_ASSESSMENT.map((l) => `\`${l}\``).join(', ')} | **ours**, the portal's drop-down in words: the LRS's coded values are not published |`,
  ].join('\n');
}

/** The README's contents line: a link to each of its sections, from the README's own headings. */
export function contentsLine(readme: string): string {
  const headings = [...readme.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
  const anchor = (heading: string) =>
    heading
      .toLowerCase()
      .replace(/[^\w\- ]/g, '')
      .replace(/ /g, '-');
  return `**Contents:** ${headings.map((h) => `[${h}](#${anchor(h)})`).join(' · ')}`;
}
