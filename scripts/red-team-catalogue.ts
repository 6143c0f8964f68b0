// The red-team catalogue: every attack of test/red-team/*.test.ts, named by the id its test name
// starts with ("[RT-XML-01] a DOCTYPE ..."). docs/security.md lists it (npm run docs:sync) and
// test/red-team/catalogue.test.ts keeps the list and the tests in step.
import fs from 'node:fs';
import path from 'node:path';

export interface CatalogueEntry {
  id: string;
  description: string;
  file: string;
}

export const RED_TEAM_DIRECTORY = path.join(__dirname, '..', 'test', 'red-team');

/** A string literal (any quote) that starts with a bracketed id; the rest of it is the description. */
const ENTRY = /(['"`])\[(RT-[A-Z0-9-]+)\] ((?:\\.|(?!\1)[^\\])*)\1/g;
export const ID_FORMAT = /^RT-[A-Z]+(?:-[A-Z]+)*-\d{2}$/;

/** The entries of one test file's source, in the order they appear. */
export function entriesIn(file: string, source: string): CatalogueEntry[] {
  return [...source.matchAll(ENTRY)].map((m) => ({
    id: m[2],
    description: m[3].replace(/\\(.)/g, '$1').replace(/\s+/g, ' ').trim(),
    file,
  }));
}

/**
 * Every entry of the red-team files but the catalogue's own test (its examples are not attacks),
 * sorted by id; duplicates are kept for the test to report.
 */
export function readCatalogue(directory = RED_TEAM_DIRECTORY): CatalogueEntry[] {
  return fs
    .readdirSync(directory)
    .filter((name) => name.endsWith('.test.ts') && name !== 'catalogue.test.ts')
    .flatMap((name) => entriesIn(name, fs.readFileSync(path.join(directory, name), 'utf8')))
    .sort((a, b) => compareIds(a.id, b.id));
}

function compareIds(a: string, b: string): number {
  const [areaA, numberA] = [a.slice(0, a.lastIndexOf('-')), Number(a.slice(a.lastIndexOf('-') + 1))];
  const [areaB, numberB] = [b.slice(0, b.lastIndexOf('-')), Number(b.slice(b.lastIndexOf('-') + 1))];
  return areaA === areaB ? numberA - numberB : areaA < areaB ? -1 : 1;
}

/** The manual's list: the count, then one row per attack. */
export function catalogueTable(entries: CatalogueEntry[] = readCatalogue()): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  return [
    `The catalogue holds **${entries.length} attack${entries.length === 1 ? '' : 's'}**:`,
    '',
    '| Id | Attack, and what the gateway must do | File |',
    '|---|---|---|',
    ...entries.map((e) => `| \`${e.id}\` | ${cell(e.description)} | \`${e.file}\` |`),
  ].join('\n');
}
