import { type MigrationInterface, type QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';
import { date, datetime, id, integer, isSqliteRunner, timestamps, varchar } from './helpers/columns';

/** The foundation: organisations, users, the Learner Register, its reference lists, audit, nonces. */
export class Foundation1764300000000 implements MigrationInterface {
  name = 'Foundation1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const sqlite = isSqliteRunner(queryRunner);
    const stamps = timestamps(queryRunner);

    await queryRunner.createTable(
      new Table({
        name: 'organisations',
        columns: [
          id(),
          { ...varchar('ukprn', 8), isUnique: true },
          { ...varchar('organisation_ref', 6, true), isUnique: true },
          varchar('name', 200),
          varchar('kind', 10),
          { ...varchar('status', 10), default: "'ACTIVE'" },
          { ...varchar('recognition_number', 12, true), isUnique: true },
          varchar('ws_password_hash', 255, true),
          ...stamps,
          integer('version'),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'users',
        columns: [
          id(),
          integer('organisation_id'),
          { ...varchar('username', 35), isUnique: true },
          varchar('title', 35, true),
          varchar('given_name', 35),
          varchar('family_name', 35),
          varchar('email', 254),
          varchar('phone_landline', 30, true),
          varchar('phone_mobile', 30, true),
          varchar('staff_reference', 50, true),
          varchar('verification_provided', 255, true),
          { ...varchar('status', 10), default: "'ACTIVE'" },
          varchar('password_hash', 255),
          varchar('password_sealed', 512, true),
          datetime('password_changed_at'),
          { name: 'password_is_one_time', type: 'boolean', default: false },
          integer('failed_attempts', false, 0),
          varchar('secret_question', 200, true),
          varchar('secret_answer_hash', 255, true),
          datetime('agreement_accepted_at', true),
          datetime('last_login_at', true),
          ...stamps,
          integer('version'),
        ],
        indices: [new TableIndex({ name: 'IDX_users_organisation', columnNames: ['organisation_id'] })],
        foreignKeys: [
          new TableForeignKey({
            name: 'FK_users_organisation',
            columnNames: ['organisation_id'],
            referencedTableName: 'organisations',
            referencedColumnNames: ['id'],
          }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'user_roles',
        columns: [
          { ...integer('user_id'), isPrimary: true },
          { ...varchar('role', 30), isPrimary: true },
        ],
        foreignKeys: [
          new TableForeignKey({
            name: 'FK_user_roles_user',
            columnNames: ['user_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'learners',
        columns: [
          id(),
          { name: 'uln', type: 'varchar', length: '10', isUnique: true },
          { name: 'master_uln', type: 'varchar', length: '10', isNullable: true },
          varchar('title', 35, true),
          varchar('given_name', 35),
          varchar('middle_other_name', 35, true),
          varchar('family_name', 35),
          varchar('preferred_given_name', 35, true),
          varchar('previous_family_name', 35, true),
          varchar('family_name_at_age16', 35, true),
          varchar('school_at_age16', 254, true),
          varchar('address_line1', 50, true),
          varchar('address_line2', 50, true),
          varchar('address_town', 50, true),
          varchar('address_county_or_city', 50, true),
          varchar('postcode', 9),
          date('date_of_address_capture', true),
          date('date_of_birth'),
          varchar('place_of_birth', 35, true),
          integer('gender'),
          varchar('email_address', 254, true),
          varchar('nationality', 3, true),
          varchar('scottish_candidate_number', 9, true),
          integer('verification_type', true),
          varchar('other_verification_description', 255, true),
          integer('tier_level', true),
          integer('ability_to_share', false, 1),
          integer('learner_status', false, 1),
          { name: 'notes', type: 'text', isNullable: true },
          integer('version_number', false, 1),
          date('created_date'),
          date('last_updated_date'),
          ...stamps,
        ],
        indices: [new TableIndex({ name: 'IDX_learners_master_uln', columnNames: ['master_uln'] })],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'given_name_synonyms',
        columns: [
          { ...varchar('name', 35), isPrimary: true },
          { ...varchar('nickname', 35), isPrimary: true },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({ name: 'prohibited_postcodes', columns: [{ ...varchar('postcode', 9), isPrimary: true }] }),
    );
    await queryRunner.createTable(
      new Table({ name: 'prohibited_text', columns: [{ ...varchar('phrase', 100), isPrimary: true }] }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'audit_entries',
        columns: [
          id('id', sqlite ? 'integer' : 'bigint'),
          datetime('occurred_at'),
          varchar('correlation_id', 64),
          varchar('surface', 20),
          varchar('operation', 60),
          varchar('outcome', 60),
          integer('organisation_id', true),
          integer('user_id', true),
          varchar('username', 35, true),
          varchar('subject', 100, true),
        ],
        indices: [
          new TableIndex({ name: 'IDX_audit_occurred_at', columnNames: ['occurred_at'] }),
          new TableIndex({ name: 'IDX_audit_user', columnNames: ['user_id'] }),
          new TableIndex({ name: 'IDX_audit_organisation', columnNames: ['organisation_id', 'occurred_at'] }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'wsse_nonces',
        columns: [{ name: 'nonce_hash', type: 'varchar', length: '64', isPrimary: true }, datetime('seen_at')],
        indices: [new TableIndex({ name: 'IDX_wsse_nonces_seen_at', columnNames: ['seen_at'] })],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'app_settings',
        columns: [
          { ...varchar('key', 60), isPrimary: true },
          { name: 'value', type: 'text' },
        ],
      }),
    );

    // The audit trail is append-only, whatever code or console touches the table.
    if (sqlite) {
      for (const action of ['UPDATE', 'DELETE']) {
        await queryRunner.query(
          `CREATE TRIGGER audit_entries_no_${action.toLowerCase()} BEFORE ${action} ON audit_entries ` +
            `BEGIN SELECT RAISE(ABORT, 'audit_entries is append-only'); END`,
        );
      }
    } else {
      for (const action of ['UPDATE', 'DELETE']) {
        await queryRunner.query(
          `CREATE TRIGGER audit_entries_no_${action.toLowerCase()} BEFORE ${action} ON audit_entries ` +
            `FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_entries is append-only'`,
        );
      }
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const action of ['update', 'delete']) {
      await queryRunner.query(`DROP TRIGGER IF EXISTS audit_entries_no_${action}`);
    }
    for (const table of [
      'app_settings',
      'wsse_nonces',
      'audit_entries',
      'prohibited_text',
      'prohibited_postcodes',
      'given_name_synonyms',
      'learners',
      'user_roles',
      'users',
      'organisations',
    ]) {
      await queryRunner.dropTable(table);
    }
  }
}
