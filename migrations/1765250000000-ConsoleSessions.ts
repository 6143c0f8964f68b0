import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';
import { datetime, id, integer, varchar } from './helpers/columns';

/**
 * The compatibility console's sessions (docs/decisions/0089-console-sessions-and-forms.md): in the
 * database, so that every gateway process behind a load balancer knows them. The token itself is
 * never stored, only its SHA-256.
 */
export class ConsoleSessions1765250000000 implements MigrationInterface {
  name = 'ConsoleSessions1765250000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'console_sessions',
        columns: [
          id(),
          { ...varchar('token_hash', 64), isUnique: true },
          integer('user_id'),
          varchar('username', 35),
          datetime('created_at'),
          datetime('last_seen_at'),
        ],
        indices: [new TableIndex({ name: 'IDX_console_sessions_user', columnNames: ['user_id'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('console_sessions');
  }
}
