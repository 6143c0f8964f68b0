import type { EntityManager } from 'typeorm';
import type { Database } from '../platform/database';
import { searchKeysOf, type SearchableNames } from './search-keys';

/** A transaction, a migration's query runner or the database: anything that runs SQL. */
type Runner = Pick<EntityManager, 'query'> | Database;

const LEARNERS_PER_STATEMENT = 200;
const KEYS_PER_STATEMENT = 500;

/**
 * Files these records under their search keys (learner_search_keys), replacing whatever they were
 * filed under before: every write of the register calls it in the same transaction, so the keys
 * never lag the records (docs/decisions/0079-finding-learners-by-search-keys.md).
 */
export async function replaceSearchKeys(
  runner: Runner,
  records: readonly (SearchableNames & { uln: string; dateOfBirth: string })[],
): Promise<void> {
  for (let start = 0; start < records.length; start += LEARNERS_PER_STATEMENT) {
    const chunk = records.slice(start, start + LEARNERS_PER_STATEMENT);
    await runner.query(
      FORGET_KEYS(chunk.length),
      chunk.map((r) => r.uln),
    );
    const rows = chunk.flatMap((record) => searchKeysOf(record).map((key) => [record.dateOfBirth, key, record.uln]));
    for (let first = 0; first < rows.length; first += KEYS_PER_STATEMENT) {
      const slice = rows.slice(first, first + KEYS_PER_STATEMENT);
      await runner.query(
        `INSERT INTO learner_search_keys (date_of_birth, name_key, uln) VALUES ${slice.map(() => '(?, ?, ?)').join(', ')}`,
        slice.flat(),
      );
    }
  }
}

/**
 * The ULNs filed under this date of birth and any of these keys, at most `limit`: an index
 * range per key (the primary key leads with date_of_birth, name_key), never a scan.
 */
export async function ulnsFiledUnder(
  db: Database,
  dateOfBirth: string,
  keys: readonly string[],
  limit: number,
): Promise<string[]> {
  if (keys.length === 0) return [];
  const rows = await db.query<{ uln: string }[]>(FILED_UNDER(keys.length, limit), [dateOfBirth, ...keys]);
  return rows.map((row) => row.uln);
}

/** The keys of these learners, dropped before they are filed again (the index on uln). */
export const FORGET_KEYS = (ulnCount: number) =>
  `DELETE FROM learner_search_keys WHERE uln IN (${Array(ulnCount).fill('?').join(', ')})`;

/** The statement of ulnsFiledUnder (the index test explains it). */
export const FILED_UNDER = (keyCount: number, limit: number) =>
  `SELECT DISTINCT uln FROM learner_search_keys WHERE date_of_birth = ? AND name_key IN (${Array(keyCount).fill('?').join(', ')}) LIMIT ${Math.floor(limit)}`;
