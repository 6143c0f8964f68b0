import { sqlDateTime } from '../platform/data-source';
import type { Database } from '../platform/database';
import type { SubsetChange } from './learner-details.rules';

/** The columns UpdateLearnerSubsetFields writes. */
const SUBSET_COLUMNS: Record<keyof SubsetChange, string> = {
  emailAddress: 'email_address',
  telephoneNumber: 'telephone_number',
  abilityToShare: 'ability_to_share',
  schoolAtAge16: 'school_at_age16',
  preferredGivenName: 'preferred_given_name',
};

/** The update of a learner's details by UpdateLearnerSubsetFields: optimistic, on the version read. */
export class LearnerDetailsStore {
  constructor(private readonly db: Database) {}

  /**
   * Sets the fields if the record is still at `versionNumber`, moving it to the next version on
   * `today`; false when another request changed it first.
   */
  async updateSubsetIfUnchanged(
    uln: string,
    versionNumber: number,
    set: SubsetChange,
    today: string,
    at: Date,
  ): Promise<boolean> {
    const fields = Object.keys(set) as (keyof SubsetChange)[];
    const { affected } = await this.db.run(
      `UPDATE learners SET ${fields.map((f) => `${SUBSET_COLUMNS[f]} = ?`).join(', ')},
         version_number = version_number + 1, last_updated_date = ?, updated_at = ?
       WHERE uln = ? AND version_number = ?`,
      [...fields.map((f) => set[f]), today, sqlDateTime(at), uln, versionNumber],
    );
    return affected === 1;
  }
}
