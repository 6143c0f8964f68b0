import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';
import { datetime, id, integer, varchar } from './helpers/columns';

/**
 * Faults a developer scripts for their organisation's next SOAP calls
 * (docs/decisions/0090-fault-injection.md): kept in the database so that every gateway process
 * applies them, and their count is spent exactly once across processes.
 */
export class FaultInjections1765201000000 implements MigrationInterface {
  name = 'FaultInjections1765201000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'fault_injections',
        columns: [
          id(),
          integer('organisation_id'),
          varchar('action', 10),
          varchar('operation', 60, true),
          integer('delay_ms', true),
          varchar('error_code', 60, true),
          integer('remaining'),
          datetime('expires_at'),
          varchar('created_by', 35),
          datetime('created_at'),
        ],
        indices: [new TableIndex({ name: 'IDX_fault_injections_organisation', columnNames: ['organisation_id', 'expires_at'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('fault_injections');
  }
}
