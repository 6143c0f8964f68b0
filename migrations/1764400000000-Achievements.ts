import { type MigrationInterface, type QueryRunner, Table, TableForeignKey, TableIndex, TableUnique } from 'typeorm';
import { date, datetime, id, integer, timestamps, varchar } from './helpers/columns';

/** The qualification register and the achievements on learners' PLRs, with their history. */
export class Achievements1764400000000 implements MigrationInterface {
  name = 'Achievements1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'qualifications',
        columns: [
          id(),
          { ...varchar('reference', 8), isUnique: true },
          varchar('kind', 13),
          varchar('title', 400),
          varchar('qualification_type', 120, true),
          varchar('level', 60, true),
          varchar('owner_recognition_number', 12, true),
          varchar('owner_name', 200, true),
          date('operational_start_date'),
          date('operational_end_date', true),
          date('certification_end_date', true),
          varchar('grading_type', 120, true),
          varchar('grading_scale', 200, true),
          { ...varchar('grades', 1000), default: "''" },
          integer('credit_value', true),
          varchar('status', 60, true),
          varchar('source', 12),
          timestamps(queryRunner)[1],
        ],
        indices: [new TableIndex({ name: 'IDX_qualifications_owner', columnNames: ['owner_recognition_number'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'qualification_shares',
        columns: [
          { ...integer('qualification_id'), isPrimary: true },
          { ...integer('organisation_id'), isPrimary: true },
        ],
        foreignKeys: [
          new TableForeignKey({
            name: 'FK_shares_qualification',
            columnNames: ['qualification_id'],
            referencedTableName: 'qualifications',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
          new TableForeignKey({
            name: 'FK_shares_organisation',
            columnNames: ['organisation_id'],
            referencedTableName: 'organisations',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'qualification_units',
        columns: [
          { ...integer('qualification_id'), isPrimary: true },
          { ...integer('unit_id'), isPrimary: true },
        ],
        foreignKeys: [
          new TableForeignKey({
            name: 'FK_units_qualification',
            columnNames: ['qualification_id'],
            referencedTableName: 'qualifications',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
          new TableForeignKey({
            name: 'FK_units_unit',
            columnNames: ['unit_id'],
            referencedTableName: 'qualifications',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'achievements',
        columns: [
          id(),
          varchar('uln', 10),
          varchar('submitted_uln', 10),
          varchar('aim_reference', 8),
          date('award_date'),
          integer('qualification_id'),
          integer('awarding_organisation_id'),
          varchar('grade', 30, true),
          varchar('language_for_assessment', 20, true),
          varchar('provider_ukprn', 8, true),
          varchar('status', 10),
          varchar('given_name_at_creation', 35),
          varchar('family_name_at_creation', 35),
          ...timestamps(queryRunner),
          integer('version'),
        ],
        // guide 5.1: the key of an achievement; the database refuses a second one, whatever the race.
        uniques: [new TableUnique({ name: 'UQ_achievements_key', columnNames: ['uln', 'aim_reference', 'award_date'] })],
        indices: [
          new TableIndex({ name: 'IDX_achievements_organisation', columnNames: ['awarding_organisation_id'] }),
          new TableIndex({ name: 'IDX_achievements_submitted_uln', columnNames: ['submitted_uln'] }),
        ],
        foreignKeys: [
          new TableForeignKey({
            name: 'FK_achievements_qualification',
            columnNames: ['qualification_id'],
            referencedTableName: 'qualifications',
            referencedColumnNames: ['id'],
          }),
          new TableForeignKey({
            name: 'FK_achievements_organisation',
            columnNames: ['awarding_organisation_id'],
            referencedTableName: 'organisations',
            referencedColumnNames: ['id'],
          }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'achievement_events',
        columns: [
          id(),
          integer('achievement_id'),
          varchar('action', 10),
          date('action_date'),
          varchar('action_reason', 10, true),
          varchar('changes', 1000, true),
          varchar('status_after', 10),
          integer('organisation_id'),
          integer('user_id'),
          varchar('correlation_id', 64),
          datetime('occurred_at'),
        ],
        indices: [new TableIndex({ name: 'IDX_achievement_events_achievement', columnNames: ['achievement_id'] })],
        foreignKeys: [
          new TableForeignKey({
            name: 'FK_events_achievement',
            columnNames: ['achievement_id'],
            referencedTableName: 'achievements',
            referencedColumnNames: ['id'],
          }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['achievement_events', 'achievements', 'qualification_units', 'qualification_shares', 'qualifications']) {
      await queryRunner.dropTable(table);
    }
  }
}
