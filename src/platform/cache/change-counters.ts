import { AsyncLocalStorage } from 'node:async_hooks';
import type { Database } from '../database';

/** The cached concepts: each has a row in change_counters, moved by triggers on every write to its tables. */
export const CHANGE_CONCEPTS = ['accounts', 'learners', 'reference_lists'] as const;
export type ChangeConcept = (typeof CHANGE_CONCEPTS)[number];
export type ChangeVersions = Readonly<Record<ChangeConcept, number>>;

const READ_COUNTERS = 'SELECT name, version FROM change_counters';

interface CallScope {
  /** The counters as this call read them. */
  read?: Promise<ChangeVersions>;
  ended: boolean;
}

/**
 * The change counters of the database (migration 1765170000000-ChangeCounters): every write to
 * the rows of an account, a learner or a reference list moves its concept's counter in the same
 * transaction, whichever process or tool makes it, so a read cached at one version is current
 * exactly while the counter still reads that version. One call (an HTTP request) reads them
 * once, in one statement, and every cache it consults checks against that one read: the read
 * was sent after the call began, so it sees every change committed before the call began.
 * docs/decisions/0073-cached-reads-kept-correct-by-change-counters.md
 */
export class ChangeCounters {
  private readonly calls = new AsyncLocalStorage<CallScope>();

  constructor(private readonly db: Database) {
    // A call that changes something and then reads it again must see its own change.
    db.onTransactionEnd(() => {
      const scope = this.calls.getStore();
      if (scope) scope.read = undefined;
    });
  }

  /**
   * Express middleware: the requests behind it read the counters at most once each. The read is
   * not reused once the response has ended (work the request started and left running reads
   * afresh), nor after a transaction of the request has ended.
   */
  readOncePerRequest() {
    return (_req: unknown, res: { once(event: 'close', listener: () => void): unknown }, next: () => void): void => {
      const scope: CallScope = { ended: false };
      res.once('close', () => (scope.ended = true));
      this.calls.run(scope, next);
    };
  }

  /** Runs `work` as one call: its reads of the counters after the first are answered from the first. */
  withinOneCall<T>(work: () => Promise<T>): Promise<T> {
    const scope: CallScope = { ended: false };
    return this.calls.run(scope, work).finally(() => (scope.ended = true));
  }

  /** The counters as they are now, or as this call already read them. */
  current(): Promise<ChangeVersions> {
    const scope = this.calls.getStore();
    if (!scope || scope.ended) return this.read();
    if (scope.read) return scope.read;
    const read = this.read();
    scope.read = read;
    // A failed read is not kept: the next asks again.
    read.catch(() => scope.read === read && (scope.read = undefined));
    return read;
  }

  async version(concept: ChangeConcept): Promise<number> {
    return (await this.current())[concept];
  }

  private async read(): Promise<ChangeVersions> {
    const rows = await this.db.query<{ name: string; version: number | string }[]>(READ_COUNTERS);
    const byName = new Map(rows.map((row) => [row.name, Number(row.version)]));
    const versions = {} as Record<ChangeConcept, number>;
    for (const concept of CHANGE_CONCEPTS) {
      const version = byName.get(concept);
      if (version === undefined) throw new Error(`change_counters has no row for ${concept}`);
      versions[concept] = version;
    }
    return versions;
  }
}
