import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { normaliseName } from './names';
import { normalisePostcode } from './postcode';

/** Reading the operator-maintained lists of guide Appendix B and C from their files (ReferenceListStore keeps them). */
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
