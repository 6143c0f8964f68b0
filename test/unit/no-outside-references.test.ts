import fs from 'node:fs';
import path from 'node:path';
import { documentsNamed, filesUnder, outsideReferences } from '../../scripts/doc-links';

const root = path.join(__dirname, '..', '..');

/** The code, its tests and its tooling: what a reader of the code follows references from. */
const code = [
  ...['src', 'scripts', 'bench', 'soak', 'docker', 'migrations', 'test', '.ci'].flatMap((dir) => filesUnder(root, dir)),
  'jest.config.js',
  'package.json',
];
/** The finder, its tests and this test, which name what they look for (and documents made up for the test). */
const naming = new Set(['scripts/doc-links.ts', 'test/unit/docs-links.test.ts', 'test/unit/no-outside-references.test.ts']);

describe('the code cites only what the repository holds', () => {
  test.each(code)('%s cites no document outside the repository', (file) => {
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    const found = naming.has(file) ? [] : outsideReferences(text);
    expect(found).toEqual([]);
  });

  test('every document of the repository a comment names exists', () => {
    const missing = code
      .filter((file) => !naming.has(file))
      .flatMap((file) =>
        documentsNamed(fs.readFileSync(path.join(root, file), 'utf8'))
          .filter((doc) => !fs.existsSync(path.join(root, doc)))
          .map((doc) => `${file}: ${doc}`),
      );
    expect(missing).toEqual([]);
  });

  test.each([
    ['a design section', '// Works one job (DESIGN 6)', 'DESIGN 6'],
    ['a style guide', '/* (STYLE: one place) */', 'STYLE'],
    ['an issue', '// the soak of issue 7', 'issue 7'],
    ['the briefs folder', '// see ../shared/DESIGN.md', '../shared'],
    ['research notes', '// (lrs-interfaces 1.2)', 'lrs-interfaces'],
  ])('finds %s', (_what, text, finding) => {
    expect(outsideReferences(text)).toContain(finding);
  });

  test('leaves the guide, the manual and decision records alone', () => {
    expect(
      outsideReferences('// guide 5.2.4; docs/decisions/0036-batches-stored-whole-and-worked-in-chunks.md; Design of'),
    ).toEqual([]);
  });
});
