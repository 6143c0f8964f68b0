import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';
import { datetime, id, integer, varchar } from './helpers/columns';

/**
 * Registering learners: `uln_sequence`, one row per ULN number drawn, whose id gives the next
 * number to issue (docs/decisions/0084-uln-allocation.md); `learner_registration_lock`, the one row
 * every registration and update locks first on MySQL/MariaDB, so they change the register one at a
 * time (docs/decisions/0085-registering-and-updating-learners.md); `recent_learner_searches`, the
 * learnerByDemographics searches of the last minutes by organisation and hashed details, for the
 * find-before-register rule (docs/decisions/0085-registering-and-updating-learners.md); and an
 * index on the learners' date of birth and gender, where a registration looks for the same details.
 */
export class LearnerRegistration1765210000000 implements MigrationInterface {
  name = 'LearnerRegistration1765210000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(new Table({ name: 'uln_sequence', columns: [id(), datetime('drawn_at')] }));
    await queryRunner.createTable(
      new Table({ name: 'learner_registration_lock', columns: [{ name: 'id', type: 'integer', isPrimary: true }] }),
    );
    await queryRunner.query('INSERT INTO learner_registration_lock (id) VALUES (1)');
    await queryRunner.createTable(
      new Table({
        name: 'recent_learner_searches',
        columns: [
          id(),
          integer('organisation_id'),
          varchar('find_type', 3),
          varchar('details_key', 64),
          varchar('outcome', 16),
          datetime('searched_at'),
        ],
        indices: [
          new TableIndex({
            name: 'IDX_recent_learner_searches_key',
            columnNames: ['organisation_id', 'details_key', 'searched_at'],
          }),
          new TableIndex({ name: 'IDX_recent_learner_searches_at', columnNames: ['searched_at'] }),
        ],
      }),
    );
    await queryRunner.createIndex(
      'learners',
      new TableIndex({ name: 'IDX_learners_birth_gender', columnNames: ['date_of_birth', 'gender'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('learners', 'IDX_learners_birth_gender');
    await queryRunner.dropTable('recent_learner_searches');
    await queryRunner.dropTable('learner_registration_lock');
    await queryRunner.dropTable('uln_sequence');
  }
}
