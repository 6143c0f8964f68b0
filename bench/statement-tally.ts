// Preloaded into a batch worker under measurement (`node -r .../statement-tally.js worker.js`):
// counts and times every statement the process sends, where the drivers execute them
// (better-sqlite3's statement methods, mysql2's connection query: from the statement's turn on its
// connection to its answer), by kind, and hands the tally to the bench when asked over the IPC
// channel. The worker's own code is not touched.
import BetterSqlite3 from 'better-sqlite3';
import * as mysql2 from 'mysql2';
import { kindOf, type StatementTally, TALLY_REQUEST } from './statement-kinds';

function tallying(): StatementTally {
  const tally: StatementTally = {};
  const note = (sql: string, ms: number) => {
    const entry = (tally[kindOf(sql)] ??= { count: 0, ms: 0 });
    entry.count++;
    entry.ms += ms;
  };
  const statement = Object.getPrototypeOf(new BetterSqlite3(':memory:').prepare('SELECT 1')) as Record<string, unknown>;
  for (const method of ['all', 'run', 'get', 'iterate']) {
    const original = statement[method] as (...args: unknown[]) => unknown;
    statement[method] = function (this: { source: string }, ...args: unknown[]) {
      const started = performance.now();
      try {
        return original.apply(this, args);
      } finally {
        note(this.source, performance.now() - started);
      }
    };
  }
  const connection = mysql2.Connection.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  const query = connection.query;
  // A connection runs its statements one after another: one sent while another is under way
  // (reads issued together with Promise.all) waits for it, and that wait is the other's time.
  const lastAnswered = new WeakMap<object, number>();
  connection.query = function (this: object, ...args: unknown[]) {
    const first = args[0];
    const sql = typeof first === 'string' ? first : String((first as { sql?: string } | undefined)?.sql ?? '');
    const last = args.length - 1;
    const callback = args[last];
    if (typeof callback === 'function') {
      const sent = performance.now();
      args[last] = (...answer: unknown[]) => {
        const answered = performance.now();
        note(sql, answered - Math.max(sent, lastAnswered.get(this) ?? 0));
        lastAnswered.set(this, answered);
        return (callback as (...a: unknown[]) => unknown)(...answer);
      };
    } else {
      note(sql, 0);
    }
    return query.apply(this, args);
  };
  return tally;
}

if (process.send) {
  const tally = tallying();
  process.on('message', (message) => {
    if (message === TALLY_REQUEST) process.send?.({ tally });
  });
  // The channel must not keep the worker alive: it exits when SIGTERM's clean stop ends.
  process.channel?.unref();
}
