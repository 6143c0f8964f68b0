import type { EntityManager } from 'typeorm';
import { isSqlite } from '../platform/data-source';
import { LEARNER_COLUMNS, type LearnerRecord, recordFromRow } from './learner-record';
import { sameMandatoryDetails, type SearchedDetails } from './registration.rules';

/**
 * The reads of registering and updating learners, each in the caller's transaction (records are
 * written by the one learner writer, learner-writer.ts).
 */

/** The ULNs of learners holding these mandatory details, but `except`. */
export async function ulnsWithSameDetails(manager: EntityManager, details: SearchedDetails, except?: string): Promise<string[]> {
  const rows = (await manager.query(
    'SELECT uln, given_name, family_name, date_of_birth, gender, postcode FROM learners WHERE date_of_birth = ? AND gender = ?',
    [details.dateOfBirth, Number(details.gender)],
  )) as { uln: string; given_name: string; family_name: string; date_of_birth: string; gender: number; postcode: string }[];
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
