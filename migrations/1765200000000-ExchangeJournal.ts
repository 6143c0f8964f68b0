import { type MigrationInterface, type QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';
import { datetime, id, integer, varchar } from './helpers/columns';

/**
 * The request journal (docs/decisions/0087-the-request-journal.md): every exchange of an
 * organisation that keeps one, its bodies with the secrets taken out, and what was wrong with it.
 * Organisations keep one when an operator turns it on; the compatibility data set's do from the
 * start (the UKPRNs below are that data set's, fixed in README.md). The DEVELOPER role reads it:
 * every organisation may grant it, so existing ones are set up for it.
 */
export class ExchangeJournal1765200000000 implements MigrationInterface {
  name = 'ExchangeJournal1765200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'exchange_journal',
        columns: [
          id(),
          integer('organisation_id', true),
          datetime('occurred_at'),
          varchar('surface', 20),
          varchar('operation', 60),
          varchar('username', 35, true),
          varchar('outcome', 60),
          integer('http_status'),
          integer('duration_ms'),
          varchar('correlation_id', 64),
          { name: 'request_body', type: 'text', isNullable: true },
          { name: 'response_body', type: 'text', isNullable: true },
          { name: 'diagnostics', type: 'text', isNullable: true },
        ],
        indices: [
          new TableIndex({ name: 'IDX_exchange_journal_organisation', columnNames: ['organisation_id', 'id'] }),
          new TableIndex({ name: 'IDX_exchange_journal_correlation', columnNames: ['correlation_id'] }),
          new TableIndex({ name: 'IDX_exchange_journal_occurred', columnNames: ['occurred_at'] }),
        ],
      }),
    );
    await queryRunner.addColumn('organisations', new TableColumn(integer('journal_enabled', false, 0)));
    await queryRunner.query("UPDATE organisations SET journal_enabled = 1 WHERE ukprn IN ('10099901', '10099902', '10099903')");
    await queryRunner.query(
      "INSERT INTO organisation_roles (organisation_id, role) SELECT id, 'DEVELOPER' FROM organisations WHERE kind IN ('AO', 'LRB')",
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DELETE FROM organisation_roles WHERE role = 'DEVELOPER'");
    // A plain DROP COLUMN on both databases: TypeORM's SQLite table rebuild trips on the keys that point at organisations.
    await queryRunner.query('ALTER TABLE organisations DROP COLUMN journal_enabled');
    await queryRunner.dropTable('exchange_journal');
  }
}
