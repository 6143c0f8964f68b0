import type { Database } from '../platform/database';

const ROWS_PER_STATEMENT = 500;

/** The operator-maintained lists of guide Appendix B and C: given-name synonyms, prohibited postcodes and text. */
export class ReferenceListStore {
  constructor(private readonly db: Database) {}

  /** Every (formal name, nickname) pair. */
  async synonymPairs(): Promise<[string, string][]> {
    const rows = await this.db.query<{ name: string; nickname: string }[]>('SELECT name, nickname FROM given_name_synonyms');
    return rows.map((r) => [r.name, r.nickname]);
  }

  async prohibitedPostcodes(): Promise<string[]> {
    const rows = await this.db.query<{ postcode: string }[]>('SELECT postcode FROM prohibited_postcodes');
    return rows.map((r) => r.postcode);
  }

  async prohibitedText(): Promise<string[]> {
    const rows = await this.db.query<{ phrase: string }[]>('SELECT phrase FROM prohibited_text');
    return rows.map((r) => r.phrase);
  }

  /** Replaces the synonyms (call it in a transaction, so no reader sees the list empty). */
  async replaceSynonyms(pairs: [string, string][]): Promise<void> {
    await this.db.run('DELETE FROM given_name_synonyms');
    await this.insertRows('given_name_synonyms', ['name', 'nickname'], dedupe(pairs));
  }

  /** Replaces the prohibited postcodes (call it in a transaction). */
  async replaceProhibitedPostcodes(postcodes: string[]): Promise<void> {
    await this.replaceList('prohibited_postcodes', 'postcode', postcodes);
  }

  /** Replaces the prohibited words and phrases (call it in a transaction). */
  async replaceProhibitedText(phrases: string[]): Promise<void> {
    await this.replaceList('prohibited_text', 'phrase', phrases);
  }

  private async replaceList(table: string, column: string, values: string[]): Promise<void> {
    await this.db.run(`DELETE FROM ${table}`);
    await this.insertRows(
      table,
      [column],
      values.map((value) => [value]),
    );
  }

  private async insertRows(table: string, columns: string[], rows: string[][]): Promise<void> {
    for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
      const chunk = rows.slice(start, start + ROWS_PER_STATEMENT);
      const placeholders = chunk.map(() => `(${columns.map(() => '?').join(', ')})`).join(', ');
      await this.db.run(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${placeholders}`, chunk.flat());
    }
  }
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
