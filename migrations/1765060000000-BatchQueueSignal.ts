import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One counter that every submission (and every job handed back by a stopping worker) moves on:
 * idle workers in other processes read this one row often instead of searching batch_jobs.
 * docs/decisions/0067-waking-workers.md
 */
export class BatchQueueSignal1765060000000 implements MigrationInterface {
  name = 'BatchQueueSignal1765060000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE TABLE batch_queue_signal (id INT NOT NULL PRIMARY KEY, seq BIGINT NOT NULL)');
    await queryRunner.query('INSERT INTO batch_queue_signal (id, seq) VALUES (1, 0)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE batch_queue_signal');
  }
}
