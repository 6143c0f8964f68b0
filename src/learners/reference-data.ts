import type { Database } from '../platform/database';
import type { Clock } from '../platform/clock';
import type { LearnerDataLists } from './learner-data.rules';
import { ProhibitedText } from './prohibited-text';
import { SynonymIndex } from './synonyms';

interface Snapshot {
  synonyms: SynonymIndex;
  lists: LearnerDataLists;
  loadedAt: number;
}

/**
 * The operator-maintained lists (given-name synonyms, prohibited postcodes and text), held in
 * memory and re-read after REFERENCE_DATA_TTL_SECONDS, so a change made through one gateway
 * process reaches every other within that time. The process that made it reloads at once.
 */
export class ReferenceData {
  private snapshot: Snapshot | undefined;
  private loading: Promise<Snapshot> | undefined;

  constructor(
    private readonly db: Database,
    private readonly ttlSeconds: number,
    private readonly clock: Clock,
  ) {}

  async synonyms(): Promise<SynonymIndex> {
    return (await this.current()).synonyms;
  }

  async learnerDataLists(): Promise<LearnerDataLists> {
    return (await this.current()).lists;
  }

  invalidate(): void {
    this.snapshot = undefined;
  }

  private async current(): Promise<Snapshot> {
    const now = this.clock.now().getTime();
    if (this.snapshot && now - this.snapshot.loadedAt < this.ttlSeconds * 1000) return this.snapshot;
    this.loading ??= this.load(now).finally(() => (this.loading = undefined));
    return this.loading;
  }

  private async load(now: number): Promise<Snapshot> {
    const [synonymRows, postcodeRows, textRows] = await Promise.all([
      this.db.query<{ name: string; nickname: string }[]>('SELECT name, nickname FROM given_name_synonyms'),
      this.db.query<{ postcode: string }[]>('SELECT postcode FROM prohibited_postcodes'),
      this.db.query<{ phrase: string }[]>('SELECT phrase FROM prohibited_text'),
    ]);
    this.snapshot = {
      synonyms: new SynonymIndex(synonymRows.map((r) => [r.name, r.nickname] as const)),
      lists: {
        prohibitedPostcodes: new Set(postcodeRows.map((r) => r.postcode)),
        prohibitedText: new ProhibitedText(textRows.map((r) => r.phrase)),
      },
      loadedAt: now,
    };
    return this.snapshot;
  }
}
