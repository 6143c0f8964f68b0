import fs from 'node:fs';
import path from 'node:path';
import { configKeys } from '../../scripts/check-docker';
import {
  contentsLine,
  errorCodeEnumeration,
  errorCodeTable,
  ourBatchValuesTable,
  scenarioTable,
  verifyBatchCodeTable,
} from '../../scripts/docs-tables';
import type { AchievementService } from '../../src/achievements/achievement.service';
import { achievementOperations } from '../../src/achievements/achievement.soap';
import { SEED_USERS } from '../../src/compatibility/compatibility-organisations';
import type { DataChallengeService } from '../../src/data-challenges/data-challenge.service';
import { dataChallengeOperations } from '../../src/data-challenges/data-challenge.soap';
import { ROLES } from '../../src/users/roles';

const root = path.join(__dirname, '..', '..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');

describe('documents that repeat the code are in step with it (npm run docs:sync)', () => {
  test('the AO gateway XSD declares exactly the error codes of error-codes.ts', () => {
    expect(read('wsdl/xsd/ao/ao-gateway.xsd')).toContain(errorCodeEnumeration());
  });

  test('the README lists every error code with its LRS equivalent', () => {
    expect(read('README.md')).toContain(errorCodeTable());
  });

  test('the README table of test learners is the one the tests check', () => {
    expect(read('README.md')).toContain(scenarioTable());
  });

  test("the README's getVerifyBatchOutput code table is the one the LRS-compatible service answers", () => {
    expect(read('README.md')).toContain(verifyBatchCodeTable());
  });

  test('the README says which batch code lists are ours, from the lists the code accepts', () => {
    expect(read('README.md')).toContain(ourBatchValuesTable());
  });

  test('the README contents line links every section', () => {
    expect(read('README.md')).toContain(contentsLine(read('README.md')));
  });
});

describe('the README configuration table', () => {
  test('names every setting the configuration reads', () => {
    const section = read('README.md').split('\n## Configuration\n')[1].split('\n## ')[0];
    const missing = [...configKeys()].filter((key) => !section.includes(`\`${key}\``));
    expect(missing).toEqual([]);
  });
});

/** Appendix A's names of the roles, as the README writes them in prose. */
const ROLE_WORDS: Record<string, string> = {
  LRB_SUPER_USER: 'LRB Super User',
  AWARDING_BODY_BATCH_USER: 'Awarding Body Batch User',
  AWARDING_BODY_USER: 'Awarding Body User',
  QCF_RECORD_SET_USER: 'QCF Record Set User',
  QCF_USER: 'QCF User',
  LRB_USER: 'LRB User',
  OPERATOR: 'OPERATOR',
};

/** The roles a README cell names, in code or in Appendix A's words. */
function rolesNamed(cell: string): string[] {
  return ROLES.filter((role) => new RegExp(`\\b${role}\\b`).test(cell) || cell.includes(ROLE_WORDS[role])).sort();
}

describe("the README's role declarations are the operations' own", () => {
  const readme = read('README.md');
  const operations = [
    ...achievementOperations({} as AchievementService),
    ...dataChallengeOperations({} as DataChallengeService),
  ];

  test.each(operations.map((operation) => [operation.name, operation]))('%s', (name, operation) => {
    const row = readme.split('\n').find((line) => line.startsWith(`| \`${name}\` |`));
    expect(row).toBeDefined();
    const who = (row as string).split(' | ')[1];
    expect(rolesNamed(who)).toEqual([...operation.roles].sort());
  });
});

describe("the README's test credentials give each compatibility user's roles", () => {
  const every = ['LRB_SUPER_USER', 'AWARDING_BODY_BATCH_USER', 'AWARDING_BODY_USER', 'QCF_RECORD_SET_USER', 'QCF_USER'];
  const section = read('README.md').split('\n## Test credentials')[1].split('\n## ')[0];

  test.each(SEED_USERS.map((user) => [user.username, user.roles]))('%s', (username, roles) => {
    const row = section.split('\n').find((line) => line.startsWith(`| \`${username}\` |`));
    expect(row).toBeDefined();
    const cell = (row as string).split('|')[3].split(' (')[0].trim();
    const named = cell.startsWith('every AO role') ? every : cell.split(', ').filter((word) => (ROLES as readonly string[]).includes(word));
    expect([...named].sort()).toEqual([...roles].sort());
  });
});
