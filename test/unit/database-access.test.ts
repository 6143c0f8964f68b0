import fs from 'node:fs';
import path from 'node:path';
import { filesUnder } from '../../scripts/doc-links';

/**
 * One way to the database (docs/decisions/0094-one-way-to-the-database.md): SQL is written only in
 * stores, nothing outside the platform's database layer sees TypeORM, and no table is described
 * by an entity (the migrations are its one description).
 */
const root = path.join(__dirname, '..', '..');
const sources = filesUnder(root, 'src').filter((file) => file.endsWith('.ts'));

/** The database layer itself: it opens connections, runs migrations and keeps the schema's triggers. */
const DATABASE_LAYER = new Set([
  'src/platform/database.ts',
  'src/platform/data-source.ts',
  'src/platform/migrate.ts',
  'src/platform/startup-lock.ts',
  'src/platform/cache/counting-triggers.ts',
]);

const SQL =
  /\b(SELECT\s+(DISTINCT\s+)?[\w*(`]+[\s\S]{0,400}?\bFROM\b|INSERT\s+(IGNORE\s+)?INTO|UPDATE\s+\w+(\s+\w+)?\s+SET|DELETE\s+FROM|REPLACE\s+INTO|CREATE\s+(TABLE|(UNIQUE\s+)?INDEX|TRIGGER)|ALTER\s+TABLE|DROP\s+(TABLE|INDEX|TRIGGER))\b/;

/** The code with its comments removed, so prose about a statement is not taken for one. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');

describe('one way to the database', () => {
  test.each(sources.filter((file) => !file.endsWith('.store.ts') && !DATABASE_LAYER.has(file)))(
    '%s writes no SQL (SQL lives in *.store.ts)',
    (file) => {
      expect(code(read(file)).match(SQL)?.[0]).toBeUndefined();
    },
  );

  test.each(sources.filter((file) => !DATABASE_LAYER.has(file)))('%s uses no TypeORM connection, manager or entity', (file) => {
    const imports = [...read(file).matchAll(/import\s+(type\s+)?\{([^}]*)\}\s+from\s+'typeorm'/g)].flatMap((m) =>
      m[2]
        .split(',')
        .map((name) => name.replace(/\btype\b/, '').trim())
        .filter(Boolean),
    );
    // A composition root may name the DataSource it is handed (tests hand one in); nothing else.
    expect(imports.filter((name) => name !== 'DataSource')).toEqual([]);
    expect(code(read(file)).match(/\b(EntityManager|QueryRunner|getRepository|createQueryBuilder)\b/)?.[0]).toBeUndefined();
  });

  test.each(sources.filter((file) => file.endsWith('.store.ts')))(
    '%s is a store in the one style: classes built on the Database, no loose functions',
    (file) => {
      const text = code(read(file));
      expect(text).toMatch(/export class \w+Store\b/);
      expect(text.match(/export (async )?function \w+/)?.[0]).toBeUndefined();
      for (const [, parameters] of text.matchAll(/export class \w+Store\b[^{]*\{[\s\S]*?constructor\(([^)]*)\)/g)) {
        expect(parameters).toMatch(/\bDatabase\b/);
      }
    },
  );

  test('no table is described by an entity: the migrations are the one description', () => {
    expect(sources.filter((file) => file.endsWith('.entity.ts') || /@Entity\(/.test(read(file)))).toEqual([]);
  });
});
