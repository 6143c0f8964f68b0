import type { QueryRunner } from 'typeorm';
import type { TableColumnOptions } from 'typeorm/schema-builder/options/TableColumnOptions';

/** Column shapes shared by the migrations; each works on SQLite and on MySQL/MariaDB. */
export const id = (name = 'id', type = 'integer'): TableColumnOptions => ({
  name,
  type,
  isPrimary: true,
  isGenerated: true,
  generationStrategy: 'increment',
});

export const varchar = (name: string, length: number, nullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: nullable,
});

export const integer = (name: string, nullable = false, defaultValue?: number): TableColumnOptions => ({
  name,
  type: 'integer',
  isNullable: nullable,
  default: defaultValue,
});

export const datetime = (name: string, nullable = false): TableColumnOptions => ({
  name,
  type: 'datetime',
  precision: 3,
  isNullable: nullable,
});

export const date = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'date', isNullable: nullable });

export function isSqliteRunner(queryRunner: QueryRunner): boolean {
  return queryRunner.connection.options.type === 'better-sqlite3';
}

/** created_at and updated_at, defaulting to now with milliseconds on either database. */
export function timestamps(queryRunner: QueryRunner): TableColumnOptions[] {
  const now = isSqliteRunner(queryRunner) ? "(strftime('%Y-%m-%d %H:%M:%f','now'))" : 'CURRENT_TIMESTAMP(3)';
  return [
    { ...datetime('created_at'), default: now },
    { ...datetime('updated_at'), default: now },
  ];
}
