import { performance } from 'node:perf_hooks';
import type { Database } from '../database';
import { ChangeCountersStore } from './change-counters.store';

/** The cached concepts: each has a row in change_counters, moved by triggers on every write to its tables. */
export const CHANGE_CONCEPTS = ['accounts', 'learners', 'reference_lists'] as const;
export type ChangeConcept = (typeof CHANGE_CONCEPTS)[number];
export type ChangeVersions = Readonly<Record<ChangeConcept, number>>;

/** The counters as one read found them, and when (a monotonic clock, in ms). */
export interface CountersRead {
  readonly versions: ChangeVersions;
  readonly at: number;
}

/**
 * How long a read of the counters may stand for a call's later cached reads. A call takes
 * milliseconds; past this a read is made again, so a read carried beyond its call (a principal
 * kept for later work) is never used for longer.
 */
export const REUSE_WITHIN_MS = 1000;

/**
 * The change counters of the database (migration 1765170000000-ChangeCounters): every write to
 * the rows of an account, a learner or a reference list moves its concept's counter in the same
 * transaction, whichever process or tool makes it, so a read cached at one version is current
 * exactly while the counter still reads that version. A call reads them once, in one statement,
 * when it authenticates; its later cached reads are handed that read (`reuse`): it was sent after
 * the call began, so it sees every change committed before the call began.
 * docs/decisions/0073-cached-reads-kept-correct-by-change-counters.md
 */
export class ChangeCounters {
  private readonly store: ChangeCountersStore;

  constructor(
    db: Database,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.store = new ChangeCountersStore(db);
  }

  /** The counters as they are now, or as `reuse` read them earlier in the same call. */
  async read(reuse?: CountersRead): Promise<CountersRead> {
    if (reuse && this.now() - reuse.at <= REUSE_WITHIN_MS) return reuse;
    const at = this.now();
    const byName = await this.store.versions();
    const versions = {} as Record<ChangeConcept, number>;
    for (const concept of CHANGE_CONCEPTS) {
      const version = byName.get(concept);
      if (version === undefined) throw new Error(`change_counters has no row for ${concept}`);
      versions[concept] = version;
    }
    return { versions, at };
  }

  async version(concept: ChangeConcept, reuse?: CountersRead): Promise<number> {
    return (await this.read(reuse)).versions[concept];
  }
}
