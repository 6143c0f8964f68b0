import { type MigrationInterface, type QueryRunner, Table, TableColumn } from 'typeorm';
import { datetime, integer, isSqliteRunner, varchar } from './helpers/columns';

/**
 * Lanes of a batch job (docs/decisions/0095-batch-job-lanes.md): the rows about one learner, in
 * file order, that one worker at a time works while other workers work the other lanes; and the
 * links between learners as they stood when the job was first taken up, so every worker puts a
 * row in the same lane.
 */
export class BatchJobLanes1765300000000 implements MigrationInterface {
  name = 'BatchJobLanes1765300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const jobId = { name: 'job_id', type: isSqliteRunner(queryRunner) ? 'integer' : 'bigint', isPrimary: true };
    await queryRunner.createTable(
      new Table({
        name: 'batch_job_lanes',
        columns: [
          jobId,
          { ...integer('lane'), isPrimary: true },
          varchar('claimed_by', 64, true),
          datetime('claimed_until', true),
          integer('done', false, 0),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'batch_job_links',
        columns: [jobId, { ...varchar('uln', 10), isPrimary: true }, varchar('master_uln', 10)],
      }),
    );
    await queryRunner.addColumn('batch_jobs', new TableColumn(integer('lanes', true)));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('batch_jobs', 'lanes');
    await queryRunner.dropTable('batch_job_links');
    await queryRunner.dropTable('batch_job_lanes');
  }
}
