import http from 'node:http';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { distinctAchievementRows } from '../support/batch-helpers';
import { eachDatabase } from '../support/databases';
import { gatewayUnderAttack, probe } from '../support/red-team';
import { principalOf } from '../support/seeded';
import { envelope, firstText, passwordTextHeader } from '../support/soap-messages';
import { killed, spawnWorker, until } from '../support/worker-process';

/**
 * Attacks on batch jobs as jobs (the attacks inside batch files are in batch-csv, batch-xml and
 * batch-duplicates): bombs and oversized files on both ways in, uploads by the wrong people or
 * under a path-like name, and a worker killed mid-job, which must resume and apply every row
 * exactly once.
 */

const SOAP_BATCH_LIMIT = 1024 * 1024;
const UPLOAD_LIMIT = 64 * 1024;
const VERIFY_HEADER = 'MISIdentifier,ULN,FamilyName,GivenName,DateOfBirth,Gender\n';
const verifyRows = (count: number) => VERIFY_HEADER + 'M1,1026893096,Testname,Sample,1976-08-16,2\n'.repeat(count);

const submitBatchJob = (content: string) =>
  envelope(
    '<ao:SubmitBatchJob xmlns:ao="urn:lrs-gateway:ao:1"><ao:Type>VERIFY_LEARNER</ao:Type><ao:Format>CSV</ao:Format>' +
      `<ao:FileName>attack.csv</ao:FileName><ao:Content>${content}</ao:Content></ao:SubmitBatchJob>`,
    passwordTextHeader('barbara.bates'),
  );

