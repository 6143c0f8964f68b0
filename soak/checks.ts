import type { DataSource } from 'typeorm';
import type { ReceivedMail } from '../test/support/smtp-sink';
import { type AchievementAction, type AcceptedStep, expectedState, type ExpectedAudit, type Ledger } from './ledger';
import { keyId, STORED_AIM_REFERENCE } from './learners';

export interface CheckResult {
  name: string;
  passed: boolean;
  detail: string;
}

type Row = Record<string, unknown>;

/** At most this many problems are spelled out per check. */
const SHOWN = 5;

function result(name: string, problems: string[], summary: string): CheckResult {
  const passed = problems.length === 0;
  const shown = problems.slice(0, SHOWN).join('; ');
  return { name, passed, detail: passed ? summary : `${problems.length} problem(s): ${shown}` };
}

const ACTION_OPERATION: Record<AchievementAction, string> = {
  CREATE: 'CreateAchievement',
  UPDATE: 'UpdateAchievement',
  WITHDRAW: 'WithdrawAchievement',
  REINSTATE: 'ReinstateAchievement',
};

/** The audit trail, by correlation id. */
class AuditIndex {
  private readonly byCorrelation = new Map<string, { operation: string; outcome: string }[]>();

  constructor(rows: Row[]) {
    for (const row of rows) {
      const id = String(row.correlation_id);
      const list = this.byCorrelation.get(id) ?? [];
      list.push({ operation: String(row.operation), outcome: String(row.outcome) });
      this.byCorrelation.set(id, list);
    }
  }

  count(correlationId: string, operation: string | undefined, outcomes: readonly string[]): number {
    return (this.byCorrelation.get(correlationId) ?? []).filter(
      (e) => (operation === undefined || e.operation === operation) && outcomes.includes(e.outcome),
    ).length;
  }
}

/** Every change the ledger expects per achievement key: SOAP steps, and batch rows under `batch-<job>`. */
function expectedChanges(ledger: Ledger): Map<string, AcceptedStep[]> {
  const expected = new Map<string, AcceptedStep[]>();
  for (const [id, { steps }] of ledger.achievements) expected.set(id, [...steps]);
  for (const batch of ledger.batches) {
    for (const row of batch.plan) {
      const id = keyId(row.key);
      expected.set(id, [...(expected.get(id) ?? []), { action: row.action, correlationId: `batch-${batch.jobId}` }]);
    }
  }
  return expected;
}

async function achievementChecks(dataSource: DataSource, ledger: Ledger, audit: AuditIndex): Promise<CheckResult[]> {
  const achievements: Row[] = await dataSource.query(
    'SELECT id, uln, aim_reference, award_date, status, grade FROM achievements',
  );
  const events: Row[] = await dataSource.query(
    'SELECT achievement_id, action, correlation_id FROM achievement_events ORDER BY id',
  );
  const expected = expectedChanges(ledger);
  const keyOfId = new Map<number, string>();
  const held = new Map<string, Row[]>();
  for (const a of achievements) {
    const id = keyId({ uln: String(a.uln), awardDate: String(a.award_date).slice(0, 10) });
    keyOfId.set(Number(a.id), a.aim_reference === STORED_AIM_REFERENCE ? id : `other:${String(a.id)}`);
    held.set(id, [...(held.get(id) ?? []), a]);
  }
  const eventsOf = new Map<string, string[]>();
  for (const e of events) {
    const id = keyOfId.get(Number(e.achievement_id)) ?? `orphan:${String(e.achievement_id)}`;
    eventsOf.set(id, [...(eventsOf.get(id) ?? []), `${String(e.action)}@${String(e.correlation_id)}`]);
  }

  const once: string[] = [];
  const state: string[] = [];
  for (const [id, steps] of expected) {
    const rows = held.get(id) ?? [];
    if (rows.length !== 1) once.push(`${id}: ${rows.length} achievement rows`);
    const want = steps.map((s) => `${s.action}@${s.correlationId}`);
    const got = eventsOf.get(id) ?? [];
    if (want.join(',') !== got.join(',')) once.push(`${id}: events ${got.join(',') || 'none'} instead of ${want.join(',')}`);
    const final = expectedState(steps.map((s) => s.action));
    if (rows.length === 1 && (rows[0].status !== final.status || rows[0].grade !== final.grade)) {
      state.push(`${id}: ${String(rows[0].status)}/${String(rows[0].grade)} instead of ${final.status}/${final.grade}`);
    }
  }
  const unaccounted = [...new Set([...held.keys(), ...eventsOf.keys()])].filter((id) => !expected.has(id));
  for (const id of unaccounted) once.push(`${id}: in the database, never accepted`);

  const audited: string[] = [];
  for (const { steps } of ledger.achievements.values()) {
    for (const s of steps) {
      const n = audit.count(s.correlationId, ACTION_OPERATION[s.action], ['OK']);
      if (n !== 1) audited.push(`${s.correlationId} ${ACTION_OPERATION[s.action]}: ${n} audit entries`);
    }
  }
  for (const batch of ledger.batches.filter((b) => b.type === 'ACHIEVEMENT')) {
    for (const action of ['CREATE', 'UPDATE', 'WITHDRAW', 'REINSTATE'] as const) {
      const want = batch.plan.filter((r) => r.action === action).length;
      const n = audit.count(`batch-${batch.jobId}`, ACTION_OPERATION[action], ['OK']);
      if (n !== want) audited.push(`batch job ${batch.jobId} ${ACTION_OPERATION[action]}: ${n} audit entries for ${want} rows`);
    }
  }
  const soapSteps = [...ledger.achievements.values()].reduce((n, e) => n + e.steps.length, 0);
  const batchRows = ledger.batches.reduce((n, b) => n + b.plan.length, 0);
  return [
    result(
      'accepted achievement changes in the database exactly once, in order, nothing else',
      once,
      `${expected.size} achievements, ${soapSteps} SOAP changes + ${batchRows} batch rows = ${events.length} events`,
    ),
    result('final status and grade of every achievement as accepted', state, `${expected.size} achievements`),
    result('one audit entry per accepted achievement change', audited, `${soapSteps + batchRows} changes audited once`),
  ];
}

