import { aoVerify, lrsVerify } from '../admin/users-helpers';
import { eachDatabase } from '../support/databases';
import { type RunningGateway, startGateway } from '../support/running-gateway';
import { countStatements } from '../support/statement-count';

const PASSWORD = 'Compat-Test-2026';
const CALLS = 10;
/** Nothing else in the process may reach the database while the calls are counted. */
const QUIET = {
  BATCH_WORKER_IN_PROCESS: 'false',
  AUDIT_FLUSH_MS: '10000',
  MAIL_DELIVERY_INTERVAL_MS: '600000',
  MAINTENANCE_CACHE_SECONDS: '300',
  EDC_REPORT_SCHEDULE: 'false',
  JOURNAL_REFRESH_SECONDS: '3600',
  SANDBOX: 'off',
};
const READ_COUNTERS = 'SELECT name, version FROM change_counters';
/** The rows the caches hold: no statement of a warm call reads them. */
const CACHED_TABLES = /\b(users|user_roles|organisations|learners|given_name_synonyms|prohibited_postcodes|prohibited_text)\b/;

/**
 * What a verifyLearner call costs the database once the caches are warm
 * (docs/decisions/0073-cached-reads-kept-correct-by-change-counters.md): the change counters,
 * read once in one statement, and nothing of the account, the organisation or the learner. Before
 * the caches a call made two reads (AO gateway: the account, the learner), three with a digest
 * (and the nonce), three on the LRS service (the organisation as well).
 */
describe.each(eachDatabase())('statements per verifyLearner call on %s', (_name, database) => {
  let running: RunningGateway;
  beforeAll(async () => {
    running = await startGateway({ database, env: QUIET });
  });
  afterAll(() => running.stop());

  async function statementsOf(call: () => Promise<string | undefined>): Promise<string[]> {
    for (let i = 0; i < 3; i++) expect(await call()).toBe('WSVRC001'); // caches warm, the login recorded
    const counter = countStatements();
    try {
      for (let i = 0; i < CALLS; i++) expect(await call()).toBe('WSVRC001');
    } finally {
      counter.restore();
    }
    return counter.statements();
  }

  const counterReads = (sql: string[]) => sql.filter((s) => s === READ_COUNTERS).length;
  const cachedReads = (sql: string[]) => sql.filter((s) => s !== READ_COUNTERS && CACHED_TABLES.test(s));

  test('the AO gateway with a PasswordText: the change counters, once', async () => {
    const sql = await statementsOf(() => aoVerify(running.baseUrl, 'victor.vance', PASSWORD));
    expect(counterReads(sql)).toBe(CALLS);
    expect(cachedReads(sql)).toEqual([]);
    // Nothing else is read; what is written (the audit trail, a journal) is written behind, a batch at a time.
    expect(sql.filter((s) => /^\s*SELECT/i.test(s) && s !== READ_COUNTERS)).toEqual([]);
  });

  test('the AO gateway with a PasswordDigest: the change counters and the nonce', async () => {
    const sql = await statementsOf(() => aoVerify(running.baseUrl, 'victor.vance', PASSWORD, true));
    expect(counterReads(sql)).toBe(CALLS);
    expect(cachedReads(sql)).toEqual([]);
    expect(sql.filter((s) => s.startsWith('INSERT INTO wsse_nonces')).length).toBe(CALLS);
  });

  test('the LRS-compatible Learner Register: the change counters once, the organisation from memory too', async () => {
    const sql = await statementsOf(() => lrsVerify(running.baseUrl, 'victor.vance'));
    expect(counterReads(sql)).toBe(CALLS);
    expect(cachedReads(sql)).toEqual([]);
  });
});
