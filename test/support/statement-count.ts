import BetterSqlite3 from 'better-sqlite3';
import * as mysql2 from 'mysql2';

export interface StatementCount {
  count(): number;
  /** The SQL of each statement counted, in order. */
  statements(): string[];
  restore(): void;
}

/**
 * Every statement the process sends, counted where the drivers execute them: better-sqlite3's
 * statement methods, mysql2's connection query. Nothing is mocked; the count only watches.
 */
export function countStatements(): StatementCount {
  const seen: string[] = [];
  const statement = Object.getPrototypeOf(new BetterSqlite3(':memory:').prepare('SELECT 1')) as Record<string, unknown>;
  const targets: [Record<string, unknown>, string][] = [
    ...['all', 'run', 'get', 'iterate'].map((method): [Record<string, unknown>, string] => [statement, method]),
    [mysql2.Connection.prototype as unknown as Record<string, unknown>, 'query'],
  ];
  const originals = targets.map(([target, method]) => target[method] as (...args: unknown[]) => unknown);
  targets.forEach(([target, method], i) => {
    target[method] = function (this: { source?: string }, ...args: unknown[]) {
      seen.push(sqlOf(this, args[0]));
      return originals[i].apply(this, args);
    };
  });
  return {
    count: () => seen.length,
    statements: () => [...seen],
    restore: () => targets.forEach(([target, method], i) => (target[method] = originals[i])),
  };
}

function sqlOf(target: { source?: string }, first: unknown): string {
  if (typeof target.source === 'string') return target.source; // a better-sqlite3 statement
  if (typeof first === 'string') return first;
  return String((first as { sql?: string } | undefined)?.sql ?? '');
}
