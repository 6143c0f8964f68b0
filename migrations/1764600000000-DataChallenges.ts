import { type MigrationInterface, type QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';
import { datetime, id, integer, varchar } from './helpers/columns';

/**
 * Event data challenges (guide section 6): the challenges with their comment history, the AO's
 * nominated EDC resolver address, and the link from an achievement's event to the challenge it
 * answers.
 */
export class DataChallenges1764600000000 implements MigrationInterface {
  name = 'DataChallenges1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // A plain ADD COLUMN on both databases: SQLite needs no table rebuild for a nullable column.
    await queryRunner.query('ALTER TABLE organisations ADD COLUMN edc_resolver_email varchar(254) NULL');
    await queryRunner.createTable(
      new Table({
        name: 'data_challenges',
        columns: [
          id(),
          integer('achievement_id'),
          // The achievement while the challenge is open, NULL once resolved: its unique index
          // lets the database keep one open challenge per achievement, whatever the race.
          { ...integer('open_achievement_id', true), isUnique: true },
          varchar('type', 30),
          varchar('problem_type', 30),
          varchar('description', 2000),
          varchar('status', 20),
          integer('raised_by_organisation_id'),
          integer('raised_by_user_id'),
          varchar('raised_by_username', 35),
          integer('assigned_organisation_id'),
          datetime('raised_at'),
          datetime('updated_at'),
          datetime('resolved_at', true),
          integer('version'),
        ],
        indices: [
          new TableIndex({ name: 'IDX_data_challenges_assigned', columnNames: ['assigned_organisation_id', 'status'] }),
          new TableIndex({ name: 'IDX_data_challenges_raised_by', columnNames: ['raised_by_organisation_id', 'status'] }),
          new TableIndex({ name: 'IDX_data_challenges_achievement', columnNames: ['achievement_id'] }),
        ],
        foreignKeys: [
          new TableForeignKey({
            name: 'FK_data_challenges_achievement',
            columnNames: ['achievement_id'],
            referencedTableName: 'achievements',
            referencedColumnNames: ['id'],
          }),
          new TableForeignKey({
            name: 'FK_data_challenges_raised_by',
            columnNames: ['raised_by_organisation_id'],
            referencedTableName: 'organisations',
            referencedColumnNames: ['id'],
          }),
          new TableForeignKey({
            name: 'FK_data_challenges_assigned',
            columnNames: ['assigned_organisation_id'],
            referencedTableName: 'organisations',
            referencedColumnNames: ['id'],
          }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'data_challenge_comments',
        columns: [
          id(),
          integer('data_challenge_id'),
          // Empty when a status was set without a comment (the tick boxes of guide 6.3).
          varchar('text', 2000),
          varchar('status_set', 20),
          integer('organisation_id'),
          integer('user_id'),
          varchar('username', 35),
          datetime('occurred_at'),
        ],
        indices: [new TableIndex({ name: 'IDX_challenge_comments_challenge', columnNames: ['data_challenge_id'] })],
        foreignKeys: [
          new TableForeignKey({
            name: 'FK_challenge_comments_challenge',
            columnNames: ['data_challenge_id'],
            referencedTableName: 'data_challenges',
            referencedColumnNames: ['id'],
          }),
        ],
      }),
    );
    await queryRunner.query('ALTER TABLE achievement_events ADD COLUMN data_challenge_id integer NULL');
    await queryRunner.createIndex(
      'achievement_events',
      new TableIndex({ name: 'IDX_achievement_events_challenge', columnNames: ['data_challenge_id'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('achievement_events', 'IDX_achievement_events_challenge');
    // Plain DROP COLUMN on both databases (SQLite 3.35+): no rebuild of a table others refer to.
    await queryRunner.query('ALTER TABLE achievement_events DROP COLUMN data_challenge_id');
    await queryRunner.dropTable('data_challenge_comments');
    await queryRunner.dropTable('data_challenges');
    await queryRunner.query('ALTER TABLE organisations DROP COLUMN edc_resolver_email');
  }
}
