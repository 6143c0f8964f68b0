import { type Account, type AccountStore, type OrganisationCredentials, toPrincipal } from '../../src/platform/auth/accounts';
import { CachedAccountStore, cachedAccounts } from '../../src/platform/auth/cached-account-store';
import { loginWorthRecording } from '../../src/platform/auth/login-record';
import {
  CHANGE_CONCEPTS,
  ChangeCounters,
  type ChangeConcept,
  type CountersRead,
  REUSE_WITHIN_MS,
} from '../../src/platform/cache/change-counters';
import { Lru } from '../../src/platform/cache/lru';
import { VersionedCache } from '../../src/platform/cache/versioned-cache';
import type { Database } from '../../src/platform/database';

describe('the least-recently-used map', () => {
  test('holds at most its capacity, giving up the least recently used first', () => {
    const lru = new Lru<string, number>(2);
    lru.set('a', 1);
    lru.set('b', 2);
    expect(lru.get('a')).toBe(1); // a is now the most recently used
    lru.set('c', 3);
    expect([lru.get('a'), lru.get('b'), lru.get('c')]).toEqual([1, undefined, 3]);
    expect(lru.size).toBe(2);
  });

  test('setting a key again replaces its value and makes it the most recent', () => {
    const lru = new Lru<string, number>(2);
    lru.set('a', 1);
    lru.set('b', 2);
    lru.set('a', 10);
    lru.set('c', 3);
    expect([lru.get('a'), lru.get('b'), lru.get('c')]).toEqual([10, undefined, 3]);
  });

  test('capacity 0 remembers nothing', () => {
    const lru = new Lru<string, number>(0);
    lru.set('a', 1);
    expect([lru.get('a'), lru.size]).toEqual([undefined, 0]);
  });
});

describe('a cache of reads made at a change-counter version', () => {
  test('answers a value only to a caller holding the version it was read at', () => {
    const cache = new VersionedCache<string>(10);
    expect(cache.get('k', 1)).toBeUndefined();
    cache.set('k', 'read at 1', 1);
    expect(cache.get('k', 1)).toEqual({ value: 'read at 1' });
    expect(cache.get('k', 2)).toBeUndefined();
  });

  test.each([
    ['a newer version', 8],
    ['an older version (the counters read back from a restored database)', 6],
  ])('a caller holding %s empties it', (_case, other) => {
    const cache = new VersionedCache<string>(10);
    cache.set('ignored: the cache has seen no version yet', 'x', 7);
    cache.get('a', 7);
    cache.set('a', 'A', 7);
    cache.set('b', 'B', 7);
    expect(cache.get('a', other)).toBeUndefined();
    expect(cache.size).toBe(0);
    expect(cache.get('b', 7)).toBeUndefined(); // back at 7, nothing of the first 7 is left
  });

  test('a value read at one version is not kept once a caller at another has been seen', () => {
    const cache = new VersionedCache<string>(10);
    cache.get('a', 1); // a slow read starts at version 1
    cache.get('a', 2); // a call at version 2 starts meanwhile
    cache.set('a', 'read at 2', 2);
    cache.set('a', 'read at 1, finished late', 1);
    expect(cache.get('a', 2)).toEqual({ value: 'read at 2' });
  });

  test('remembers that something is absent', () => {
    const cache = new VersionedCache<string | undefined>(10);
    cache.get('nobody', 3);
    cache.set('nobody', undefined, 3);
    expect(cache.get('nobody', 3)).toEqual({ value: undefined });
  });

  test('through() reads once per key and version', async () => {
    const cache = new VersionedCache<string>(10);
    const read: jest.Mock<Promise<string>> = jest.fn(async () => `read ${read.mock.calls.length}`);
    expect(await cache.through('a', 1, read)).toBe('read 1');
    expect(await cache.through('a', 1, read)).toBe('read 1');
    expect(await cache.through('a', 2, read)).toBe('read 2');
    expect(read).toHaveBeenCalledTimes(2);
  });

  test('keeps at most its capacity', () => {
    const cache = new VersionedCache<number>(3);
    cache.get('0', 1);
    for (let i = 0; i < 10; i++) cache.set(String(i), i, 1);
    expect(cache.size).toBe(3);
    expect(cache.get('9', 1)).toEqual({ value: 9 });
    expect(cache.get('0', 1)).toBeUndefined();
  });
});

/** Counters the test moves by hand, as the database's triggers would; each read of them counted. */
function movableCounters() {
  const versions: Record<ChangeConcept, number> = { accounts: 1, learners: 1, reference_lists: 1 };
  const reads = { count: 0 };
  const read = async (reuse?: CountersRead): Promise<CountersRead> => {
    if (reuse) return reuse;
    reads.count++;
    return { versions: { ...versions }, at: 0 };
  };
  return {
    versions,
    reads,
    counters: { read, version: async (concept: ChangeConcept) => (await read()).versions[concept] } as unknown as ChangeCounters,
  };
}

