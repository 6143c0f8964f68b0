import { type MigrationInterface, type QueryRunner, Table, TableColumn } from 'typeorm';
import { datetime, integer, isSqliteRunner, varchar } from './helpers/columns';

/**
 * Parts of a batch job (docs/decisions/0071-batch-job-parts.md): runs of rows that workers claim
 * one at a time, so several workers share one job; and the number of rows in the stored file,
 * known once a worker has read to its end.
 */
export class BatchJobParts1765070000000 implements MigrationInterface {
  name = 'BatchJobParts1765070000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const sqlite = isSqliteRunner(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'batch_job_parts',
        columns: [
          { name: 'job_id', type: sqlite ? 'integer' : 'bigint', isPrimary: true },
          { ...integer('first_row'), isPrimary: true },
          integer('last_row'),
          varchar('claimed_by', 64),
          datetime('claimed_until'),
          integer('done', false, 0),
        ],
      }),
    );
    await queryRunner.addColumn('batch_jobs', new TableColumn(integer('file_rows', true)));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('batch_jobs', 'file_rows');
    await queryRunner.dropTable('batch_job_parts');
  }
}
