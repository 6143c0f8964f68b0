import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { EntityManager } from 'typeorm';
import { normaliseName } from './names';
import { normalisePostcode } from './postcode';

/** Reading and replacing the operator-maintained lists of guide Appendix B and C. */
function readCsv(file: string): Record<string, string>[] {
  return parse(fs.readFileSync(file), { columns: true, skip_empty_lines: true, trim: true, bom: true });
}

/** `name1,relationship,name2` rows (given-name-synonyms.csv): formal name and nickname pairs. */
export function readSynonymPairs(file: string): [string, string][] {
  return readCsv(file)
    .filter((row) => row.relationship === 'has_nickname')
    .map((row) => [normaliseName(row.name1), normaliseName(row.name2)] as [string, string])
    .filter(([a, b]) => a !== '' && b !== '' && a.length <= 35 && b.length <= 35);
}

/** The `postcode` column, normalised; rows that are not postcodes are returned as rejected. */
export function readPostcodes(file: string): { postcodes: string[]; rejected: string[] } {
  const postcodes = new Set<string>();
  const rejected: string[] = [];
  for (const row of readCsv(file)) {
    const normal = normalisePostcode(row.postcode ?? '');
    if (normal) postcodes.add(normal);
    else rejected.push(row.postcode ?? '');
  }
  return { postcodes: [...postcodes], rejected };
}

export function readPhrases(file: string): string[] {
  return [
    ...new Set(
      readCsv(file)
        .map((row) => (row.phrase ?? '').trim().replace(/\s+/g, ' '))
        .filter((p) => p !== ''),
    ),
  ];
}

export async function replaceSynonyms(manager: EntityManager, pairs: [string, string][]): Promise<void> {
  await manager.query('DELETE FROM given_name_synonyms');
  await insertRows(manager, 'given_name_synonyms', ['name', 'nickname'], dedupe(pairs));
}

export async function replaceProhibitedPostcodes(manager: EntityManager, postcodes: string[]): Promise<void> {
  await manager.query('DELETE FROM prohibited_postcodes');
  await insertRows(
    manager,
    'prohibited_postcodes',
    ['postcode'],
    postcodes.map((p) => [p]),
  );
}

export async function replaceProhibitedText(manager: EntityManager, phrases: string[]): Promise<void> {
  await manager.query('DELETE FROM prohibited_text');
  await insertRows(
    manager,
    'prohibited_text',
    ['phrase'],
    phrases.map((p) => [p]),
  );
}

function dedupe(pairs: [string, string][]): [string, string][] {
  const seen = new Set<string>();
  return pairs.filter(([a, b]) => {
    const key = `${a}\u0000${b}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

async function insertRows(manager: EntityManager, table: string, columns: string[], rows: string[][]): Promise<void> {
  for (let start = 0; start < rows.length; start += 500) {
    const chunk = rows.slice(start, start + 500);
    const placeholders = chunk.map(() => `(${columns.map(() => '?').join(', ')})`).join(', ');
    await manager.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${placeholders}`, chunk.flat());
  }
}