async function batchChecks(dataSource: DataSource, ledger: Ledger, audit: AuditIndex): Promise<CheckResult> {
  const jobs: Row[] = await dataSource.query('SELECT id, status, row_count, rows_succeeded, rows_failed FROM batch_jobs');
  const results: Row[] = await dataSource.query(
    'SELECT job_id, COUNT(*) AS n, COUNT(DISTINCT row_no) AS d, MIN(row_no) AS lo, MAX(row_no) AS hi FROM batch_job_results GROUP BY job_id',
  );
  const resultsOf = new Map(results.map((r) => [Number(r.job_id), r]));
  const problems: string[] = [];
  for (const job of jobs) {
    const id = Number(job.id);
    const rows = Number(job.row_count);
    const r = resultsOf.get(id);
    if (job.status !== 'SUCCESSFUL') problems.push(`job ${id} ${String(job.status)}`);
    const shape = r ? `${Number(r.n)}/${Number(r.d)}/${Number(r.lo)}-${Number(r.hi)}` : 'none';
    if (shape !== `${rows}/${rows}/1-${rows}`) problems.push(`job ${id}: results ${shape} for ${rows} rows`);
    if (Number(job.rows_failed) !== 0 || Number(job.rows_succeeded) !== rows) {
      problems.push(`job ${id}: ${Number(job.rows_succeeded)} succeeded, ${Number(job.rows_failed)} failed of ${rows}`);
    }
  }
  const inDatabase = new Map(jobs.map((j) => [Number(j.id), Number(j.row_count)]));
  for (const batch of ledger.batches) {
    if (inDatabase.get(batch.jobId) !== batch.rows)
      problems.push(`job ${batch.jobId}: ${inDatabase.get(batch.jobId)} rows, sent ${batch.rows}`);
    if (batch.type === 'VERIFY_LEARNER') {
      const n = audit.count(`batch-${batch.jobId}`, 'VerifyLearner', ['WSVRC001']);
      if (n !== batch.rows) problems.push(`verify job ${batch.jobId}: ${n} audit entries for ${batch.rows} rows`);
    }
  }
  const rows = ledger.batches.reduce((n, b) => n + b.rows, 0);
  return result(
    'every batch job finished, one result per row, each row applied and audited once',
    problems,
    `${jobs.length} jobs (${ledger.batches.length} accepted by the clients), ${rows} rows`,
  );
}

async function dataChallengeCheck(dataSource: DataSource, ledger: Ledger, audit: AuditIndex): Promise<CheckResult> {
  const rows: Row[] = await dataSource.query('SELECT id, status FROM data_challenges');
  const statusOf = new Map(rows.map((r) => [Number(r.id), String(r.status)]));
  const problems: string[] = [];
  for (const c of ledger.challenges.values()) {
    const want = c.resolved?.status ?? (c.inProgressAs ? 'IN_PROGRESS' : 'NEW');
    if (statusOf.get(c.id) !== want) problems.push(`challenge ${c.id}: ${statusOf.get(c.id) ?? 'missing'} instead of ${want}`);
    const steps: [string | undefined, string, string][] = [
      [c.raisedAs, 'RaiseDataChallenge', 'OK'],
      [c.inProgressAs, 'SetDataChallengesInProgress', 'IN_PROGRESS'],
      [c.resolved?.correlationId, 'UpdateDataChallenge', c.resolved?.status ?? ''],
    ];
    for (const [correlationId, operation, outcome] of steps) {
      if (correlationId === undefined) continue;
      const n = audit.count(correlationId, operation, [outcome]);
      if (n !== 1) problems.push(`challenge ${c.id} ${operation}: ${n} audit entries`);
    }
  }
  for (const id of statusOf.keys())
    if (!ledger.challenges.has(id)) problems.push(`challenge ${id} in the database, never accepted`);
  return result(
    'data challenges: each accepted step once, with its audit entry',
    problems,
    `${ledger.challenges.size} challenges, ${[...ledger.challenges.values()].filter((c) => c.resolved).length} resolved`,
  );
}

