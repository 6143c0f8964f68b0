import fs from 'node:fs';
import path from 'node:path';
import { configKeys } from '../../scripts/check-docker';
import { DOCUMENTS, GENERATED_PARTS } from '../../scripts/docs-tables';

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
