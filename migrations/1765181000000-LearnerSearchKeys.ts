import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';
import { FILE_KEYS, KEYS_PER_STATEMENT } from '../src/learners/search-key.store';
import { searchKeysOf } from '../src/learners/search-keys';
import { date, varchar } from './helpers/columns';

const PAGE = 1000;

/**
 * learner_search_keys: each learner filed under its date of birth and the sound keys of its
 * names, so finding learners by demographics reads an index range, never the whole register
 * (docs/decisions/0079-finding-learners-by-search-keys.md). The learners already on the register
 * are filed here, a page at a time in ULN order.
 */
export class LearnerSearchKeys1765181000000 implements MigrationInterface {
  name = 'LearnerSearchKeys1765181000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'learner_search_keys',
        columns: [
          { ...date('date_of_birth'), isPrimary: true },
          { ...varchar('name_key', 40), isPrimary: true },
          { ...varchar('uln', 10), isPrimary: true },
        ],
        indices: [new TableIndex({ name: 'IDX_learner_search_keys_uln', columnNames: ['uln'] })],
      }),
    );
    let after = '';
    for (;;) {
      const page = (await queryRunner.query(
        `SELECT uln, given_name, family_name, preferred_given_name, previous_family_name, date_of_birth
           FROM learners WHERE uln > ? ORDER BY uln LIMIT ${PAGE}`,
        [after],
      )) as {
        uln: string;
        given_name: string;
        family_name: string;
        preferred_given_name: string | null;
        previous_family_name: string | null;
        date_of_birth: string;
      }[];
      if (page.length === 0) break;
      // The table is new: the page's keys are filed, with none to replace.
      const rows = page.flatMap((row) =>
        searchKeysOf({
          givenName: row.given_name,
          familyName: row.family_name,
          preferredGivenName: row.preferred_given_name,
          previousFamilyName: row.previous_family_name,
        }).map((key) => [row.date_of_birth, key, row.uln]),
      );
      for (let first = 0; first < rows.length; first += KEYS_PER_STATEMENT) {
        const slice = rows.slice(first, first + KEYS_PER_STATEMENT);
        await queryRunner.query(FILE_KEYS(slice.length), slice.flat());
      }
      after = page[page.length - 1].uln;
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('learner_search_keys');
  }
}
