import type { EntityManager } from 'typeorm';
import { isSqlite } from '../platform/data-source';
import { LEARNER_COLUMNS, type LearnerRecord, recordFromRow } from './learner-record';
import { sameMandatoryDetails, type SearchedDetails } from './registration.rules';

/**
 * The reads of registering and updating learners, each in the caller's transaction (records are
 * written by the one learner writer, learner-writer.ts).
 */

/** The learners born on a day with a gender, whose other mandatory details are then compared (IDX_learners_birth_gender). */
export const SAME_BIRTH_AND_GENDER =
  'SELECT uln, given_name, family_name, date_of_birth, gender, postcode FROM learners WHERE date_of_birth = ? AND gender = ?';

/** The ULNs of learners holding these mandatory details, but `except`. */
export async function ulnsWithSameDetails(manager: EntityManager, details: SearchedDetails, except?: string): Promise<string[]> {
  // A locking read on MySQL/MariaDB: the latest records, whenever the transaction's snapshot was taken.
  const lock = isSqlite(manager) ? '' : ' LOCK IN SHARE MODE';
  const rows = (await manager.query(`${SAME_BIRTH_AND_GENDER}${lock}`, [details.dateOfBirth, Number(details.gender)])) as {
    uln: string;
    given_name: string;
    family_name: string;
    date_of_birth: string;
    gender: number;
    postcode: string;
  }[];
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
export async function heldForUpdate(manager: EntityManager, uln: string): Promise<LearnerRecord | undefined> {
  const lock = isSqlite(manager) ? '' : ' FOR UPDATE';
  const columns = LEARNER_COLUMNS.map(([, column]) => column).join(', ');
  const rows = (await manager.query(`SELECT ${columns} FROM learners WHERE uln = ?${lock}`, [uln])) as Record<string, unknown>[];
  return rows[0] === undefined ? undefined : recordFromRow(rows[0]);
}

/**
 * Makes the transaction the only one registering or updating learners until it ends: otherwise two
 * registrations of the same learner at once would each find the other not yet there. SQLite's
 * transactions hold the write lock from their start already; MySQL/MariaDB lock the one row of
 * learner_registration_lock (docs/decisions/0085-registering-and-updating-learners.md).
 */
export async function lockRegistrations(manager: EntityManager): Promise<void> {
  if (!isSqlite(manager)) await manager.query('SELECT id FROM learner_registration_lock WHERE id = 1 FOR UPDATE');
}
