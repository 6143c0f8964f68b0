// The statements a batch worker sent, by kind: what bench/statement-tally.ts counts inside the
// worker and the bench driver adds up (no I/O here).

/** Statements by kind: how many, and the milliseconds from sending each to its answer. */
export type StatementTally = Record<string, { count: number; ms: number }>;

/** The bench's question to a worker over IPC; the worker answers `{ tally }`. */
export const TALLY_REQUEST = 'statement-tally';

/** A statement's kind: its verb and the table it works on (`SELECT learners`, `INSERT batch_job_results`, `COMMIT`). */
export function kindOf(sql: string): string {
  let text = sql.replace(/[`"]/g, '').replace(/\s+/g, ' ').trim();
  // A subquery's FROM is not the statement's: parenthesised parts are left out, innermost first.
  while (/\([^()]*\)/.test(text)) text = text.replace(/\([^()]*\)/g, '_');
  const verb = (/^(\w+)/.exec(text)?.[1] ?? '?').toUpperCase();
  if (verb === 'START') return 'START TRANSACTION';
  const table = {
    SELECT: / FROM (\w+)/i,
    DELETE: / FROM (\w+)/i,
    INSERT: / INTO (\w+)/i,
    REPLACE: / INTO (\w+)/i,
    UPDATE: /^UPDATE (\w+)/i,
  }[verb]?.exec(text)?.[1];
  return table ? `${verb} ${table}` : verb;
}

/** Statements of a worker between two readings. */
export function tallySince(before: StatementTally, after: StatementTally): StatementTally {
  const since: StatementTally = {};
  for (const [kind, { count, ms }] of Object.entries(after)) {
    const earlier = before[kind] ?? { count: 0, ms: 0 };
    if (count > earlier.count) since[kind] = { count: count - earlier.count, ms: ms - earlier.ms };
  }
  return since;
}

/** The tallies of several workers as one. */
export function tallySum(tallies: StatementTally[]): StatementTally {
  const sum: StatementTally = {};
  for (const tally of tallies) {
    for (const [kind, { count, ms }] of Object.entries(tally)) {
      const entry = (sum[kind] ??= { count: 0, ms: 0 });
      entry.count += count;
      entry.ms += ms;
    }
  }
  return sum;
}
