import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { ACHIEVEMENT_LAYOUT, VERIFY_LAYOUT } from '../../src/batches/batch-layouts';
import { firstText } from '../../test/support/soap-messages';
import { faultMessage, pause } from '../caller';
import type { AcceptedBatch, BatchRowPlan } from '../ledger';
import { batchJobCall, submitBatchJob } from '../messages';
import { actionDate, type ClientContext } from './context';

const VERIFY_ROWS = 200;
const ACHIEVEMENT_KEYS = 64;
/** A job must finish within this, worker kills and lease expiries included. */
const JOB_TIMEOUT_MS = 180_000;
const POLL_MS = 500;

/** Register learners with their exact details: every row answers WSVRC001. */
function verifyFile(context: ClientContext): { csv: string; rows: number } {
  const rows = Array.from({ length: VERIFY_ROWS }, (_, i) => {
    const l = context.pool.random();
    return [`MIS-${i + 1}`, l.uln, l.familyName, l.givenName, l.dateOfBirth, String(l.gender)];
  });
  return { csv: stringify(rows, { header: true, columns: [...VERIFY_LAYOUT.columns] }), rows: rows.length };
}

/** Creates on fresh keys, then updates of half of them, withdrawals of a quarter and reinstatements of an eighth: all succeed. */
function achievementPlan(context: ClientContext): BatchRowPlan[] {
  const keys = Array.from({ length: ACHIEVEMENT_KEYS }, () => context.pool.nextKey());
  return [
    ...keys.map((key) => ({ key, action: 'CREATE' as const })),
    ...keys.slice(0, ACHIEVEMENT_KEYS / 2).map((key) => ({ key, action: 'UPDATE' as const })),
    ...keys.slice(0, ACHIEVEMENT_KEYS / 4).map((key) => ({ key, action: 'WITHDRAW' as const })),
    ...keys.slice(0, ACHIEVEMENT_KEYS / 8).map((key) => ({ key, action: 'REINSTATE' as const })),
  ];
}

const ACTION_CODE = { CREATE: '1', UPDATE: '2', WITHDRAW: '3', REINSTATE: '4' } as const;

function achievementFile(plan: BatchRowPlan[]): string {
  const today = actionDate();
  const rows = plan.map(({ key, action }, i) => {
    const fields: Record<string, string> = {
      Action: ACTION_CODE[action],
      Uln: key.uln,
      GivenName: key.givenName,
      FamilyName: key.familyName,
      UnitOrQualificationReferenceNumber: key.aimReference,
      AchievementAwardDate: key.awardDate,
      Grade: action === 'CREATE' ? 'B' : action === 'UPDATE' ? 'A' : '',
      ActionDate: today,
      ActionReason: action === 'WITHDRAW' ? 'ACHINVALID' : action === 'REINSTATE' ? 'SUBINERROR' : '',
      MisIdentifier: `row-${i + 1}`,
    };
    return ACHIEVEMENT_LAYOUT.columns.map((c) => fields[c] ?? '');
  });
  return stringify(rows, { header: true, columns: [...ACHIEVEMENT_LAYOUT.columns] });
}

/**
 * Batch submissions over SubmitBatchJob, verify and achievement files in turn, each followed to
 * the end: polled with GetBatchJob until the worker processes (killed and restarted during the
 * run) have finished it, then its output read and every row's result checked.
 */
export async function batchClient(context: ClientContext): Promise<void> {
  let n = 0;
  while (context.traffic.running) {
    const type = n++ % 2 === 0 ? 'ACHIEVEMENT' : 'VERIFY_LEARNER';
    const plan = type === 'ACHIEVEMENT' ? achievementPlan(context) : [];
    const file = type === 'ACHIEVEMENT' ? { csv: achievementFile(plan), rows: plan.length } : verifyFile(context);
    const submitted = await context.caller.good({
      kind: 'SubmitBatchJob',
      request: submitBatchJob(type, `soak-${type.toLowerCase()}-${n}.csv`, file.csv),
      check: (reply) => (reply.status === 200 && firstText(reply.body, 'JobId') ? undefined : 'no JobId'),
      // An achievement file sent twice is refused as a duplicate: after a lost attempt that means it was received.
      change: { alreadyDone: type === 'ACHIEVEMENT' ? ['BATCH_DUPLICATE_FILE'] : [] },
    });
    if (!submitted.ok) continue;
    const jobId = Number(
      submitted.reconciled
        ? /batch job (\d+)/.exec(faultMessage(submitted.reply.body))?.[1]
        : firstText(submitted.reply.body, 'JobId'),
    );
    const batch: AcceptedBatch = { jobId, type, rows: file.rows, plan };
    context.ledger.batches.push(batch);
    if (await finished(context, batch)) await checkOutput(context, batch);
  }
}

async function finished(context: ClientContext, batch: AcceptedBatch): Promise<boolean> {
  const giveUpAt = performance.now() + JOB_TIMEOUT_MS;
  while (performance.now() < giveUpAt) {
    const polled = await context.caller.good({
      kind: 'GetBatchJob',
      request: batchJobCall('GetBatchJob', batch.type, batch.jobId),
      check: (reply) => (reply.status === 200 ? undefined : 'no job'),
    });
    if (!polled.ok) return false;
    const body = polled.reply.body;
    const status = firstText(body, 'Status');
    if (status === 'SUCCESSFUL') {
      const counts = `${firstText(body, 'RowCount')}/${firstText(body, 'RowsSucceeded')}/${firstText(body, 'RowsFailed')}`;
      if (counts === `${batch.rows}/${batch.rows}/0`) return true;
      context.traffic.fail(
        'GetBatchJob',
        `job ${batch.jobId}: rows/succeeded/failed ${counts}, expected ${batch.rows}/${batch.rows}/0`,
      );
      return false;
    }
    if (status === 'FAILED' || status === 'CANCELLED') {
      context.traffic.fail('GetBatchJob', `job ${batch.jobId} ${status}: ${firstText(body, 'FailureReason') ?? ''}`);
      return false;
    }
    await pause(POLL_MS);
  }
  context.traffic.fail('GetBatchJob', `job ${batch.jobId} not finished after ${JOB_TIMEOUT_MS / 1000} s`);
  return false;
}

async function checkOutput(context: ClientContext, batch: AcceptedBatch): Promise<void> {
  const output = await context.caller.good({
    kind: 'GetBatchJobOutput',
    request: batchJobCall('GetBatchJobOutput', batch.type, batch.jobId),
    check: (reply) => {
      if (reply.status !== 200) return 'no output';
      const rows = parse(Buffer.from(firstText(reply.body, 'Content') ?? '', 'base64').toString('utf8'), {
        columns: true,
      }) as Record<string, string>[];
      const wanted = batch.type === 'ACHIEVEMENT' ? ['ResultCode', 'OK'] : ['ResponseCode', 'WSVRC001'];
      const wrong = rows.filter((row) => row[wanted[0]] !== wanted[1]);
      if (rows.length !== batch.rows) return `${rows.length} output rows for ${batch.rows}`;
      return wrong.length === 0 ? undefined : `${wrong.length} rows not ${wanted[1]}, e.g. ${JSON.stringify(wrong[0])}`;
    },
  });
  if (output.ok)
    context.ledger.readAudits.push({ correlationId: output.correlationId, operation: 'GetBatchJobOutput', outcomes: ['OK'] });
}