const VICTOR: Account = {
  userId: 7,
  username: 'victor.vance',
  status: 'ACTIVE',
  passwordHash: 'scrypt$…',
  passwordSealed: null,
  passwordChangedAt: new Date('2026-05-01T00:00:00Z'),
  passwordIsOneTime: false,
  failedAttempts: 0,
  agreementAcceptedAt: new Date('2026-05-01T00:00:00Z'),
  secretAnswerHash: 'scrypt$…',
  lastLoginAt: null,
  organisationId: 2,
  organisationUkprn: '10099901',
  organisationKind: 'AO',
  organisationStatus: 'ACTIVE',
  roles: ['AWARDING_BODY_USER'],
};

const AO_ONE: OrganisationCredentials = { organisationId: 2, ukprn: '10099901', status: 'ACTIVE', wsPasswordHash: 'scrypt$…' };

/** An account store whose rows the test changes, counting its reads. */
function storeOf(rows: Map<string, Account>) {
  const reads = { accounts: 0, organisations: 0 };
  const logins: [number, Date][] = [];
  const store: AccountStore = {
    findByUsername: async (username) => (reads.accounts++, rows.get(username)),
    findOrganisation: async (ref) => (
      reads.organisations++,
      ref.ukprn === AO_ONE.ukprn || ref.organisationRef === 'AOB001' ? AO_ONE : undefined
    ),
    recordFailedAttempt: async () => ({ suspended: false }),
    clearFailedAttempts: async () => undefined,
    recordLogin: async (userId, at) => void logins.push([userId, at]),
    rememberNonce: async () => true,
    forgetNoncesBefore: async () => undefined,
  };
  return { store, reads, logins };
}

describe('the account cache', () => {
  test('reads an account once while the accounts counter stands, and again once it moves', async () => {
    const rows = new Map([['victor.vance', VICTOR]]);
    const { store, reads } = storeOf(rows);
    const { counters, versions } = movableCounters();
    const cached = new CachedAccountStore(store, counters, 100);
    expect((await cached.findByUsername('victor.vance'))?.status).toBe('ACTIVE');
    expect((await cached.findByUsername('victor.vance'))?.status).toBe('ACTIVE');
    expect(reads.accounts).toBe(1);

    rows.set('victor.vance', { ...VICTOR, status: 'SUSPENDED' }); // another process suspends him...
    versions.accounts++; // ...and its transaction moves the counter
    expect((await cached.findByUsername('victor.vance'))?.status).toBe('SUSPENDED');
    expect(reads.accounts).toBe(2);
  });

  test('a change to learners or reference lists leaves accounts where they are', async () => {
    const { store, reads } = storeOf(new Map([['victor.vance', VICTOR]]));
    const { counters, versions } = movableCounters();
    const cached = new CachedAccountStore(store, counters, 100);
    await cached.findByUsername('victor.vance');
    versions.learners++;
    versions.reference_lists++;
    await cached.findByUsername('victor.vance');
    expect(reads.accounts).toBe(1);
  });

  test('an unknown username is remembered as unknown until an account is made', async () => {
    const rows = new Map<string, Account>();
    const { store, reads } = storeOf(rows);
    const { counters, versions } = movableCounters();
    const cached = new CachedAccountStore(store, counters, 100);
    expect(await cached.findByUsername('victor.vance')).toBeUndefined();
    expect(await cached.findByUsername('victor.vance')).toBeUndefined();
    expect(reads.accounts).toBe(1);
    rows.set('victor.vance', VICTOR);
    versions.accounts++;
    expect((await cached.findByUsername('victor.vance'))?.userId).toBe(7);
  });

  test('organisations are read once per UKPRN and per OrganisationRef, and again once the counter moves', async () => {
    const { store, reads } = storeOf(new Map());
    const { counters, versions } = movableCounters();
    const cached = new CachedAccountStore(store, counters, 100);
    for (let i = 0; i < 3; i++) {
      expect(await cached.findOrganisation({ ukprn: '10099901' })).toMatchObject(AO_ONE);
      expect(await cached.findOrganisation({ organisationRef: 'AOB001' })).toMatchObject(AO_ONE);
      expect(await cached.findOrganisation({ ukprn: '99999999' })).toBeUndefined();
    }
    expect(reads.organisations).toBe(3);
    versions.accounts++;
    await cached.findOrganisation({ ukprn: '10099901' });
    expect(reads.organisations).toBe(4);
  });

  test('a login this process recorded is known without moving the counter, so it is recorded once a minute, not on every call', async () => {
    const { store, logins } = storeOf(new Map([['victor.vance', VICTOR]]));
    const { counters } = movableCounters();
    const cached = new CachedAccountStore(store, counters, 100);
    const at = new Date('2026-06-01T12:00:00Z');
    const first = await cached.findByUsername('victor.vance');
    expect(loginWorthRecording(first?.lastLoginAt ?? null, at)).toBe(true);
    await cached.recordLogin(7, at);
    expect(logins).toEqual([[7, at]]);
    const next = await cached.findByUsername('victor.vance');
    expect(next?.lastLoginAt).toEqual(at);
    expect(loginWorthRecording(next?.lastLoginAt ?? null, new Date(at.getTime() + 30_000))).toBe(false);
  });

  test("a caller's changes to the account it was given never reach the cache", async () => {
    const { store } = storeOf(new Map([['victor.vance', VICTOR]]));
    const cached = new CachedAccountStore(store, movableCounters().counters, 100);
    const account = (await cached.findByUsername('victor.vance')) as Account;
    account.status = 'SUSPENDED';
    expect(() => account.roles.push('OPERATOR')).toThrow(TypeError);
    expect(await cached.findByUsername('victor.vance')).toMatchObject({ status: 'ACTIVE', roles: ['AWARDING_BODY_USER'] });
  });

  test('the account answered carries the counters it was checked against, and the principal made of it too', async () => {
    const { store } = storeOf(new Map([['victor.vance', VICTOR]]));
    const { counters, reads } = movableCounters();
    const cached = new CachedAccountStore(store, counters, 100);
    const account = (await cached.findByUsername('victor.vance')) as Account;
    expect(account.countersRead?.versions.accounts).toBe(1);
    expect(toPrincipal(account).countersRead).toBe(account.countersRead);
    expect(toPrincipal(VICTOR)).not.toHaveProperty('countersRead');
    expect(reads.count).toBe(1);
  });

  test("on the LRS services the organisation's read of the counters serves for its user: one read a call", async () => {
    const { store } = storeOf(new Map([['victor.vance', VICTOR]]));
    const { counters, reads } = movableCounters();
    const cached = new CachedAccountStore(store, counters, 100);
    const organisation = await cached.findOrganisation({ ukprn: '10099901' });
    const account = await cached.findByUsername('victor.vance', organisation?.countersRead);
    expect(account?.countersRead).toBe(organisation?.countersRead);
    expect(reads.count).toBe(1);
  });

  test('ACCOUNT_CACHE_SIZE=0 leaves the store as it is', () => {
    const { store } = storeOf(new Map());
    const { counters } = movableCounters();
    expect(cachedAccounts(store, counters, 0)).toBe(store);
    expect(cachedAccounts(store, counters, 1)).toBeInstanceOf(CachedAccountStore);
  });
});

