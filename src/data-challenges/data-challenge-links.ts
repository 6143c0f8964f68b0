import type { DataChallengeLinks } from '../achievements/achievement.service';
import { DomainError } from '../platform/errors';
import { canWork, type DataChallengeStatus, isOpen } from './data-challenge.rules';

/**
 * guide 6.2.1-6.2.3: an action on an achievement (update, withdraw, re-create) may name the
 * challenge it answers; the challenge must be the caller's and still open. Runs in the action's
 * transaction, so the link and the action commit together.
 */
export const dataChallengeLinks: DataChallengeLinks = {
  async assertLinkable(manager, id, context) {
    const rows = (await manager.query('SELECT status, assigned_organisation_id FROM data_challenges WHERE id = ?', [
      Number.isSafeInteger(id) ? id : 0,
    ])) as { status: DataChallengeStatus; assigned_organisation_id: number }[];
    const row = rows[0];
    const challenge = row && { assignedOrganisationId: Number(row.assigned_organisation_id), status: row.status };
    if (!challenge || !canWork(challenge, context.principal)) throw challengeNotFound(id);
    if (!isOpen(row.status)) {
      throw new DomainError('DATA_CHALLENGE_CLOSED', `Data challenge ${id} is already ${row.status}: act under an open one`);
    }
  },
};

/** Another organisation's challenge is as invisible as a missing one. */
export function challengeNotFound(id: number): DomainError {
  return new DomainError('DATA_CHALLENGE_NOT_FOUND', `No data challenge of your organisation has the id ${id}`);
}
