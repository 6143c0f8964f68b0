import type { DataChallengeLinks } from '../achievements/achievement.service';
import type { Database } from '../platform/database';
import { DomainError } from '../platform/errors';
import { canWork, isOpen } from './data-challenge.rules';
import { DataChallengeStore } from './data-challenge.store';

/**
 * guide 6.2.1-6.2.3: an action on an achievement (update, withdraw, re-create) may name the
 * challenge it answers; the challenge must be the caller's and still open. Read in the action's
 * transaction, so the link and the action commit together.
 */
export function dataChallengeLinks(db: Database): DataChallengeLinks {
  const store = new DataChallengeStore(db);
  return {
    async assertLinkable(id, context) {
      const challenge = await store.standing(id);
      if (!challenge || !canWork(challenge, context.principal)) throw challengeNotFound(id);
      if (!isOpen(challenge.status)) {
        throw new DomainError(
          'DATA_CHALLENGE_CLOSED',
          `Data challenge ${id} is already ${challenge.status}: act under an open one`,
        );
      }
    },
  };
}

/** Another organisation's challenge is as invisible as a missing one. */
export function challengeNotFound(id: number): DomainError {
  return new DomainError('DATA_CHALLENGE_NOT_FOUND', `No data challenge of your organisation has the id ${id}`);
}
