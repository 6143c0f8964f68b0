import type { ChangeCounters, CountersRead } from '../platform/cache/change-counters';
import type { Database } from '../platform/database';
import type { LearnerDataLists } from './learner-data.rules';
import { ProhibitedText } from './prohibited-text';
import { ReferenceListStore } from './reference-list.store';
import { SynonymIndex } from './synonyms';

interface Snapshot {
  synonyms: SynonymIndex;
  lists: LearnerDataLists;
  /** The reference_lists change counter the lists were read at. */
  version: number;
}

/**
 * The operator-maintained lists (given-name synonyms, prohibited postcodes and text), held in
 * memory while the reference_lists change counter stands where it stood when they were read: a
 * change committed by any process moves it, and the next call anywhere reads them again
 * (docs/decisions/0073-cached-reads-kept-correct-by-change-counters.md).
 */
export class ReferenceData {
  private snapshot: Snapshot | undefined;
  private loading: { version: number; snapshot: Promise<Snapshot> } | undefined;
  private readonly store: ReferenceListStore;

  constructor(
    db: Database,
    private readonly counters: ChangeCounters,
  ) {
    this.store = new ReferenceListStore(db);
  }

  /** `reuse`: the change counters the call has already read, as LearnerRegister.findForVerification takes them. */
  async synonyms(reuse?: CountersRead): Promise<SynonymIndex> {
    return (await this.current(reuse)).synonyms;
  }

  async learnerDataLists(reuse?: CountersRead): Promise<LearnerDataLists> {
    return (await this.current(reuse)).lists;
  }

  /** Forgets the lists held, so the next use reads them (the change counter would tell this process as well). */
  invalidate(): void {
    this.snapshot = undefined;
  }

  private async current(reuse?: CountersRead): Promise<Snapshot> {
    const version = await this.counters.version('reference_lists', reuse);
    if (this.snapshot?.version === version) return this.snapshot;
    // Callers at the same version share one read.
    if (this.loading?.version !== version) this.loading = { version, snapshot: this.load(version) };
    const loading = this.loading;
    try {
      this.snapshot = await loading.snapshot;
      return this.snapshot;
    } finally {
      if (this.loading === loading) this.loading = undefined;
    }
  }

  private async load(version: number): Promise<Snapshot> {
    const [pairs, postcodes, phrases] = await Promise.all([
      this.store.synonymPairs(),
      this.store.prohibitedPostcodes(),
      this.store.prohibitedText(),
    ]);
    return {
      synonyms: new SynonymIndex(pairs),
      lists: { prohibitedPostcodes: new Set(postcodes), prohibitedText: new ProhibitedText(phrases) },
      version,
    };
  }
}
