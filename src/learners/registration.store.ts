import type { Database } from '../platform/database';
import { sqlDateTime } from '../platform/data-source';
import { LEARNER_COLUMNS, type LearnerRecord, recordFromRow } from './learner-record';
import { sameMandatoryDetails, type SearchedDetails } from './registration.rules';

/** The learners born on a day with a gender, whose other mandatory details are then compared (IDX_learners_birth_gender). */
export const SAME_BIRTH_AND_GENDER =
  'SELECT uln, given_name, family_name, date_of_birth, gender, postcode FROM learners WHERE date_of_birth = ? AND gender = ?';

/**
 * The reads of registering and updating learners, and the drawing of new ULNs, each in the
 * caller's transaction (records are written by LearnerStore.upsert).
 */
export class RegistrationStore {
  constructor(private readonly db: Database) {}

  /**
   * Makes the transaction the only one registering or updating learners until it ends: otherwise two
   * registrations of the same learner at once would each find the other not yet there. SQLite's
   * transactions hold the write lock from their start already; MySQL/MariaDB lock the one row of
   * learner_registration_lock (docs/decisions/0085-registering-and-updating-learners.md).
   */
  async lockRegistrations(): Promise<void> {
    if (!this.db.sqlite) await this.db.query('SELECT id FROM learner_registration_lock WHERE id = 1 FOR UPDATE');
  }

  /** The ULNs of learners holding these mandatory details, but `except`. */
  async ulnsWithSameDetails(details: SearchedDetails, except?: string): Promise<string[]> {
    // A locking read on MySQL/MariaDB: the latest records, whenever the transaction's snapshot was taken.
    const lock = this.db.sqlite ? '' : ' LOCK IN SHARE MODE';
    const rows = await this.db.query<
      { uln: string; given_name: string; family_name: string; date_of_birth: string; gender: number; postcode: string }[]
    >(`${SAME_BIRTH_AND_GENDER}${lock}`, [details.dateOfBirth, Number(details.gender)]);
    return rows
      .filter((row) => row.uln !== except)
      .filter((row) =>
        sameMandatoryDetails(details, {
          givenName: row.given_name,
          familyName: row.family_name,
          dateOfBirth: row.date_of_birth,
          gender: row.gender,
          lastKnownPostCode: row.postcode,
        }),
      )
      .map((row) => row.uln);
  }

  /** The learner's whole record, locked until the transaction ends (SQLite's transactions hold the write lock already). */
  async heldForUpdate(uln: string): Promise<LearnerRecord | undefined> {
    const lock = this.db.sqlite ? '' : ' FOR UPDATE';
    const columns = LEARNER_COLUMNS.map(([, column]) => column).join(', ');
    const rows = await this.db.query<Record<string, unknown>[]>(`SELECT ${columns} FROM learners WHERE uln = ?${lock}`, [uln]);
    return rows[0] === undefined ? undefined : recordFromRow(rows[0]);
  }

  /**
   * The next number of uln_sequence, drawn at `at`: the database gives every insert its own id,
   * however many registrations run at once and in however many processes.
   */
  async drawNumber(at: Date): Promise<number> {
    return this.db.insert('INSERT INTO uln_sequence (drawn_at) VALUES (?)', [sqlDateTime(at)]);
  }

  /** Whether a learner holds this ULN. */
  async isHeld(uln: string): Promise<boolean> {
    const rows = await this.db.query<unknown[]>('SELECT 1 AS held FROM learners WHERE uln = ?', [uln]);
    return rows.length > 0;
  }
}
