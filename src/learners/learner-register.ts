import type { ChangeCounters, CountersRead } from '../platform/cache/change-counters';
import { VersionedCache } from '../platform/cache/versioned-cache';
import type { Database } from '../platform/database';
import type { LearnerRecord } from './learner-record';
import { LearnerStore, type RegisterEntry } from './learner.store';
import type { HeldLearner } from './verification.rules';

/** Links are followed this far at most, so a mistaken cycle cannot loop. */
const MAX_LINK_HOPS = 5;

type Found = { held?: HeldLearner; master?: HeldLearner };

/** Remembering the learners of single calls, `capacity` at most, while the learners change counter stands. */
export interface LearnerCacheOptions {
  counters: ChangeCounters;
  capacity: number;
}

/** The learner cache of LEARNER_CACHE_SIZE; none when it is 0. */
export function learnerCache(counters: ChangeCounters, capacity: number): LearnerCacheOptions | undefined {
  return capacity === 0 ? undefined : { counters, capacity };
}

/**
 * Reads of the Learner Register, on the verification path: they run on every call. A
 * single learner's record is remembered (LEARNER_CACHE_SIZE) until any learner changes, in any
 * process (docs/decisions/0073-cached-reads-kept-correct-by-change-counters.md); batches read
 * theirs in sets and do not pass through the cache.
 */
export class LearnerRegister {
  private readonly cache: { counters: ChangeCounters; entries: VersionedCache<Found> } | undefined;
  private readonly store: LearnerStore;

  constructor(db: Database, cached?: LearnerCacheOptions) {
    this.store = new LearnerStore(db);
    this.cache = cached && { counters: cached.counters, entries: new VersionedCache(cached.capacity) };
  }

  /**
   * The record for a ULN and, when it is linked, the record of its master. `reuse`: the change
   * counters the call has already read (its caller's authentication), so none is read again.
   */
  async findForVerification(uln: string, reuse?: CountersRead): Promise<Found> {
    const read = async (): Promise<Found> => Object.freeze({ ...(await this.findManyForVerification([uln])).get(uln) });
    if (!this.cache) return read();
    return this.cache.entries.through(uln, await this.cache.counters.version('learners', reuse), read);
  }

  /**
   * findForVerification for many ULNs at once (a batch chunk): one read of every record named,
   * their master links resolved in the same read; a further read only for a chain of links.
   * ULNs not on the register are absent from the answer.
   */
  async findManyForVerification(ulns: string[]): Promise<Map<string, { held: HeldLearner; master?: HeldLearner }>> {
    const byUln = new Map<string, RegisterEntry>();
    let wanted = [...new Set(ulns)];
    for (let hop = 0; wanted.length > 0 && hop <= MAX_LINK_HOPS; hop++) {
      for (const entry of await this.store.withLinkedRecords(wanted)) byUln.set(entry.learner.uln, entry);
      // A master that is itself linked: its own master is read on the next pass.
      wanted = [...byUln.values()].map((e) => e.masterUln).filter((m): m is string => m !== null && !byUln.has(m));
    }
    const found = new Map<string, { held: HeldLearner; master?: HeldLearner }>();
    for (const uln of new Set(ulns)) {
      const entry = byUln.get(uln);
      if (!entry) continue;
      let master: RegisterEntry | undefined;
      let next = entry.masterUln;
      for (let hop = 0; next && hop < MAX_LINK_HOPS; hop++) {
        const candidate = byUln.get(next);
        if (!candidate) break;
        master = candidate;
        next = candidate.masterUln;
      }
      found.set(uln, { held: entry.learner, master: master?.learner });
    }
    return found;
  }

  /**
   * The ULNs a learner's PLR is kept under: the master (following links) and every ULN linked
   * to it. A ULN not on the register stands alone.
   */
  async ulnsOfLearner(uln: string, reuse?: CountersRead): Promise<{ master: string; ulns: string[] }> {
    const { master } = await this.findForVerification(uln, reuse);
    const masterUln = master?.uln ?? uln;
    return { master: masterUln, ulns: await this.ulnsUnder(masterUln, uln) };
  }

  /** As ulnsOfLearner, when the master is already known (a verification has just found it). */
  async ulnsUnder(master: string, uln: string): Promise<string[]> {
    return ulnsOf(master, uln, (await this.linkedTo([master])).get(master) ?? []);
  }

  /** The learner's AbilityToShare (the contract: 0 notice not seen, 1 able to share, 2 unable); undefined when not held. */
  async abilityToShare(uln: string): Promise<number | undefined> {
    return this.store.abilityToShare(uln);
  }

  /** Every learner (or the first `limit`) in ULN order, a page at a time: memory stays flat for any register. */
  async *inUlnOrder(limit = Infinity, pageSize = 1000): AsyncGenerator<HeldLearner> {
    let after = '';
    let left = limit;
    while (left > 0) {
      const rows = await this.store.pageAfter(after, Math.min(pageSize, left));
      for (const row of rows) yield row;
      if (rows.length === 0) return;
      left -= rows.length;
      after = rows[rows.length - 1].uln;
    }
  }

  /** Every field of these records (one read); ULNs not on the register are absent from the answer. */
  async records(ulns: string[]): Promise<Map<string, LearnerRecord>> {
    const wanted = [...new Set(ulns)];
    const found = new Map<string, LearnerRecord>();
    if (wanted.length === 0) return found;
    for (const record of await this.store.records(wanted)) found.set(record.uln, record);
    return found;
  }

  /** The ULNs linked to each of these masters (one read). */
  async linkedTo(masters: string[]): Promise<Map<string, string[]>> {
    const wanted = [...new Set(masters)];
    if (wanted.length === 0) return new Map();
    return this.store.linkedTo(wanted);
  }
}

/** The ULNs a learner's achievements may be held under: the master, the ULN given, and those linked to the master. */
export function ulnsOf(master: string, uln: string, linked: string[]): string[] {
  return [...new Set([master, uln, ...linked])];
}
