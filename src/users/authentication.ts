import type { Platform } from '../feature-module';
import { Authenticator } from '../platform/auth/authenticator';
import { cachedAccounts } from '../platform/auth/cached-account-store';
import { CredentialCache } from '../platform/auth/credential-cache';
import { budgetLimiter } from '../platform/http/rate-limits';
import { SqlAccountStore } from './account.store';
import { OrganisationPasswordFailures } from './organisation-password-failures';

/**
 * Who is calling, from the accounts of users/: every front door asks it, and a worker's metrics port when
 * METRICS_ACCESS=operator. An account suspended after repeated wrong passwords is counted, logged and audited.
 */
export function accountAuthenticator({ config, db, outbox, clock, metrics, logger, audit, hasher, seal, counters }: Platform) {
  const organisationPasswords = new OrganisationPasswordFailures(
    db,
    outbox,
    clock,
    config.orgPasswordFailureWindowSeconds,
    config.orgPasswordFailuresPerAddress === 0
      ? undefined
      : budgetLimiter(config, db, {
          keyPrefix: 'org-password-address',
          points: config.orgPasswordFailuresPerAddress,
          duration: config.orgPasswordFailureWindowSeconds,
        }),
  );
  return new Authenticator(
    cachedAccounts(new SqlAccountStore(db), counters, config.accountCacheSize),
    hasher,
    new CredentialCache(config.credentialCacheSize),
    seal,
    {
      lockoutThreshold: config.lockoutThreshold,
      passwordExpiryDays: config.passwordExpiryDays,
      createdToleranceSeconds: config.wsseCreatedToleranceSeconds,
    },
    clock,
    (event) => {
      if (event.outcome !== 'LOCKED_OUT') return;
      metrics.lockouts.inc();
      logger.warn('account suspended after repeated wrong passwords', { username: event.username });
      audit.recordSoon({
        correlationId: 'lockout',
        surface: 'system',
        operation: 'SuspendAccount',
        outcome: 'LOCKED_OUT',
        organisationId: event.organisationId,
        userId: event.userId,
        username: event.username,
        subject: event.username,
      });
    },
    organisationPasswords,
  );
}
