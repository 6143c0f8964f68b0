import type { DataSource } from 'typeorm';
import { testDatabase, testDatabaseNames } from '../support/databases';

/**
 * The migrations are the one description of a table (docs/decisions/0094-one-way-to-the-database.md):
 * migrated, SQLite and MariaDB hold the same tables, with the same columns, indexes and triggers.
 */
/** Tables only one database has, on purpose: the shared rate-limit counters live in each process's memory on SQLite. */
const MARIADB_ONLY = new Set(['rate_limits']);

interface Schema {
  tables: Record<string, { columns: string[]; indexes: string[] }>;
  triggers: string[];
}

async function sqliteSchema(dataSource: DataSource): Promise<Schema> {
  const tables: Schema['tables'] = {};
  const names: { name: string; sql: string }[] = await dataSource.query(
    "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
  );
  for (const { name, sql } of names) {
    // A unique constraint declared in CREATE TABLE is an automatic index here, a named index on MariaDB.
    const constraints = [...sql.matchAll(/CONSTRAINT "(UQ_\w+)" UNIQUE/g)].map((m) => m[1]);
    const columns: { name: string }[] = await dataSource.query(`PRAGMA table_info("${name}")`);
    const indexes: { name: string; origin: string }[] = await dataSource.query(`PRAGMA index_list("${name}")`);
    tables[name] = {
      columns: columns.map((c) => c.name).sort(),
      indexes: indexes
        .filter((i) => i.origin === 'c')
        .map((i) => i.name)
        .concat(constraints)
        .sort(),
    };
  }
  const triggers: { name: string }[] = await dataSource.query(
    "SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name",
  );
  return { tables, triggers: triggers.map((t) => t.name).sort() };
}

async function mariadbSchema(dataSource: DataSource): Promise<Schema> {
  const tables: Schema['tables'] = {};
  const columns: { t: string; c: string }[] = await dataSource.query(
    'SELECT table_name AS t, column_name AS c FROM information_schema.columns WHERE table_schema = DATABASE()',
  );
  for (const { t, c } of columns.filter((row) => !MARIADB_ONLY.has(row.t)))
    (tables[t] ??= { columns: [], indexes: [] }).columns.push(c);
  const indexes: { t: string; i: string }[] = await dataSource.query(
    `SELECT DISTINCT table_name AS t, index_name AS i FROM information_schema.statistics
     WHERE table_schema = DATABASE() AND index_name <> 'PRIMARY' AND (index_name LIKE 'IDX%' OR index_name LIKE 'UQ%')`,
  );
  for (const { t, i } of indexes) tables[t]?.indexes.push(i);
  for (const table of Object.values(tables)) {
    table.columns.sort();
    table.indexes.sort();
  }
  const triggers: { name: string }[] = await dataSource.query(
    'SELECT trigger_name AS name FROM information_schema.triggers WHERE trigger_schema = DATABASE() ORDER BY trigger_name',
  );
  return { tables, triggers: triggers.map((t) => t.name).sort() };
}

const both = ['sqlite', 'mariadb'].every((name) => testDatabaseNames().includes(name as 'sqlite'));

(both ? describe : describe.skip)('the migrated schema is the same on SQLite and MariaDB', () => {
  const sqlite = testDatabase('sqlite');
  const mariadb = testDatabase('mariadb');
  let schemas: [Schema, Schema];
  beforeAll(async () => {
    schemas = [await sqliteSchema(await sqlite.open()), await mariadbSchema(await mariadb.open())];
  });
  afterAll(async () => {
    await sqlite.drop();
    await mariadb.drop();
  });

  test('the same tables', () => {
    expect(Object.keys(schemas[0].tables).sort()).toEqual(Object.keys(schemas[1].tables).sort());
  });

  test('each table has the same columns and named indexes', () => {
    for (const [name, table] of Object.entries(schemas[0].tables)) {
      expect({ name, ...table }).toEqual({ name, ...schemas[1].tables[name] });
    }
  });

  test('the same triggers', () => {
    expect(schemas[0].triggers).toEqual(schemas[1].triggers);
  });
});