describe.each(eachDatabase({ sqliteFile: true }))('attacks on batch jobs on %s', (_name, database) => {
  const target = gatewayUnderAttack(database, {
    env: {
      BATCH_WORKER_IN_PROCESS: 'false',
      BATCH_SOAP_BODY_LIMIT_BYTES: String(SOAP_BATCH_LIMIT),
      BATCH_UPLOAD_LIMIT_BYTES: String(UPLOAD_LIMIT),
    },
  });
  const baseUrl = () => target.running().baseUrl;

  /**
   * An admin upload on a connection of its own: the server answers a refused upload before reading
   * all of it and then drops the connection, which a pooled client would otherwise reuse.
   */
  const upload = (
    user: string,
    body: string | Buffer,
    query = 'type=VERIFY_LEARNER&format=CSV&fileName=attack.csv',
    extraHeaders: Record<string, string> = {},
  ) =>
    new Promise<{ status: number; code?: string }>((resolve, reject) => {
      const request = http.request(
        `${baseUrl()}/admin/batches?${query}`,
        {
          method: 'POST',
          agent: false,
          headers: {
            Authorization: `Basic ${Buffer.from(`${user}:Compat-Test-2026`).toString('base64')}`,
            'Content-Type': 'text/csv',
            ...extraHeaders,
          },
        },
        (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (text += chunk));
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, code: (JSON.parse(text) as { error?: { code: string } }).error?.code }),
          );
        },
      );
      // The server may close the connection while the rest of the file is still being sent.
      request.on('error', (error: NodeJS.ErrnoException) =>
        error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error),
      );
      request.end(body);
    });

  test('[RT-BATCH-JOB-01] a SubmitBatchJob gzip bomb (20 MB of base64 in ~60 KB of gzip) is refused MESSAGE_TOO_LARGE without inflating it all', async () => {
    const bomb = gzipSync(Buffer.from(submitBatchJob('A'.repeat(20 * 1024 * 1024))), { level: 9 });
    const started = performance.now();
    const reply = await fetch(`${baseUrl()}/soap/ao`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/xml; charset=utf-8', 'Content-Encoding': 'gzip' },
      body: bomb,
    });
    const body = await reply.text();
    expect({
      status: reply.status,
      code: firstText(body, 'Code'),
      answeredWithin5s: performance.now() - started < 5_000,
      ...(await target.aftermath()),
    }).toEqual({ status: 500, code: 'MESSAGE_TOO_LARGE', answeredWithin5s: true, tables: target.before(), healthz: 200 });
  });

  test('[RT-BATCH-JOB-02] a SubmitBatchJob larger than the batch limit is refused MESSAGE_TOO_LARGE', async () => {
    const reply = await probe(baseUrl(), '/soap/ao', {
      body: submitBatchJob(Buffer.from(verifyRows(30_000)).toString('base64')),
    });
    expect({ status: reply.status, code: firstText(reply.body, 'Code'), ...(await target.aftermath()) }).toEqual({
      status: 500,
      code: 'MESSAGE_TOO_LARGE',
      tables: target.before(),
      healthz: 200,
    });
  });

  test('[RT-BATCH-JOB-03] a SubmitBatchJob whose Content is not base64 is refused MESSAGE_INVALID', async () => {
    const reply = await probe(baseUrl(), '/soap/ao', { body: submitBatchJob('not base64 at all!') });
    expect({ code: firstText(reply.body, 'Code'), ...(await target.aftermath()) }).toEqual({
      code: 'MESSAGE_INVALID',
      tables: target.before(),
      healthz: 200,
    });
  });

  test('[RT-BATCH-JOB-04] an admin upload larger than BATCH_UPLOAD_LIMIT_BYTES is refused 413 MESSAGE_TOO_LARGE and leaves no job or chunk', async () => {
    const reply = await upload('barbara.bates', verifyRows(5_000));
    expect({ ...reply, ...(await target.aftermath()) }).toEqual({
      status: 413,
      code: 'MESSAGE_TOO_LARGE',
      tables: target.before(),
      healthz: 200,
    });
  });

  test('[RT-BATCH-JOB-05] an admin upload by a user without a batch role is refused ROLE_REQUIRED and stores nothing', async () => {
    const reply = await upload('victor.vance', verifyRows(10));
    expect({ ...reply, ...(await target.aftermath()) }).toEqual({
      status: 403,
      code: 'ROLE_REQUIRED',
      tables: target.before(),
      healthz: 200,
    });
  });

  test('[RT-BATCH-JOB-06] an admin upload whose file name is a path (../../etc/passwd) is refused REQUEST_INVALID', async () => {
    const reply = await upload('barbara.bates', verifyRows(10), 'type=VERIFY_LEARNER&format=CSV&fileName=..%2F..%2Fetc%2Fpasswd');
    expect({ ...reply, ...(await target.aftermath()) }).toEqual({
      status: 400,
      code: 'REQUEST_INVALID',
      tables: target.before(),
      healthz: 200,
    });
  });

  test('[RT-BATCH-JOB-08] an admin upload sent gzip-compressed (Content-Encoding: gzip) is refused 415 MESSAGE_ENCODING_UNSUPPORTED and stores nothing', async () => {
    const reply = await upload('barbara.bates', gzipSync(verifyRows(10)), undefined, { 'Content-Encoding': 'gzip' });
    expect({ ...reply, ...(await target.aftermath()) }).toEqual({
      status: 415,
      code: 'MESSAGE_ENCODING_UNSUPPORTED',
      tables: target.before(),
      healthz: 200,
    });
  });

  // Last: it changes the database on purpose.
  test('[RT-BATCH-JOB-07] a worker killed with SIGKILL four times mid-job is restarted, resumes and applies every row exactly once', async () => {
    const ROWS = 1200;
    const running = target.running();
    const count = async (sql: string, params: unknown[] = []) =>
      Number((await running.gateway.dataSource.query(sql, params))[0].n);
    const principal = await principalOf(running.gateway.dataSource, 'rita.reeves');
    const job = await running.gateway.batches.service.submit(
      {
        type: 'ACHIEVEMENT',
        format: 'CSV',
        fileName: 'crash.csv',
        content: Readable.from([await distinctAchievementRows(running, ROWS)]),
        origin: 'ADMIN',
      },
      { principal, correlationId: 'crash-test', surface: 'admin' },
    );
    const progress = async () =>
      (await running.gateway.dataSource.query('SELECT next_row, status FROM batch_jobs WHERE id = ?', [job.id]))[0];
    const kills: number[] = [];
    for (const killAt of [1, 300, 700, 1000]) {
      const worker = spawnWorker(database.url());
      await until(async () => (await progress()).next_row >= killAt, 60_000, `row ${killAt}`);
      await killed(worker); // SIGKILL: no chance to finish the chunk in hand
      kills.push((await progress()).next_row);
    }
    const last = spawnWorker(database.url());
    try {
      await until(async () => (await progress()).status === 'SUCCESSFUL', 120_000, 'the job to finish');
    } finally {
      await killed(last, 'SIGTERM');
    }
    const final = (
      await running.gateway.dataSource.query(
        'SELECT rows_succeeded, rows_failed, row_count, attempts FROM batch_jobs WHERE id = ?',
        [job.id],
      )
    )[0];
    expect({
      killsMovedForward: kills.every((row, i) => i === 0 || row >= kills[i - 1]),
      results: await count('SELECT COUNT(*) AS n FROM batch_job_results WHERE job_id = ?', [job.id]),
      distinctRows: await count('SELECT COUNT(DISTINCT row_no) AS n FROM batch_job_results WHERE job_id = ?', [job.id]),
      created: await count("SELECT COUNT(*) AS n FROM batch_job_results WHERE job_id = ? AND outcome = 'CREATED'", [job.id]),
      achievements: await count("SELECT COUNT(*) AS n FROM achievements WHERE aim_reference = '60356789'"),
      createEvents: await count(
        "SELECT COUNT(*) AS n FROM achievement_events e JOIN achievements a ON a.id = e.achievement_id WHERE a.aim_reference = '60356789' AND e.action = 'CREATE'",
      ),
      audited: await count(
        "SELECT COUNT(*) AS n FROM audit_entries WHERE correlation_id = ? AND operation = 'CreateAchievement'",
        [`batch-${job.id}`],
      ),
      counts: { succeeded: Number(final.rows_succeeded), failed: Number(final.rows_failed), rows: Number(final.row_count) },
      restarted: Number(final.attempts) >= 5,
      healthz: (await target.aftermath()).healthz,
    }).toEqual({
      killsMovedForward: true,
      results: ROWS,
      distinctRows: ROWS,
      created: ROWS,
      achievements: ROWS,
      createEvents: ROWS,
      audited: ROWS,
      counts: { succeeded: ROWS, failed: 0, rows: ROWS },
      restarted: true,
      healthz: 200,
    });
  }, 300_000);
});
