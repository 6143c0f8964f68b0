import type { MigrationInterface, QueryRunner } from 'typeorm';

const NEW_COLUMNS = [
  'learner_management boolean NOT NULL DEFAULT 0',
  'learner_management_reason varchar(500) NULL',
  'learner_management_changed_at datetime(3) NULL',
];

/**
 * The learner-management capability of an organisation (guide 1.4: "You will ONLY be granted
 * access to Learner Management capabilities ... where you can demonstrate there is a clear
 * business need"), granted and revoked by an operator with the business need as the reason.
 * Existing LRBs keep finding learners, the work they are registered for; awarding organisations
 * start without it (docs/decisions/0077-learner-management-capability.md).
 */
export class LearnerManagement1765180000000 implements MigrationInterface {
  name = 'LearnerManagement1765180000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Plain ALTER TABLE: TypeORM's addColumn rebuilds a SQLite table, and users reference this one.
    for (const definition of NEW_COLUMNS) await queryRunner.query(`ALTER TABLE organisations ADD COLUMN ${definition}`);
    await queryRunner.query(
      "UPDATE organisations SET learner_management = 1, learner_management_reason = 'Learner registration body: registers and finds its learners' WHERE kind = 'LRB'",
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const definition of [...NEW_COLUMNS].reverse()) {
      await queryRunner.query(`ALTER TABLE organisations DROP COLUMN ${definition.split(' ')[0]}`);
    }
  }
}
