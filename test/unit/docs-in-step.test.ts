import fs from 'node:fs';
import path from 'node:path';
import { configKeys } from '../../scripts/check-docker';
import { contentsLine, errorCodeEnumeration, errorCodeTable, scenarioTable } from '../../scripts/docs-tables';

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
