import type { MigrationInterface, QueryRunner } from 'typeorm';
import { isSqliteRunner } from './helpers/columns';

/** What a cached read is made of, and the tables whose rows it is read from. */
const CONCEPTS: { name: string; tables: string[] }[] = [
  { name: 'accounts', tables: ['users', 'user_roles', 'organisations'] },
  { name: 'learners', tables: ['learners'] },
  { name: 'reference_lists', tables: ['given_name_synonyms', 'prohibited_postcodes', 'prohibited_text'] },
];

/**
 * Where only some columns are cached, an update of the others moves nothing: a login recorded
 * (users.last_login_at) must not empty every process's account cache.
 */
const CACHED_COLUMNS: Record<string, string[]> = {
  users: [
    'id',
    'organisation_id',
    'username',
    'status',
    'password_hash',
    'password_sealed',
    'password_changed_at',
    'password_is_one_time',
    'failed_attempts',
    'agreement_accepted_at',
    'agreement_version',
    'secret_answer_hash',
  ],
  organisations: ['id', 'ukprn', 'organisation_ref', 'kind', 'status', 'ws_password_hash'],
};

const ACTIONS = ['INSERT', 'UPDATE', 'DELETE'];

/**
 * One counter per cached concept, moved by triggers in the transaction of every write to the
 * rows it is read from, whoever writes (the gateway, a CLI, a migration, an operator by hand):
 * each process compares the counters with those its cached reads were made at.
 * docs/decisions/0073-cached-reads-kept-correct-by-change-counters.md
 */
export class ChangeCounters1765170000000 implements MigrationInterface {
  name = 'ChangeCounters1765170000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE TABLE change_counters (name VARCHAR(32) NOT NULL PRIMARY KEY, version BIGINT NOT NULL)');
    for (const { name, tables } of CONCEPTS) {
      await queryRunner.query('INSERT INTO change_counters (name, version) VALUES (?, 0)', [name]);
      for (const table of tables) {
        for (const action of ACTIONS) await queryRunner.query(trigger(queryRunner, name, table, action));
      }
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const { tables } of CONCEPTS) {
      for (const table of tables) {
        for (const action of ACTIONS) await queryRunner.query(`DROP TRIGGER IF EXISTS ${triggerName(table, action)}`);
      }
    }
    await queryRunner.query('DROP TABLE change_counters');
  }
}

function triggerName(table: string, action: string): string {
  return `${table}_${action.toLowerCase()}_counted`;
}

function trigger(queryRunner: QueryRunner, concept: string, table: string, action: string): string {
  const bump = `UPDATE change_counters SET version = version + 1 WHERE name = '${concept}'`;
  const columns = action === 'UPDATE' ? CACHED_COLUMNS[table] : undefined;
  const head = `CREATE TRIGGER ${triggerName(table, action)} AFTER ${action} ON ${table}`;
  if (isSqliteRunner(queryRunner)) {
    const when = columns ? ` WHEN ${columns.map((c) => `OLD.${c} IS NOT NEW.${c}`).join(' OR ')}` : '';
    return `${head} FOR EACH ROW${when} BEGIN ${bump}; END`;
  }
  // Compared as bytes: the collation would call 'victor.vance' and 'VICTOR.VANCE ' the same.
  const changed = columns?.map((c) => `NOT (BINARY OLD.${c} <=> BINARY NEW.${c})`).join(' OR ');
  return changed ? `${head} FOR EACH ROW BEGIN IF ${changed} THEN ${bump}; END IF; END` : `${head} FOR EACH ROW ${bump}`;
}
