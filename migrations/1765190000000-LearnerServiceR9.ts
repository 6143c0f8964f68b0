import { type MigrationInterface, type QueryRunner, TableIndex } from 'typeorm';

/**
 * LearnerServiceR9.svc: a learner's telephone number, which UpdateLearnerSubsetFields sets and
 * LearnerByUln returns; and an index on the audit trail's subject, by which ViewAudit lists who
 * read or changed one learner's record (docs/decisions/0081-reading-a-learners-record-and-its-audit.md).
 */
export class LearnerServiceR91765190000000 implements MigrationInterface {
  name = 'LearnerServiceR91765190000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Plain ALTER TABLE: TypeORM's addColumn rebuilds a SQLite table.
    await queryRunner.query('ALTER TABLE learners ADD COLUMN telephone_number varchar(20) NULL');
    await queryRunner.createIndex(
      'audit_entries',
      new TableIndex({ name: 'IDX_audit_entries_subject', columnNames: ['subject'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('audit_entries', 'IDX_audit_entries_subject');
    await queryRunner.query('ALTER TABLE learners DROP COLUMN telephone_number');
  }
}
