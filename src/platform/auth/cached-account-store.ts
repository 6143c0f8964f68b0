import type { ChangeCounters, CountersRead } from '../cache/change-counters';
import { Lru } from '../cache/lru';
import { VersionedCache } from '../cache/versioned-cache';
import type { Account, AccountStore, OrganisationCredentials } from './accounts';

/**
 * The account and organisation reads of every call, served from memory while the accounts
 * change counter stands where it stood when they were read: a suspension, deletion, password,
 * role or organisation change committed by any process moves it, and the next call anywhere
 * reads afresh. What is answered carries the counters read (`countersRead`), for the call's
 * later cached reads. The last login is the exception: recording it moves no counter (it would
 * empty every cache at every login), so a login this process recorded is remembered beside the
 * cache, and the at-most-once-a-minute rule of login-record.ts holds per process.
 * docs/decisions/0073-cached-reads-kept-correct-by-change-counters.md
 */
export class CachedAccountStore implements AccountStore {
  private readonly accounts: VersionedCache<Account | undefined>;
  private readonly organisations: VersionedCache<OrganisationCredentials | undefined>;
  private readonly loginsRecorded: Lru<number, Date>;

  constructor(
    private readonly store: AccountStore,
    private readonly counters: ChangeCounters,
    capacity: number,
  ) {
    this.accounts = new VersionedCache(capacity);
    this.organisations = new VersionedCache(capacity);
    this.loginsRecorded = new Lru(capacity);
  }

  async findByUsername(username: string, reuse?: CountersRead): Promise<Account | undefined> {
    const countersRead = await this.counters.read(reuse);
    const account = await this.accounts.through(username, countersRead.versions.accounts, async () =>
      frozen(await this.store.findByUsername(username)),
    );
    if (!account) return undefined;
    const recorded = this.loginsRecorded.get(account.userId);
    const lastLoginAt = recorded && !(account.lastLoginAt && account.lastLoginAt >= recorded) ? recorded : account.lastLoginAt;
    return { ...account, lastLoginAt, countersRead };
  }

  async findOrganisation(ref: { ukprn?: string; organisationRef?: string }): Promise<OrganisationCredentials | undefined> {
    const key = ref.ukprn ? `ukprn:${ref.ukprn}` : `ref:${ref.organisationRef ?? ''}`;
    const countersRead = await this.counters.read();
    const organisation = await this.organisations.through(key, countersRead.versions.accounts, () =>
      this.store.findOrganisation(ref),
    );
    return organisation && { ...organisation, countersRead };
  }

  recordFailedAttempt(userId: number, threshold: number): Promise<{ suspended: boolean }> {
    return this.store.recordFailedAttempt(userId, threshold);
  }

  clearFailedAttempts(userId: number): Promise<void> {
    return this.store.clearFailedAttempts(userId);
  }

  async recordLogin(userId: number, at: Date): Promise<void> {
    await this.store.recordLogin(userId, at);
    this.loginsRecorded.set(userId, at);
  }

  rememberNonce(nonceHash: string, seenAt: Date): Promise<boolean> {
    return this.store.rememberNonce(nonceHash, seenAt);
  }

  forgetNoncesBefore(cutoff: Date): Promise<void> {
    return this.store.forgetNoncesBefore(cutoff);
  }
}

/** The store behind the cache, or the store alone when ACCOUNT_CACHE_SIZE is 0. */
export function cachedAccounts(store: AccountStore, counters: ChangeCounters, capacity: number): AccountStore {
  return capacity === 0 ? store : new CachedAccountStore(store, counters, capacity);
}

/** A cached account is shared by every call that reads it: none may change it. */
function frozen(account: Account | undefined): Account | undefined {
  return account && Object.freeze({ ...account, roles: Object.freeze([...account.roles]) as Account['roles'] });
}