async function outboxCheck(dataSource: DataSource, ledger: Ledger, received: readonly ReceivedMail[]): Promise<CheckResult> {
  const rows: Row[] = await dataSource.query('SELECT id, dedupe_key, status FROM outbox_messages');
  const problems: string[] = [];
  const expectedKeys = new Set<string>();
  for (const c of ledger.challenges.values()) {
    expectedKeys.add(`edc-raised:${c.id}`);
    if (c.resolved) expectedKeys.add(`edc-resolved:${c.id}`);
  }
  const keys = new Set(rows.map((r) => String(r.dedupe_key)));
  for (const key of expectedKeys) if (!keys.has(key)) problems.push(`no outbox message ${key}`);
  // The hostile client's wrong OrgPasswords tell the organisation's super users, once per window each
  // (docs/decisions/0047-organisation-password-failures.md): expected exactly when such calls were sent.
  const toldOfWrongPasswords = [...keys].filter((key) => key.startsWith('organisation-password-failure:'));
  if (ledger.wrongOrgPasswords > 0 && toldOfWrongPasswords.length === 0)
    problems.push('super users never told of wrong OrgPasswords');
  for (const key of keys) {
    if (expectedKeys.has(key) || (ledger.wrongOrgPasswords > 0 && toldOfWrongPasswords.includes(key))) continue;
    problems.push(`unexpected outbox message ${key}`);
  }
  for (const r of rows) if (r.status !== 'SENT') problems.push(`message ${String(r.id)} ${String(r.status)}`);
  const deliveries = new Map<number, number>();
  for (const mail of received) {
    const id = Number(/^Message-ID:\s*<outbox-(\d+)-/im.exec(mail.raw)?.[1]);
    deliveries.set(id, (deliveries.get(id) ?? 0) + 1);
  }
  for (const r of rows) {
    const n = deliveries.get(Number(r.id)) ?? 0;
    if (n !== 1) problems.push(`message ${String(r.id)} delivered ${n} times`);
  }
  if (received.length !== rows.length) problems.push(`${received.length} mails received for ${rows.length} outbox messages`);
  return result(
    'outbox: every message sent, each delivered to the SMTP sink exactly once',
    problems,
    `${rows.length} messages, ${received.length} received`,
  );
}

function auditsCheck(name: string, expected: readonly ExpectedAudit[], audit: AuditIndex): CheckResult {
  const problems: string[] = [];
  for (const e of expected) {
    const n = audit.count(e.correlationId, e.operation, e.outcomes);
    if (n !== 1) problems.push(`${e.correlationId}: ${n} entries ${e.operation ?? ''} ${e.outcomes.join('|')}`);
  }
  return result(name, problems, `${expected.length} entries`);
}

/** The users the good clients act as: none may be locked or show failed logins after the run. */
const GOOD_USERS = [
  'victor.vance',
  'quentin.quinn',
  'lena.lowe',
  'morgan.mills',
  'barbara.bates',
  'rita.reeves',
  'alice.archer',
  'olga.ortiz',
];

async function accountsCheck(dataSource: DataSource): Promise<CheckResult> {
  const rows: Row[] = await dataSource.query(
    `SELECT username, status, failed_attempts FROM users WHERE username IN (${GOOD_USERS.map(() => '?').join(', ')})`,
    GOOD_USERS,
  );
  const problems = rows
    .filter((r) => r.status !== 'ACTIVE' || Number(r.failed_attempts) !== 0)
    .map((r) => `${String(r.username)} ${String(r.status)}, ${Number(r.failed_attempts)} failed attempts`);
  if (rows.length !== GOOD_USERS.length) problems.push(`${rows.length} of ${GOOD_USERS.length} users found`);
  return result(
    'accounts of the good clients untouched by the hostile ones',
    problems,
    `${rows.length} users active, no failed logins`,
  );
}

/** The checks against the database and the SMTP sink, after every process has stopped. */
export async function databaseChecks(
  dataSource: DataSource,
  ledger: Ledger,
  received: readonly ReceivedMail[],
): Promise<CheckResult[]> {
  const audit = new AuditIndex(await dataSource.query('SELECT correlation_id, operation, outcome FROM audit_entries'));
  return [
    ...(await achievementChecks(dataSource, ledger, audit)),
    await batchChecks(dataSource, ledger, audit),
    await dataChallengeCheck(dataSource, ledger, audit),
    await outboxCheck(dataSource, ledger, received),
    auditsCheck('every accepted read audited once (verifications, challenge reads, batch output)', ledger.readAudits, audit),
    auditsCheck('every hostile refusal audited once', ledger.refusalAudits, audit),
    await accountsCheck(dataSource),
  ];
}
