// The generated parts of the documents (README, docs/ and the AO gateway XSD), built from the code
// that owns them. DOCUMENTS and GENERATED_PARTS are the one place that says which file holds what:
// scripts/sync-docs.ts writes every part and test/unit/docs-in-step.test.ts checks every part.
import fs from 'node:fs';
import path from 'node:path';
import { SEED_ORGANISATIONS, SEED_USERS } from '../src/compatibility/compatibility-organisations';
import { FIND_SCENARIOS } from '../src/compatibility/find-scenarios';
import { VERIFICATION_SCENARIOS } from '../src/compatibility/known-learners';
import { LANGUAGES_FOR_ASSESSMENT } from '../src/achievements/achievement.rules';
import { ACTION_CODES } from '../src/batches/batch-layouts';
import { VERIFY_BATCH_CODES } from '../src/batches/lrs/verify-batch.lrs';
import { REGISTRATION_BATCH_CODES } from '../src/batches/lrs/registration-batch.lrs';
import { RETURN_CODES } from '../src/batches/registration-return-codes';
import { ERROR_CODES } from '../src/platform/error-codes';
import { rolesOfKind } from '../src/users/role-grants.rules';
import { ROLES } from '../src/platform/auth/roles';
import { catalogueTable } from './red-team-catalogue';

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

/** What finding each known learner gives (learnerByULN, learnerByDemographics). */
export function findScenarioTable(): string {
  return [
    '| What it shows | Operation | ULN | GivenName | FamilyName | DateOfBirth | Gender | LastKnownPostCode | ResponseCode | Learners returned |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...FIND_SCENARIOS.map(
      (s) =>
        `| ${s.what} | \`${s.operation}\` | ${s.uln ?? ''} | \`${s.givenName}\` | \`${s.familyName}\` | ${s.dateOfBirth ?? ''} | ${s.gender ?? ''} | ${s.lastKnownPostCode ?? ''} | ${s.responseCode} | ${s.learners.join(' ')} |`,
    ),
  ].join('\n');
}

/** The organisations and users of the compatibility data set, with their credentials. */
export function credentialsTables(): string {
  const organisation = (ukprn: string) => SEED_ORGANISATIONS.find((o) => o.ukprn === ukprn);
  const kind = (o: (typeof SEED_ORGANISATIONS)[number]) =>
    o.kind === 'AO' ? `AO (Ofqual ${o.recognitionNumber})` : o.kind === 'OPERATOR' ? 'operator' : o.kind;
  const roles = (user: (typeof SEED_USERS)[number]) => {
    const of = organisation(user.ukprn)?.kind ?? '';
    const all = rolesOfKind(of);
    const held = all.length > 1 && all.every((role) => user.roles.includes(role)) ? `every ${of} role` : user.roles.join(', ');
    return user.status === 'SUSPENDED'
      ? `${held}, **suspended** (answers \`AUTH_FAILED\` whatever the password, as an unknown user)`
      : held;
  };
  return [
    '| Organisation | UKPRN | OrganisationRef | Kind | Web-services `OrgPassword` | Learner management |',
    '|---|---|---|---|---|---|',
    ...SEED_ORGANISATIONS.map(
      (o) =>
        `| ${o.name} | ${o.ukprn} | ${o.organisationRef} | ${kind(o)} | \`${o.wsPassword}\` | ${o.learnerManagement ? 'yes' : ''} |`,
    ),
    '',
    '| Username | Organisation | Roles (guide Appendix A) |',
    '|---|---|---|',
    ...SEED_USERS.map((u) => `| \`${u.username}\` | ${organisation(u.ukprn)?.name ?? u.ukprn} | ${roles(u)} |`),
  ].join('\n');
}

/** Which role a super user may grant in each kind of organisation (src/users/role-grants.rules.ts). */
export function rolesTable(): string {
  const kinds = ['AO', 'LRB'] as const;
  const mark = (role: string, kind: string) => ((rolesOfKind(kind) as readonly string[]).includes(role) ? 'yes' : '');
  return [
    '| Role (guide Appendix A) | Granted in an AO | Granted in an LRB |',
    '|---|---|---|',
    ...ROLES.map((role) => `| \`${role}\` | ${kinds.map((kind) => mark(role, kind)).join(' | ')} |`),
  ].join('\n');
}

/** The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens. */
export function headingAnchor(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}_\- ]/gu, '')
    .replace(/ /g, '-');
}

export function verifyBatchCodeTable(): string {
  return [
    '| `ResponseCode` | When |',
    '|---|---|',
    ...Object.values(VERIFY_BATCH_CODES).map(({ code, when }) => `| ${code} | ${when} |`),
  ].join('\n');
}

