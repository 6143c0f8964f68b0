import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';
import { datetime, id, integer, isSqliteRunner, varchar } from './helpers/columns';

/**
 * Batch jobs (docs/decisions/0036-batches-stored-whole-and-worked-in-chunks.md): the upload stored whole in chunks, the job row with its cursor, and
 * one result row per input row, committed together with the row's effects.
 */
export class Batches1764800000000 implements MigrationInterface {
  name = 'Batches1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const sqlite = isSqliteRunner(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'batch_jobs',
        columns: [
          id('id', sqlite ? 'integer' : 'bigint'),
          integer('organisation_id'),
          integer('user_id'),
          varchar('username', 35),
          varchar('type', 20),
          varchar('format', 5),
          varchar('file_name', 255),
          // Where it came from: the AO gateway, the admin upload, or an LRS-compatible service.
          varchar('origin', 20),
          varchar('content_sha256', 64),
          integer('content_bytes'),
          { name: 'duplicate_of_job_id', type: sqlite ? 'integer' : 'bigint', isNullable: true },
          varchar('status', 12),
          { ...integer('cancel_requested', false, 0) },
          integer('row_count', true),
          integer('next_row', false, 0),
          integer('rows_succeeded', false, 0),
          integer('rows_failed', false, 0),
          varchar('counters', 1000, true),
          varchar('claimed_by', 64, true),
          datetime('claimed_until', true),
          integer('attempts', false, 0),
          varchar('failure_reason', 500, true),
          varchar('details', 1000, true),
          datetime('submitted_at'),
          datetime('started_at', true),
          datetime('finished_at', true),
        ],
        indices: [
          new TableIndex({ name: 'IDX_batch_jobs_status', columnNames: ['status', 'id'] }),
          new TableIndex({ name: 'IDX_batch_jobs_organisation', columnNames: ['organisation_id', 'type', 'content_sha256'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'batch_job_chunks',
        columns: [
          { name: 'job_id', type: sqlite ? 'integer' : 'bigint', isPrimary: true },
          { ...integer('seq'), isPrimary: true },
          { name: 'data', type: sqlite ? 'blob' : 'mediumblob' },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'batch_job_results',
        columns: [
          { name: 'job_id', type: sqlite ? 'integer' : 'bigint', isPrimary: true },
          { ...integer('row_no'), isPrimary: true },
          varchar('outcome', 60),
          // The output record for this row, as JSON: the input fields plus the result.
          { name: 'output', type: 'text' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['batch_job_results', 'batch_job_chunks', 'batch_jobs']) await queryRunner.dropTable(table);
  }
}
