import fs from 'node:fs';
import path from 'node:path';
import { DOCUMENTS } from '../../scripts/docs-tables';
import { catalogueTable, entriesIn, ID_FORMAT, readCatalogue } from '../../scripts/red-team-catalogue';

/**
 * The red-team catalogue: every attack is one test whose name starts with its id. The manual's
 * "Hostile input" page (docs/security.md) lists them all (npm run docs:sync). Attacks are added, never dropped:
 * the count may not fall below the size the catalogue has reached (raise FLOOR as it grows).
 */
const FLOOR = 180;

const hostileInputPage = () => fs.readFileSync(path.join(__dirname, '..', '..', DOCUMENTS.hostileInput), 'utf8');

describe('the red-team catalogue', () => {
  const entries = readCatalogue();

  test('every id has the form RT-<AREA>-<NN> and names one attack only', () => {
    const malformed = entries.filter((e) => !ID_FORMAT.test(e.id)).map((e) => `${e.file}: ${e.id}`);
    const seen = new Map<string, string>();
    const duplicated: string[] = [];
    for (const e of entries) {
      const first = seen.get(e.id);
      if (first !== undefined) duplicated.push(`${e.id} in ${first} and ${e.file}`);
      seen.set(e.id, e.file);
    }
    expect({ malformed, duplicated }).toEqual({ malformed: [], duplicated: [] });
  });

  test('every attack says what it is', () => {
    expect(entries.filter((e) => e.description.length < 10).map((e) => e.id)).toEqual([]);
  });

  test(`holds at least the ${FLOOR} attacks it has reached`, () => {
    expect(entries.length).toBeGreaterThanOrEqual(FLOOR);
  });

  test('the manual\'s "Hostile input" page lists exactly these attacks with their count (npm run docs:sync)', () => {
    expect(hostileInputPage()).toContain(catalogueTable(entries));
  });
});

describe('reading the catalogue from a test file', () => {
  test('finds ids in any quotes, unescapes the description and ignores ids elsewhere', () => {
    const source = [
      "it('[RT-XML-01] a DOCTYPE is refused (MESSAGE_FORBIDDEN_CONSTRUCT)', ...)",
      'test("[RT-ADMIN-02] the caller\'s \\"own\\" organisation", ...)',
      '{ what: `[RT-CONC-10] 20   concurrent creates\n   leave one record` }',
      '// [RT-XML-99] in a comment, not a test name',
      "expect(code).toBe('RT-XML-03')",
    ].join('\n');
    expect(entriesIn('x.test.ts', source)).toEqual([
      { id: 'RT-XML-01', description: 'a DOCTYPE is refused (MESSAGE_FORBIDDEN_CONSTRUCT)', file: 'x.test.ts' },
      { id: 'RT-ADMIN-02', description: 'the caller\'s "own" organisation', file: 'x.test.ts' },
      { id: 'RT-CONC-10', description: '20 concurrent creates leave one record', file: 'x.test.ts' },
    ]);
  });

  test('the catalogue table escapes the cell separator', () => {
    expect(catalogueTable([{ id: 'RT-BATCH-CSV-01', description: "=cmd|' /C calc'!A0 is neutralised", file: 'f.test.ts' }])).toBe(
      [
        'The catalogue holds **1 attack**:',
        '',
        '| Id | Attack, and what the gateway must do | File |',
        '|---|---|---|',
        "| `RT-BATCH-CSV-01` | =cmd\\|' /C calc'!A0 is neutralised | `f.test.ts` |",
      ].join('\n'),
    );
  });
});