export function registrationBatchCodeTable(): string {
  return [
    '| `ResponseCode` | When |',
    '|---|---|',
    ...Object.values(REGISTRATION_BATCH_CODES).map(({ code, when }) => `| ${code} | ${when} |`),
  ].join('\n');
}

/** The per-learner return codes of a batch registration: RC011's meaning is the LRS's, the others ours. */
export function registrationReturnCodeTable(): string {
  return [
    '| `ReturnCode` | When | Counted in |',
    '|---|---|---|',
    ...Object.entries(RETURN_CODES).map(([code, { when, count }]) => `| ${code} | ${when} | \`${count}\` |`),
  ].join('\n');
}

/** The values of the achievement batch whose real LRS values are not published: ours, said plainly. */
export function ourBatchValuesTable(): string {
  const actions = Object.entries(ACTION_CODES)
    .map(([code, action]) => `\`${code}\` ${action.toLowerCase()}`)
    .join(', ');
  return [
    '| Field | Values | Whose |',
    '|---|---|---|',
    `| \`Action\` | ${actions} | **ours**: the LRS's Action codes are not published |`,
    `| \`LanguageForAssessment\` | ${LANGUAGES_FOR_ASSESSMENT.map((l) => `\`${l}\``).join(', ')} | **ours**, the portal's drop-down in words: the LRS's coded values are not published |`,
  ].join('\n');
}

/** The README's contents line: a link to each of its sections, from the README's own headings. */
export function contentsLine(readme: string): string {
  const headings = [...readme.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
  return `**Contents:** ${headings.map((h) => `[${h}](#${headingAnchor(h)})`).join(' · ')}`;
}

/** The index of docs/decisions/: one row per record, titled by the record's own heading. */
export function decisionIndex(): string {
  const directory = path.join(__dirname, '..', 'docs', 'decisions');
  const rows = fs
    .readdirSync(directory)
    .filter((name) => /^\d{4}-.+\.md$/.test(name))
    .sort()
    .map((name) => {
      const heading = /^# (\d{4})[.:)]?\s+(?:[-–—]\s+)?(.+)$/m.exec(fs.readFileSync(path.join(directory, name), 'utf8'));
      if (!heading) throw new Error(`docs/decisions/${name} must start with "# NNNN Title"`);
      return `| [${heading[1]}](${name}) | ${heading[2]} |`;
    });
  return ['| Record | Decision |', '|---|---|', ...rows].join('\n');
}

/** Where each generated or checked subject lives. */
export const DOCUMENTS = {
  readme: 'README.md',
  contracts: 'docs/contracts.md',
  errorCodes: 'docs/error-codes.md',
  configuration: 'docs/configuration.md',
  production: 'docs/production.md',
  users: 'docs/users.md',
  /** The hostile-input catalogue (the front door's refusals). */
  hostileInput: 'docs/security.md',
  decisions: 'docs/decisions/README.md',
  batches: 'docs/batches.md',
  aoGatewaySchema: 'wsdl/xsd/ao/ao-gateway.xsd',
} as const;

export interface GeneratedPart {
  file: string;
  /** Written between <!-- name:begin --> and <!-- name:end --> in the file. */
  name: string;
  /** What belongs between the markers, given the file's current text. */
  body(current: string): string;
}

export const GENERATED_PARTS: readonly GeneratedPart[] = [
  { file: DOCUMENTS.aoGatewaySchema, name: 'error-codes', body: errorCodeEnumeration },
  { file: DOCUMENTS.errorCodes, name: 'error-codes', body: errorCodeTable },
  { file: DOCUMENTS.readme, name: 'credentials', body: credentialsTables },
  { file: DOCUMENTS.readme, name: 'scenarios', body: scenarioTable },
  { file: DOCUMENTS.contracts, name: 'find-scenarios', body: findScenarioTable },
  { file: DOCUMENTS.readme, name: 'contents', body: contentsLine },
  { file: DOCUMENTS.users, name: 'roles', body: rolesTable },
  { file: DOCUMENTS.decisions, name: 'decisions', body: decisionIndex },
  { file: DOCUMENTS.batches, name: 'verify-batch-codes', body: verifyBatchCodeTable },
  { file: DOCUMENTS.batches, name: 'batch-values-ours', body: ourBatchValuesTable },
  { file: DOCUMENTS.batches, name: 'registration-batch-codes', body: registrationBatchCodeTable },
  { file: DOCUMENTS.batches, name: 'registration-return-codes', body: registrationReturnCodeTable },
  { file: DOCUMENTS.hostileInput, name: 'red-team-catalogue', body: () => catalogueTable() },
];
