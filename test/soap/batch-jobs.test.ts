import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { batchJobOverSoap, outputOf, runWorker, submitBatchOverSoap } from '../support/batch-helpers';
import { eachDatabase } from '../support/databases';
import { type RunningGateway, startGateway } from '../support/running-gateway';
import { envelope, firstText, passwordTextHeader, postSoap } from '../support/soap-messages';

const BODY_LIMIT = 64 * 1024;
const BATCH_LIMIT = 1024 * 1024;

/** A verify-learner CSV of the given number of rows, all of one seeded learner. */
const verifyRows = (count: number) =>
  'MISIdentifier,ULN,FamilyName,GivenName,DateOfBirth,Gender\n' +
  Array.from({ length: count }, (_, i) => `M${i},1026893096,Testname,Sample,1976-08-16,2\n`).join('');

/** The batch file examples of docs/batches.md (docs/batch-files): they are run here, so they stay true. */
const example = (name: string) => fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'batch-files', name), 'utf8');

describe.each(eachDatabase())('batch jobs over the AO gateway on %s', (_name, database) => {
  let running: RunningGateway;
  beforeAll(async () => {
    running = await startGateway({
      database,
      env: {
        BATCH_WORKER_IN_PROCESS: 'false',
        BODY_LIMIT_BYTES: String(BODY_LIMIT),
        BATCH_SOAP_BODY_LIMIT_BYTES: String(BATCH_LIMIT),
      },
    });
  });
  afterAll(() => running.stop());

  test('a verify-learner CSV batch: submitted, worked, counted, and its output answers every row', async () => {
    const submitted = await submitBatchOverSoap(running, {
      user: 'barbara.bates',
      type: 'VERIFY_LEARNER',
      format: 'CSV',
      fileName: 'verify.csv',
      content: example('verify-learner.example.csv'),
    });
    expect(submitted.status).toBe(200);
    const jobId = Number(firstText(submitted.body, 'JobId'));
    expect(firstText(submitted.body, 'Status')).toBe('WAITING');
    await runWorker(running);
    const job = await batchJobOverSoap(running, 'barbara.bates', 'GetBatchJob', jobId);
    expect(firstText(job.body, 'Status')).toBe('SUCCESSFUL');
    expect(firstText(job.body, 'RowCount')).toBe('6');
    // Verified learners (WSVRC001 to 004) are accepted; not found (006) and the refused rows are not.
    expect(firstText(job.body, 'RowsSucceeded')).toBe('3');
    expect(firstText(job.body, 'RowsFailed')).toBe('3');
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

  test("docs/batches.md's other example files give the outcomes it shows", async () => {
    const run = async (type: 'VERIFY_LEARNER' | 'ACHIEVEMENT', name: string, columns: string[]) => {
      const format = name.endsWith('.xml') ? 'XML' : 'CSV';
      const submitted = await submitBatchOverSoap(running, {
        user: 'morgan.mills',
        type,
        format,
        fileName: name,
        content: example(name),
      });
      expect(firstText(submitted.body, 'Status')).toBe('WAITING');
      await runWorker(running);
      const output = outputOf(
        await batchJobOverSoap(running, 'morgan.mills', 'GetBatchJobOutput', Number(firstText(submitted.body, 'JobId'))),
      );
      if (format === 'CSV')
        return (parse(output, { columns: true }) as Record<string, string>[]).map((r) => columns.map((c) => r[c]));
      return [...output.matchAll(/<(Learner|Achievement)>([\s\S]*?)<\/\1>/g)].map(([, , record]) =>
        columns.map((c) => record.match(new RegExp(`<${c}>([^<]*)</${c}>`))?.[1] ?? ''),
      );
    };
    expect(await run('VERIFY_LEARNER', 'verify-learner.example.xml', ['MISIdentifier', 'ResponseCode'])).toEqual([
      ['MIS-001', 'WSVRC001'],
      ['', 'WSVRC003'],
    ]);
    expect(await run('ACHIEVEMENT', 'achievement.example.csv', ['MisIdentifier', 'ResultCode'])).toEqual([
      ['MIS-101', 'OK'],
      ['MIS-102', 'OK'],
      ['MIS-103', 'OK'],
      ['MIS-104', 'OK'],
      ['MIS-105', 'ACHIEVEMENT_EXISTS'],
      ['MIS-106', 'AWARD_DATE_IN_FUTURE'],
    ]);
    expect(await run('ACHIEVEMENT', 'achievement.example.xml', ['MisIdentifier', 'ResultCode'])).toEqual([
      ['MIS-9', 'OK'],
      ['', 'OK'],
    ]);
  });

  test('a batch file may be larger than the usual request limit; other operations may not', async () => {
    const large = verifyRows(2000); // ~96 KB, ~128 KB once base64-encoded: over BODY_LIMIT, under BATCH_LIMIT
    const accepted = await submitBatchOverSoap(running, {
      user: 'barbara.bates',
      type: 'VERIFY_LEARNER',
      format: 'CSV',
      fileName: 'large.csv',
      content: large,
    });
    expect(accepted.status).toBe(200);
    await runWorker(running);
    const job = await batchJobOverSoap(running, 'barbara.bates', 'GetBatchJob', Number(firstText(accepted.body, 'JobId')));
    expect(firstText(job.body, 'RowCount')).toBe('2000');

    const padded = envelope(
      `<ao:VerifyLearner xmlns:ao="urn:lrs-gateway:ao:1">${' '.repeat(BODY_LIMIT)}<ao:ULN>1026893096</ao:ULN>` +
        '<ao:GivenName>Sample</ao:GivenName><ao:FamilyName>Testname</ao:FamilyName></ao:VerifyLearner>',
      passwordTextHeader('victor.vance'),
    );
    const refused = await postSoap(`${running.baseUrl}/soap/ao`, padded);
    expect(refused.status).toBe(500); // SOAP 1.1: every fault is a 500
    expect(firstText(refused.body, 'Code')).toBe('MESSAGE_TOO_LARGE');

    const malformed = await postSoap(`${running.baseUrl}/soap/ao`, `<not-xml ${' '.repeat(BODY_LIMIT)}`);
    expect(firstText(malformed.body, 'Code')).toBe('MESSAGE_TOO_LARGE');
    // A batch file over the batch limit: test/red-team/batch-jobs.test.ts.
  });
});
