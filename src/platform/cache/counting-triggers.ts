import type { ChangeConcept } from './change-counters';

/** The tables each cached concept is read from: a write to any of them moves the concept's counter. */
export const COUNTED_TABLES: Record<ChangeConcept, string[]> = {
  accounts: ['users', 'user_roles', 'organisations'],
  learners: ['learners'],
  reference_lists: ['given_name_synonyms', 'prohibited_postcodes', 'prohibited_text'],
};

/**
 * Where only some columns are cached, an update of the others moves nothing: a login recorded
 * (users.last_login_at) must not empty every process's account cache. These are the columns the
 * account and organisation reads take up (users/account.store.ts; checked by
 * test/integration/change-counters.test.ts).
 */
export const CACHED_COLUMNS: Record<string, string[]> = {
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

export interface CountingTrigger {
  name: string;
  /** The statement that creates it. */
  create: string;
  /** What the database keeps of it, to tell whether the one it has is this one: SQLite the whole statement, MySQL the body. */
  kept: string;
}

/**
 * The triggers that move the change counters, on every counted table, for each row, in the
 * writing transaction (docs/decisions/0073-cached-reads-kept-correct-by-change-counters.md).
 */
export function countingTriggers(sqlite: boolean): CountingTrigger[] {
  return (Object.entries(COUNTED_TABLES) as [ChangeConcept, string[]][]).flatMap(([concept, tables]) =>
    tables.flatMap((table) => ACTIONS.map((action) => countingTrigger(sqlite, concept, table, action))),
  );
}

function countingTrigger(sqlite: boolean, concept: ChangeConcept, table: string, action: string): CountingTrigger {
  const name = `${table}_${action.toLowerCase()}_counted`;
  const bump = `UPDATE change_counters SET version = version + 1 WHERE name = '${concept}'`;
  const columns = action === 'UPDATE' ? CACHED_COLUMNS[table] : undefined;
  const head = `CREATE TRIGGER ${name} AFTER ${action} ON ${table} FOR EACH ROW`;
  if (sqlite) {
    const when = columns ? ` WHEN ${columns.map((c) => `OLD.${c} IS NOT NEW.${c}`).join(' OR ')}` : '';
    const create = `${head}${when} BEGIN ${bump}; END`;
    return { name, create, kept: create };
  }
  // Compared as bytes: the collation would call 'victor.vance' and 'VICTOR.VANCE ' the same.
  const changed = columns?.map((c) => `NOT (BINARY OLD.${c} <=> BINARY NEW.${c})`).join(' OR ');
  const body = changed ? `BEGIN IF ${changed} THEN ${bump}; END IF; END` : bump;
  return { name, create: `${head} ${body}`, kept: body };
}

interface Runner {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/**
 * Creates the counting triggers that are missing, and makes again those that are not as defined
 * here; answers their names. Run after the migrations: on SQLite a migration that rebuilds a table
 * (TypeORM's addColumn does) drops its triggers with the old table.
 */
export async function keepCountingTriggers(runner: Runner, sqlite: boolean): Promise<string[]> {
  const rows = (await runner.query(
    sqlite
      ? "SELECT name, sql AS kept FROM sqlite_master WHERE type = 'trigger'"
      : 'SELECT TRIGGER_NAME AS name, ACTION_STATEMENT AS kept FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()',
  )) as { name: string; kept: string }[];
  const existing = new Map(rows.map((row) => [row.name, row.kept]));
  const made: string[] = [];
  for (const trigger of countingTriggers(sqlite)) {
    if (existing.get(trigger.name) === trigger.kept) continue;
    if (existing.has(trigger.name)) await runner.query(`DROP TRIGGER ${trigger.name}`);
    await runner.query(trigger.create);
    made.push(trigger.name);
  }
  return made;
}
