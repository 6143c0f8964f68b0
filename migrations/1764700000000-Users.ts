import { type MigrationInterface, type QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';
import { datetime, id, integer, varchar } from './helpers/columns';

const NEW_COLUMNS = [
  'agreement_version varchar(20) NULL',
  'secret_question_set_at datetime(3) NULL',
  'suspended_manually boolean NOT NULL DEFAULT 0',
  'deleted_at datetime(3) NULL',
];

/** The first version of the user agreement (src/users/user-agreement.ts), accepted by every user who had accepted one. */
const FIRST_AGREEMENT_VERSION = '2026-01';

/**
 * User management (guide section 3): which version of the user agreement each user accepted
 * and every acceptance, when the secret question was set, manual suspension (which only a
 * super user lifts) and deletion time; an index for the super user's "Find User".
 */
export class Users1764700000000 implements MigrationInterface {
  name = 'Users1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Plain ALTER TABLE on both databases: TypeORM's addColumn rebuilds a SQLite table, and rebuilding
    // users (referenced by user_roles ON DELETE CASCADE) on a populated database would risk its rows.
    for (const definition of NEW_COLUMNS) await queryRunner.query(`ALTER TABLE users ADD COLUMN ${definition}`);
    await queryRunner.query('UPDATE users SET agreement_version = ? WHERE agreement_accepted_at IS NOT NULL', [
      FIRST_AGREEMENT_VERSION,
    ]);
    await queryRunner.query('UPDATE users SET secret_question_set_at = updated_at WHERE secret_answer_hash IS NOT NULL');
    await queryRunner.createIndex(
      'users',
      new TableIndex({ name: 'IDX_users_organisation_names', columnNames: ['organisation_id', 'family_name', 'given_name'] }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'agreement_acceptances',
        columns: [
          id(),
          integer('user_id'),
          varchar('agreement_version', 20),
          datetime('accepted_at'),
          varchar('correlation_id', 64),
        ],
        indices: [new TableIndex({ name: 'IDX_agreement_acceptances_user', columnNames: ['user_id', 'accepted_at'] })],
        foreignKeys: [
          new TableForeignKey({
            name: 'FK_agreement_acceptances_user',
            columnNames: ['user_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
          }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('agreement_acceptances');
    await queryRunner.dropIndex('users', 'IDX_users_organisation_names');
    for (const definition of [...NEW_COLUMNS].reverse()) {
      await queryRunner.query(`ALTER TABLE users DROP COLUMN ${definition.split(' ')[0]}`);
    }
  }
}
