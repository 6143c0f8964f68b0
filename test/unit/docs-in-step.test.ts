import fs from 'node:fs';
import path from 'node:path';
import { configKeys } from '../../scripts/check-docker';
import { DOCUMENTS, GENERATED_PARTS } from '../../scripts/docs-tables';
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
import type { DataChallengeService } from '../../src/data-challenges/data-challenge.service';
import { dataChallengeOperations } from '../../src/data-challenges/data-challenge.soap';
import { ROLES } from '../../src/platform/auth/roles';

const root = path.join(__dirname, '..', '..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');

describe('documents that repeat the code are in step with it (npm run docs:sync)', () => {
  test.each(GENERATED_PARTS.map((part) => [part.name, part.file, part] as const))(
    'the %s part of %s is what the code gives',
    (_name, file, part) => {
      const text = read(file);
      expect(text).toContain(`<!-- ${part.name}:begin`);
      expect(text).toContain(part.body(text));
    },
  );

  test('the error codes, the README test credentials and scenarios, and the roles are generated', () => {
    const files = GENERATED_PARTS.map((part) => `${part.file}#${part.name}`);
    expect(files).toEqual(
      expect.arrayContaining([
        `${DOCUMENTS.errorCodes}#error-codes`,
        `${DOCUMENTS.readme}#scenarios`,
        `${DOCUMENTS.readme}#credentials`,
        `${DOCUMENTS.aoGatewaySchema}#error-codes`,
      ]),
    );
  });
});

describe('the configuration page', () => {
  test('names every setting the configuration reads', () => {
    const page = read(DOCUMENTS.configuration);
    const missing = [...configKeys()].filter((key) => !page.includes(`\`${key}\``));
    expect(missing).toEqual([]);
  });
});

/** Appendix A's names of the roles, as the manual writes them in prose. */
const ROLE_WORDS: Record<string, string> = {
  LRB_SUPER_USER: 'LRB Super User',
  AWARDING_BODY_BATCH_USER: 'Awarding Body Batch User',
  AWARDING_BODY_USER: 'Awarding Body User',
  QCF_RECORD_SET_USER: 'QCF Record Set User',
  QCF_USER: 'QCF User',
  LRB_USER: 'LRB User',
  DEVELOPER: 'DEVELOPER',
  OPERATOR: 'OPERATOR',
};

/** The roles a table cell names, in code or in Appendix A's words. */
function rolesNamed(cell: string): string[] {
  return ROLES.filter((role) => new RegExp(`\\b${role}\\b`).test(cell) || cell.includes(ROLE_WORDS[role])).sort();
}

describe("the manual's role declarations are the operations' own", () => {
  const readme = read('docs/achievements.md') + read('docs/data-challenges.md');
  const operations = [...achievementOperations({} as AchievementService), ...dataChallengeOperations({} as DataChallengeService)];

  test.each(operations.map((operation) => [operation.name, operation]))('%s', (name, operation) => {
    const row = readme.split('\n').find((line) => line.startsWith(`| \`${name}\` |`));
    expect(row).toBeDefined();
    const who = (row as string).split(' | ')[1];
    expect(rolesNamed(who)).toEqual([...operation.roles].sort());
  });
});
