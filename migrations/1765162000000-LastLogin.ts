import { type MigrationInterface, type QueryRunner, TableIndex } from 'typeorm';

/**
 * users.last_login_at (there from the foundation, now written on each successful login) is read
 * by organisation: super users find the accounts nobody uses (guide 3.3), and communications go
 * to the most recently active super user (guide 3.1).
 */
export class LastLogin1765162000000 implements MigrationInterface {
  name = 'LastLogin1765162000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex(
      'users',
      new TableIndex({ name: 'IDX_users_organisation_last_login', columnNames: ['organisation_id', 'last_login_at'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('users', 'IDX_users_organisation_last_login');
  }
}
