import type { Database } from '../platform/database';
import { LEARNER_COLUMNS, type LearnerRecord } from './learner-record';
import { SearchKeyStore } from './search-key.store';
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

/** A learner as verification sees them, with the ULN of the master their record is linked to, if any. */
export interface RegisterEntry {
  learner: HeldLearner;
  masterUln: string | null;
}

const ROWS_PER_STATEMENT = 200;

const placeholders = (values: readonly unknown[]) => values.map(() => '?').join(', ');

/** The Learner Register's records (the learners table), read and written. */
export class LearnerStore {
  private readonly searchKeys: SearchKeyStore;

  constructor(private readonly db: Database) {
    this.searchKeys = new SearchKeyStore(db);
  }

  /** The records of these ULNs and, in the same read, the records they are linked to: one hop of links. */
  async withLinkedRecords(ulns: string[]): Promise<RegisterEntry[]> {
    const rows = await this.db.query<LinkedRow[]>(`${FOR_VERIFICATION} (${placeholders(ulns)})`, ulns);
    return rows.flatMap((row) => {
      const linked = linkedRecord(row);
      return linked ? [entryOf(row), entryOf(linked)] : [entryOf(row)];
    });
  }

  /** The learner's AbilityToShare (the contract: 0 notice not seen, 1 able to share, 2 unable); undefined when not held. */
  async abilityToShare(uln: string): Promise<number | undefined> {
    const rows = await this.db.query<{ ability_to_share: number | string }[]>(
      'SELECT ability_to_share FROM learners WHERE uln = ?',
      [uln],
    );
    return rows[0] === undefined ? undefined : Number(rows[0].ability_to_share);
  }

  /** The next `limit` learners in ULN order after the ULN `after`. */
  async pageAfter(after: string, limit: number): Promise<HeldLearner[]> {
    const rows = await this.db.query<VerificationRow[]>(
      `SELECT ${COLUMNS.join(', ')} FROM learners WHERE uln > ? ORDER BY uln LIMIT ${limit}`,
      [after],
    );
    return rows.map(toHeld);
  }

  /** Every field of these records (one read); ULNs not on the register are absent from the answer. */
  async records(ulns: string[]): Promise<LearnerRecord[]> {
    const rows = await this.db.query<Record<string, unknown>[]>(`${FULL_RECORDS} (${placeholders(ulns)})`, ulns);
    return rows.map(
      (row) => Object.fromEntries(LEARNER_COLUMNS.map(([field, column]) => [field, row[column]])) as unknown as LearnerRecord,
    );
  }

  /** The ULNs linked to each of these masters (one read). */
  async linkedTo(masters: string[]): Promise<Map<string, string[]>> {
    const linked = new Map<string, string[]>();
    const rows = await this.db.query<{ uln: string; master_uln: string }[]>(`${LINKED_TO} (${placeholders(masters)})`, masters);
    for (const row of rows) linked.set(row.master_uln, [...(linked.get(row.master_uln) ?? []), row.uln]);
    return linked;
  }

  /** Which of these ULNs the register holds. */
  async held(ulns: string[]): Promise<Set<string>> {
    const rows = await this.db.query<{ uln: string }[]>(`SELECT uln FROM learners WHERE uln IN (${placeholders(ulns)})`, ulns);
    return new Set(rows.map((row) => row.uln));
  }

  /**
   * Inserts or replaces records by ULN, many rows per statement: the one way records are written
   * (registering, seeding, `grow-learners`, `import-learners`). Their search keys are replaced as
   * well, so call it in a transaction (docs/decisions/0079-finding-learners-by-search-keys.md).
   * Writing the same records again changes nothing.
   */
  async upsert(records: LearnerRecord[]): Promise<void> {
    const columns = LEARNER_COLUMNS.map(([, column]) => column);
    const updates = columns.filter((c) => c !== 'uln' && c !== 'created_date');
    const conflict = this.db.sqlite
      ? ` ON CONFLICT(uln) DO UPDATE SET ${updates.map((c) => `${c} = excluded.${c}`).join(', ')}, updated_at = CURRENT_TIMESTAMP`
      : ` ON DUPLICATE KEY UPDATE ${updates.map((c) => `${c} = VALUES(${c})`).join(', ')}, updated_at = CURRENT_TIMESTAMP(3)`;
    for (let start = 0; start < records.length; start += ROWS_PER_STATEMENT) {
      const chunk = records.slice(start, start + ROWS_PER_STATEMENT);
      const rows = chunk.map(() => `(${placeholders(columns)})`).join(', ');
      const values = chunk.flatMap((record) => LEARNER_COLUMNS.map(([field]) => valueOf(record, field)));
      await this.db.run(`INSERT INTO learners (${columns.join(', ')}) VALUES ${rows}${conflict}`, values);
    }
    await this.searchKeys.file(records);
  }
}

function valueOf(record: LearnerRecord, field: keyof LearnerRecord): string | number | null {
  const value = record[field];
  if (value === undefined) return field === 'versionNumber' ? 1 : null;
  return value;
}

function linkedRecord(row: LinkedRow): VerificationRow | undefined {
  if (row.m_uln === null) return undefined;
  return Object.fromEntries(COLUMNS.map((c) => [c, row[`m_${c}` as keyof LinkedRow]])) as unknown as VerificationRow;
}

function entryOf(row: VerificationRow): RegisterEntry {
  return { learner: toHeld(row), masterUln: row.master_uln };
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