/** The database as ChangeCounters sees it: the counters' one statement, counted. */
function countersDatabase() {
  const state = { reads: 0, version: 1, now: 10_000 };
  const db = {
    query: async () => {
      state.reads++;
      return CHANGE_CONCEPTS.map((name) => ({ name, version: String(state.version) }));
    },
  };
  return { state, db, counters: new ChangeCounters(db as unknown as Database, () => state.now) };
}

describe('reading the change counters', () => {
  test('every read asks the database, in one statement for every concept', async () => {
    const { state, counters } = countersDatabase();
    expect((await counters.read()).versions).toEqual({ accounts: 1, learners: 1, reference_lists: 1 });
    state.version = 2;
    expect(await counters.version('learners')).toBe(2);
    expect(state.reads).toBe(2);
  });

  test("a call's own earlier read is used again, without a statement", async () => {
    const { state, counters } = countersDatabase();
    const authenticated = await counters.read();
    state.version = 2; // committed elsewhere while the call goes on: the call began before it
    state.now += REUSE_WITHIN_MS;
    expect(await counters.version('learners', authenticated)).toBe(1);
    expect(await counters.read(authenticated)).toBe(authenticated);
    expect(state.reads).toBe(1);
  });

  test('a read older than a call lasts is not used again: one carried beyond its call cannot go on serving', async () => {
    const { state, counters } = countersDatabase();
    const kept = await counters.read();
    state.version = 2;
    state.now += REUSE_WITHIN_MS + 1;
    expect(await counters.version('accounts', kept)).toBe(2);
    expect(state.reads).toBe(2);
  });

  test('a read is dated when it is sent, never later', async () => {
    const { state, db, counters } = countersDatabase();
    const query = db.query;
    db.query = async () => {
      state.now += 500; // the answer takes 500 ms to come back
      return query();
    };
    expect((await counters.read()).at).toBe(10_000);
  });

  test('a missing counter row is an error, never a version', async () => {
    const { db, counters } = countersDatabase();
    db.query = async () => [{ name: 'accounts', version: '1' }];
    await expect(counters.read()).rejects.toThrow('change_counters has no row for learners');
  });
});
