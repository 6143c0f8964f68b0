import { type MigrationInterface, type QueryRunner, TableColumn, TableIndex } from 'typeorm';
import { varchar } from './helpers/columns';

/**
 * An achievement batch file's claim on its content, held while its job is waiting, running or
 * done (and given up when it fails or is cancelled): one unique key per organisation, so of
 * concurrent uploads of the same file exactly one becomes a job, on any database and across
 * processes (docs/decisions/0044-atomic-duplicate-batch-check.md).
 */
export class BatchContentClaims1765130000000 implements MigrationInterface {
  name = 'BatchContentClaims1765130000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('batch_jobs', new TableColumn(varchar('content_claim', 64, true)));
    // The earliest live job of each file holds the claim; later copies accepted before it existed keep none.
    await queryRunner.query(
      `UPDATE batch_jobs SET content_claim = content_sha256 WHERE id IN (
         SELECT id FROM (
           SELECT MIN(id) AS id FROM batch_jobs
            WHERE type = 'ACHIEVEMENT' AND status NOT IN ('RECEIVING', 'CANCELLED', 'FAILED')
            GROUP BY organisation_id, content_sha256
         ) AS earliest
       )`,
    );
    await queryRunner.createIndex(
      'batch_jobs',
      new TableIndex({ name: 'UQ_batch_jobs_content_claim', columnNames: ['organisation_id', 'content_claim'], isUnique: true }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('batch_jobs', 'UQ_batch_jobs_content_claim');
    await queryRunner.dropColumn('batch_jobs', 'content_claim');
  }
}
