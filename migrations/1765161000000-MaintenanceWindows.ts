import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';
import { datetime, id, varchar } from './helpers/columns';

/**
 * Maintenance windows (out of service hours, WSEC0004), scheduled or switched on by an operator:
 * kept in the database so that every gateway and worker process sees them
 * (docs/decisions/0060-maintenance-windows.md).
 */
export class MaintenanceWindows1765161000000 implements MigrationInterface {
  name = 'MaintenanceWindows1765161000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'maintenance_windows',
        columns: [
          id(),
          datetime('starts_at'),
          datetime('ends_at', true),
          varchar('reason', 500),
          varchar('scheduled_by', 35),
          datetime('scheduled_at'),
        ],
        indices: [new TableIndex({ name: 'IDX_maintenance_windows_ends', columnNames: ['ends_at'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('maintenance_windows');
  }
}
