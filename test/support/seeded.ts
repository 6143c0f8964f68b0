import type { DataSource } from 'typeorm';
import { Database } from '../../src/platform/database';
import { seedCompatibilityData } from '../../src/compatibility/seed';
import { AuditTrail } from '../../src/platform/audit/audit-trail';
import { Authenticator } from '../../src/platform/auth/authenticator';
import { CachedAccountStore } from '../../src/platform/auth/cached-account-store';
import { ChangeCounters } from '../../src/platform/cache/change-counters';
import { CredentialCache } from '../../src/platform/auth/credential-cache';
import { PasswordHasher } from '../../src/platform/auth/password-hashing';
import { PasswordSeal } from '../../src/platform/auth/password-sealing';
import type { Clock } from '../../src/platform/clock';
import { systemClock } from '../../src/platform/clock';
import { SqlAccountStore } from '../../src/users/account.store';
import { TEST_DIGEST_KEY } from './test-config';

export const testHasher = new PasswordHasher(1024);
export const testSeal = new PasswordSeal(Buffer.from(TEST_DIGEST_KEY, 'hex'));

/** The compatibility data set on a test database, with a small synthetic register. */
export async function seedTestData(dataSource: DataSource, clock: Clock = systemClock): Promise<void> {
  await seedCompatibilityData(new Database(dataSource), { hasher: testHasher, seal: testSeal, clock, syntheticLearnerCount: 50 });
}

/** An authenticator as one gateway process would build it: its own credential cache and account cache. */
export function gatewayProcessAuthenticator(
  dataSource: DataSource,
  clock: Clock = systemClock,
  lockoutThreshold = 3,
): Authenticator {
  const db = new Database(dataSource);
  return new Authenticator(
    new CachedAccountStore(new SqlAccountStore(db), new ChangeCounters(db), 1000),
    testHasher,
    new CredentialCache(1000),
    testSeal,
    { lockoutThreshold, passwordExpiryDays: 44, createdToleranceSeconds: 300 },
    clock,
  );
}

export function auditTrail(dataSource: DataSource, clock: Clock = systemClock): AuditTrail {
  return new AuditTrail(new Database(dataSource), clock);
}

/** The principal a seeded user acts as, read from the database (no password needed in service tests). */
export async function principalOf(dataSource: DataSource, username: string) {
  const account = await new SqlAccountStore(new Database(dataSource)).findByUsername(username);
  if (!account) throw new Error(`no seeded user ${username}`);
  return {
    userId: account.userId,
    username: account.username,
    organisationId: account.organisationId,
    organisationUkprn: account.organisationUkprn,
    organisationKind: account.organisationKind,
    roles: account.roles,
  };
}
