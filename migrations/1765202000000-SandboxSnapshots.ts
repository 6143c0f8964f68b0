import { type MigrationInterface, type QueryRunner, Table, TableUnique } from 'typeorm';
import { datetime, id, integer, isSqliteRunner, varchar } from './helpers/columns';

/** Named snapshots of an organisation's sandbox records (docs/decisions/0091-sandbox-reset-and-snapshots.md). */
export class SandboxSnapshots1765202000000 implements MigrationInterface {
  name = 'SandboxSnapshots1765202000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'sandbox_snapshots',
        columns: [
          id(),
          integer('organisation_id'),
          varchar('name', 60),
          datetime('created_at'),
          varchar('created_by', 35),
          integer('achievements'),
          integer('data_challenges'),
          { name: 'content', type: isSqliteRunner(queryRunner) ? 'text' : 'longtext' },
        ],
        uniques: [new TableUnique({ name: 'UQ_sandbox_snapshots_name', columnNames: ['organisation_id', 'name'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('sandbox_snapshots');
  }
}
