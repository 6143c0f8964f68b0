import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';
import { datetime, id, integer, timestamps, varchar } from './helpers/columns';

/** The transactional outbox: mail written with the change that causes it, delivered afterwards. */
export class Outbox1764500000000 implements MigrationInterface {
  name = 'Outbox1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'outbox_messages',
        columns: [
          id(),
          // One message per event: a second enqueue for the same key is refused by the database.
          { ...varchar('dedupe_key', 120), isUnique: true },
          varchar('kind', 40),
          varchar('recipient', 254),
          varchar('subject', 200),
          { name: 'body_text', type: 'text' },
          { name: 'attachments', type: 'text', isNullable: true },
          varchar('status', 10),
          integer('attempts', false, 0),
          datetime('next_attempt_at'),
          varchar('claimed_by', 64, true),
          datetime('claimed_until', true),
          varchar('last_error', 500, true),
          datetime('sent_at', true),
          timestamps(queryRunner)[0],
        ],
        indices: [new TableIndex({ name: 'IDX_outbox_due', columnNames: ['status', 'next_attempt_at'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('outbox_messages');
  }
}
