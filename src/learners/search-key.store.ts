import type { Database } from '../platform/database';
import { searchKeysOf, type SearchableNames } from './search-keys';

const LEARNERS_PER_STATEMENT = 200;
/** The most keys filed by one statement. */
export const KEYS_PER_STATEMENT = 500;

/** The keys of these learners, dropped before they are filed again (the index on uln). */
export const FORGET_KEYS = (ulnCount: number) =>
  `DELETE FROM learner_search_keys WHERE uln IN (${Array(ulnCount).fill('?').join(', ')})`;

/** Files learners under keys: `rowCount` rows of (date_of_birth, name_key, uln). */
export const FILE_KEYS = (rowCount: number) =>
  `INSERT INTO learner_search_keys (date_of_birth, name_key, uln) VALUES ${Array(rowCount).fill('(?, ?, ?)').join(', ')}`;

/** The statement of ulnsFiledUnder (the index test explains it). */
export const FILED_UNDER = (keyCount: number, limit: number) =>
  `SELECT DISTINCT uln FROM learner_search_keys WHERE date_of_birth = ? AND name_key IN (${Array(keyCount).fill('?').join(', ')}) LIMIT ${Math.floor(limit)}`;

/** The learners filed under their search keys (docs/decisions/0079-finding-learners-by-search-keys.md). */
export class SearchKeyStore {
  constructor(private readonly db: Database) {}

  /**
   * Files these records under their search keys (learner_search_keys), replacing whatever they were
   * filed under before: every write of the register calls it in the same transaction, so the keys
   * never lag the records.
   */
  async file(records: readonly (SearchableNames & { uln: string; dateOfBirth: string })[]): Promise<void> {
    for (let start = 0; start < records.length; start += LEARNERS_PER_STATEMENT) {
      const chunk = records.slice(start, start + LEARNERS_PER_STATEMENT);
      await this.db.run(
        FORGET_KEYS(chunk.length),
        chunk.map((r) => r.uln),
      );
      const rows = chunk.flatMap((record) => searchKeysOf(record).map((key) => [record.dateOfBirth, key, record.uln]));
      for (let first = 0; first < rows.length; first += KEYS_PER_STATEMENT) {
        const slice = rows.slice(first, first + KEYS_PER_STATEMENT);
        await this.db.run(FILE_KEYS(slice.length), slice.flat());
      }
    }
  }

  /**
   * The ULNs filed under this date of birth and any of these keys, at most `limit`: an index
   * range per key (the primary key leads with date_of_birth, name_key), never a scan.
   */
  async ulnsFiledUnder(dateOfBirth: string, keys: readonly string[], limit: number): Promise<string[]> {
    if (keys.length === 0) return [];
    const rows = await this.db.query<{ uln: string }[]>(FILED_UNDER(keys.length, limit), [dateOfBirth, ...keys]);
    return rows.map((row) => row.uln);
  }
}
