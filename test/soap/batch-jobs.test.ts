import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { batchJobOverSoap, outputOf, runWorker, submitBatchOverSoap } from '../support/batch-helpers';
import { eachDatabase } from '../support/databases';
import { type RunningGateway, startGateway } from '../support/running-gateway';
import { firstText } from '../support/soap-messages';

const fixture = (name: string) => fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'batches', name), 'utf8');

describe.each(eachDatabase())('batch jobs over the AO gateway on %s', (_name, database) => {
  let running: RunningGateway;
  beforeAll(async () => {
    running = await startGateway({ database, env: { BATCH_WORKER_IN_PROCESS: 'false' } });
  });
  afterAll(() => running.stop());

  test('a verify-learner CSV batch: submitted, worked, counted, and its output answers every row', async () => {
    const submitted = await submitBatchOverSoap(running, {
      user: 'barbara.bates',
      type: 'VERIFY_LEARNER',
      format: 'CSV',
      fileName: 'verify.csv',
      content: fixture('verify-mixed.csv'),
    });
    expect(submitted.status).toBe(200);
    const jobId = Number(firstText(submitted.body, 'JobId'));
    expect(firstText(submitted.body, 'Status')).toBe('WAITING');
    await runWorker(running);
    const job = await batchJobOverSoap(running, 'barbara.bates', 'GetBatchJob', jobId);
    expect(firstText(job.body, 'Status')).toBe('SUCCESSFUL');
    expect(firstText(job.body, 'RowCount')).toBe('6');
    expect(firstText(job.body, 'RowsFailed')).toBe('2');
    const output = await batchJobOverSoap(running, 'barbara.bates', 'GetBatchJobOutput', jobId);
    const rows = parse(outputOf(output), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.MISIdentifier, r.ResponseCode, r.FailureFlags, r.ErrorCode])).toEqual([
      ['MIS-001', 'WSVRC001', '', ''],
      ['MIS-002', 'WSVRC003', 'VRF1', ''],
      ['MIS, 003', 'WSVRC002', '', ''],
      ['MIS-004', 'WSVRC006', 'VRF1 VRF5', ''],
      ['MIS-005', '', '', 'ULN_INVALID'],
      ['MIS-006', '', '', 'REQUEST_INVALID'],
    ]);
    expect(rows[2].HeldULN).toBe('6936002314');
    // Each answered verification is audited with its chunk, so a crash cannot leave rows answered but unaudited.
    const audited = await running.gateway.dataSource.query(
      "SELECT COUNT(*) AS n FROM audit_entries WHERE correlation_id = ? AND operation = 'VerifyLearner'",
      [`batch-${jobId}`],
    );
    expect(Number(audited[0].n)).toBe(4);
  });
});
