import type { ChangeCounters, CountersRead } from '../platform/cache/change-counters';
import { VersionedCache } from '../platform/cache/versioned-cache';
import type { Database } from '../platform/database';
import { LEARNER_COLUMNS, type LearnerRecord } from './learner-record';
import type { Gender, HeldLearner } from './verification.rules';

interface VerificationRow {
  uln: string;
  master_uln: string | null;
  given_name: string;
  family_name: string;
  previous_family_name: string | null;
  preferred_given_name: string | null;
  date_of_birth: string;
  gender: number;
  postcode: string;
}

const COLUMNS = [
  'uln',
  'master_uln',
  'given_name',
  'family_name',
  'previous_family_name',
  'preferred_given_name',
  'date_of_birth',
  'gender',
  'postcode',
];

/** Records with, in the same pass, the record each is linked to (`m_`-prefixed columns): one hop per read. */
export const FOR_VERIFICATION = `SELECT ${COLUMNS.map((c) => `l.${c}`).join(', ')}, ${COLUMNS.map((c) => `m.${c} AS m_${c}`).join(', ')}
  FROM learners l LEFT JOIN learners m ON m.uln = l.master_uln WHERE l.uln IN`;

/** Every column of a record, by ULN (the unique index on uln). */
export const FULL_RECORDS = `SELECT ${LEARNER_COLUMNS.map(([, column]) => column).join(', ')} FROM learners WHERE uln IN`;

/** The ULNs linked to masters (the index on master_uln). */
export const LINKED_TO = 'SELECT uln, master_uln FROM learners WHERE master_uln IN';

type LinkedRow = VerificationRow & { [K in keyof VerificationRow as `m_${K}`]: VerificationRow[K] | null };

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
 * Reads of the Learner Register. Plain SQL on the verification path: it runs on every call. A
 * single learner's record is remembered (LEARNER_CACHE_SIZE) until any learner changes, in any
 * process (docs/decisions/0073-cached-reads-kept-correct-by-change-counters.md); batches read
 * theirs in sets and do not pass through the cache.
 */
export class LearnerRegister {
  private readonly cache: { counters: ChangeCounters; entries: VersionedCache<Found> } | undefined;

  constructor(
    private readonly db: Database,
    cached?: LearnerCacheOptions,
  ) {
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
    const byUln = new Map<string, VerificationRow>();
    let wanted = [...new Set(ulns)];
    for (let hop = 0; wanted.length > 0 && hop <= MAX_LINK_HOPS; hop++) {
      const rows = await this.db.query<LinkedRow[]>(`${FOR_VERIFICATION} (${wanted.map(() => '?').join(', ')})`, wanted);
      for (const row of rows) {
        byUln.set(row.uln, row);
        const linked = linkedRecord(row);
        if (linked) byUln.set(linked.uln, linked);
      }
      // A master that is itself linked: its own master is read on the next pass.
      wanted = [...byUln.values()].map((r) => r.master_uln).filter((m): m is string => m !== null && !byUln.has(m));
    }
    const found = new Map<string, { held: HeldLearner; master?: HeldLearner }>();
    for (const uln of new Set(ulns)) {
      const row = byUln.get(uln);
      if (!row) continue;
      let masterRow: VerificationRow | undefined;
      let next = row.master_uln;
      for (let hop = 0; next && hop < MAX_LINK_HOPS; hop++) {
        const candidate = byUln.get(next);
        if (!candidate) break;
        masterRow = candidate;
        next = candidate.master_uln;
      }
      found.set(uln, { held: toHeld(row), master: masterRow && toHeld(masterRow) });
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
    const rows = await this.db.query<{ ability_to_share: number | string }[]>(
      'SELECT ability_to_share FROM learners WHERE uln = ?',
      [uln],
    );
    return rows[0] === undefined ? undefined : Number(rows[0].ability_to_share);
  }

  /** Every learner (or the first `limit`) in ULN order, a page at a time: memory stays flat for any register. */
  async *inUlnOrder(limit = Infinity, pageSize = 1000): AsyncGenerator<HeldLearner> {
    let after = '';
    let left = limit;
    while (left > 0) {
      const rows = await this.db.query<VerificationRow[]>(
        `SELECT ${COLUMNS.join(', ')} FROM learners WHERE uln > ? ORDER BY uln LIMIT ${Math.min(pageSize, left)}`,
        [after],
      );
      for (const row of rows) yield toHeld(row);
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
    const rows = await this.db.query<Record<string, unknown>[]>(`${FULL_RECORDS} (${wanted.map(() => '?').join(', ')})`, wanted);
    for (const row of rows) {
      const record = Object.fromEntries(
        LEARNER_COLUMNS.map(([field, column]) => [field, row[column]]),
      ) as unknown as LearnerRecord;
      found.set(record.uln, record);
    }
    return found;
  }

  /** The ULNs linked to each of these masters (one read). */
  async linkedTo(masters: string[]): Promise<Map<string, string[]>> {
    const linked = new Map<string, string[]>();
    const wanted = [...new Set(masters)];
    if (wanted.length === 0) return linked;
    const rows = await this.db.query<{ uln: string; master_uln: string }[]>(
      `${LINKED_TO} (${wanted.map(() => '?').join(', ')})`,
      wanted,
    );
    for (const row of rows) linked.set(row.master_uln, [...(linked.get(row.master_uln) ?? []), row.uln]);
    return linked;
  }
}

/** The ULNs a learner's achievements may be held under: the master, the ULN given, and those linked to the master. */
export function ulnsOf(master: string, uln: string, linked: string[]): string[] {
  return [...new Set([master, uln, ...linked])];
}

function linkedRecord(row: LinkedRow): VerificationRow | undefined {
  if (row.m_uln === null) return undefined;
  return Object.fromEntries(COLUMNS.map((c) => [c, row[`m_${c}` as keyof LinkedRow]])) as unknown as VerificationRow;
}

function toHeld(row: VerificationRow): HeldLearner {
  return Object.freeze({
    uln: row.uln,
    givenName: row.given_name,
    familyName: row.family_name,
    previousFamilyName: row.previous_family_name,
    preferredGivenName: row.preferred_given_name,
    dateOfBirth: row.date_of_birth,
    gender: Number(row.gender) as Gender,
    lastKnownPostCode: row.postcode,
  });
}
