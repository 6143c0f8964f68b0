import type { MigrationInterface, QueryRunner } from 'typeorm';

const NEW_COLUMNS = ['status_reason varchar(500) NULL', 'status_changed_at datetime(3) NULL'];

/**
 * An organisation's state, set by an operator (guide 1.3): why it was last suspended or
 * reactivated and when. The status column itself has been there from the start.
 */
export class OrganisationStatus1765160000000 implements MigrationInterface {
  name = 'OrganisationStatus1765160000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Plain ALTER TABLE: TypeORM's addColumn rebuilds a SQLite table, and users reference this one.
    for (const definition of NEW_COLUMNS) await queryRunner.query(`ALTER TABLE organisations ADD COLUMN ${definition}`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const definition of [...NEW_COLUMNS].reverse()) {
      await queryRunner.query(`ALTER TABLE organisations DROP COLUMN ${definition.split(' ')[0]}`);
    }
  }
}
