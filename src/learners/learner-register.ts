import type { Database } from '../platform/database';
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
}

const FOR_VERIFICATION = `SELECT uln, master_uln, given_name, family_name, previous_family_name, preferred_given_name,
  date_of_birth, gender FROM learners WHERE uln = ?`;

/** Links are followed this far at most, so a mistaken cycle cannot loop. */
const MAX_LINK_HOPS = 5;

/** Reads of the Learner Register. Plain SQL on the verification path: it runs on every call. */
export class LearnerRegister {
  constructor(private readonly db: Database) {}

  /** The record for a ULN and, when it is linked, the record of its master. */
  async findForVerification(uln: string): Promise<{ held?: HeldLearner; master?: HeldLearner }> {
    const row = await this.row(uln);
    if (!row) return {};
    let masterRow: VerificationRow | undefined;
    let next = row.master_uln;
    for (let hop = 0; next && hop < MAX_LINK_HOPS; hop++) {
      const candidate = await this.row(next);
      if (!candidate) break;
      masterRow = candidate;
      next = candidate.master_uln;
    }
    return { held: toHeld(row), master: masterRow && toHeld(masterRow) };
  }

  /**
   * The ULNs a learner's PLR is kept under: the master (following links) and every ULN linked
   * to it. A ULN not on the register stands alone.
   */
  async ulnsOfLearner(uln: string): Promise<{ master: string; ulns: string[] }> {
    let master = uln;
    for (let hop = 0; hop < MAX_LINK_HOPS; hop++) {
      const row = await this.row(master);
      if (!row?.master_uln) break;
      master = row.master_uln;
    }
    return { master, ulns: await this.ulnsUnder(master, uln) };
  }

  /** As ulnsOfLearner, when the master is already known (a verification has just found it). */
  async ulnsUnder(master: string, uln: string): Promise<string[]> {
    const linked = await this.db.query<{ uln: string }[]>('SELECT uln FROM learners WHERE master_uln = ?', [master]);
    return [...new Set([master, uln, ...linked.map((r) => r.uln)])];
  }

  /** The learner's AbilityToShare (the contract: 0 notice not seen, 1 able to share, 2 unable); undefined when not held. */
  async abilityToShare(uln: string): Promise<number | undefined> {
    const rows = await this.db.query<{ ability_to_share: number | string }[]>('SELECT ability_to_share FROM learners WHERE uln = ?', [
      uln,
    ]);
    return rows[0] === undefined ? undefined : Number(rows[0].ability_to_share);
  }

  /** Every learner (or the first `limit`) in ULN order, a page at a time: memory stays flat for any register. */
  async *inUlnOrder(limit = Infinity, pageSize = 1000): AsyncGenerator<HeldLearner> {
    let after = '';
    let left = limit;
    while (left > 0) {
      const rows = await this.db.query<VerificationRow[]>(
        `SELECT uln, master_uln, given_name, family_name, previous_family_name, preferred_given_name, date_of_birth, gender
           FROM learners WHERE uln > ? ORDER BY uln LIMIT ${Math.min(pageSize, left)}`,
        [after],
      );
      for (const row of rows) yield toHeld(row);
      if (rows.length === 0) return;
      left -= rows.length;
      after = rows[rows.length - 1].uln;
    }
  }

  private async row(uln: string): Promise<VerificationRow | undefined> {
    const rows = await this.db.query<VerificationRow[]>(FOR_VERIFICATION, [uln]);
    return rows[0];
  }
}

function toHeld(row: VerificationRow): HeldLearner {
  return {
    uln: row.uln,
    givenName: row.given_name,
    familyName: row.family_name,
    previousFamilyName: row.previous_family_name,
    preferredGivenName: row.preferred_given_name,
    dateOfBirth: row.date_of_birth,
    gender: row.gender as Gender,
  };
}
