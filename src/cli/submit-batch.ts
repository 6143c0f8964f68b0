import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import {
  BATCH_EXIT,
  type BatchReport,
  exitCodeOf,
  humanReport,
  isFinishedStatus,
  type JobAnswer,
  jsonReport,
} from './batch-report';
import { GatewayClient } from './gateway-client';

export const SUBMIT_BATCH_HELP = `Usage:
  npm run cli -- submit-batch FILE --type VERIFY_LEARNER|ACHIEVEMENT [options]
  npm run cli -- follow-batch JOB_ID [options]

submit-batch uploads a batch file to a running gateway (admin API, streamed), follows the job
and writes its output file; follow-batch follows a job submitted earlier (with --no-wait).
The user is --user or LRS_USER; the password is read from LRS_PASSWORD only.

Options:
  --format CSV|XML     the file's format (default: from the file name)
  --url URL            the gateway (default: LRS_GATEWAY_URL or http://localhost:8080)
  --user NAME          the submitting user
  --out FILE           where the output goes (default: results-<file name> beside the file)
  --json               one JSON object per line on stdout: submitted, progress, retrying, then
                       finished, timeout, interrupted or error; nothing else on stdout
  --no-wait            return once the job is queued (exit 0), printing its id
  --timeout SECONDS    stop waiting after this long (exit 5); the job goes on
  --cancel-on-exit     on Ctrl-C or SIGTERM, cancel the job (rows already applied stay applied);
                       without it the job goes on and the command says how to follow it
  --help

A busy gateway (HTTP 429 or 503) is asked again after the Retry-After it gives.

Counts: rowsSucceeded = rows accepted: an achievement row applied; a verify row whose learner was
verified (WSVRC001 to WSVRC004). rowsFailed = rows not accepted: refused with an error code, and for
verify rows also WSVRC005 (does not match) and WSVRC006 (ULN not found). rowsProcessed = both, so far,
of rowCount (known once the upload is stored).

Exit codes:
  0  finished and every row accepted (with --no-wait: queued)
  1  the gateway refused a call or could not be reached
  2  usage: a missing or unknown option, no such file
  3  finished with rows not accepted
  4  the job failed (the file could not be read) or was cancelled
  5  --timeout passed; the job goes on
  130, 143  interrupted by SIGINT or SIGTERM`;

/** The longest one progress request is held by the gateway. */
const WAIT_SECONDS = 20;
/** An unchanged answer sooner than this was not held; the next question waits UNHELD_PAUSE_MS. */
const UNHELD_MS = 250;
const UNHELD_PAUSE_MS = 500;

interface Settings {
  client: GatewayClient;
  report: BatchReport;
  deadline: number | undefined;
  timeoutSeconds: number | undefined;
  cancelOnExit: boolean;
}

/**
 * `submit-batch` and `follow-batch`: for people (a progress bar, a summary saying what each count
 * means) and for scripts (--json, --no-wait, --timeout, exit codes that tell the outcomes apart).
 * docs/decisions/0066-batch-cli-for-scripts.md
 */
export async function submitBatch(args: string[], env = process.env, command = 'submit-batch'): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        type: { type: 'string' },
        format: { type: 'string' },
        url: { type: 'string' },
        user: { type: 'string' },
        out: { type: 'string' },
        timeout: { type: 'string' },
        json: { type: 'boolean' },
        'no-wait': { type: 'boolean' },
        'cancel-on-exit': { type: 'boolean' },
        help: { type: 'boolean' },
      },
    });
  } catch (error) {
    return usage(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(SUBMIT_BATCH_HELP);
    return BATCH_EXIT.ACCEPTED;
  }
  const timeoutSeconds = values.timeout === undefined ? undefined : Number(values.timeout);
  if (timeoutSeconds !== undefined && !(Number.isInteger(timeoutSeconds) && timeoutSeconds > 0)) {
    return usage('--timeout needs a whole number of seconds');
  }
  const user = values.user ?? env.LRS_USER;
  const password = env.LRS_PASSWORD;
  if (!user || !password) return usage('Set the user with --user (or LRS_USER) and the password in LRS_PASSWORD');
  const report = values.json ? jsonReport() : humanReport();
  const deadline = timeoutSeconds === undefined ? undefined : Date.now() + timeoutSeconds * 1000;
  const base = (values.url ?? env.LRS_GATEWAY_URL ?? 'http://localhost:8080').replace(/\/+$/, '');
  const authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  const client = new GatewayClient(base, authorization, { deadline, onRetry: (r) => report.retrying(r) });
  const settings: Settings = { client, report, deadline, timeoutSeconds, cancelOnExit: values['cancel-on-exit'] ?? false };

  try {
    if (command === 'follow-batch') {
      const jobId = positionals[0];
      if (!jobId || !/^\d+$/.test(jobId)) return usage('follow-batch needs a JOB_ID');
      const first = await answer(await client.send(`/admin/batches/${jobId}`), report);
      if (typeof first === 'number') return first;
      report.progress(first);
      return await follow(first, values.out ?? `results-job-${jobId}`, settings);
    }
    const file = positionals[0];
    const type = values.type;
    if (!file || !type) return usage('submit-batch needs a FILE and --type VERIFY_LEARNER or ACHIEVEMENT');
    if (!fs.existsSync(file)) return usage(`no such file: ${file}`);
    const format = values.format ?? (file.toLowerCase().endsWith('.xml') ? 'XML' : 'CSV');
    const query = new URLSearchParams({ type, format, fileName: path.basename(file) });
    const submitted = await answer(
      await client.send(`/admin/batches?${query}`, () => ({
        method: 'POST',
        headers: { 'Content-Type': format === 'XML' ? 'application/xml' : 'text/csv' },
        body: Readable.toWeb(fs.createReadStream(file)) as unknown as ReadableStream,
        duplex: 'half',
      })),
      report,
    );
    if (typeof submitted === 'number') return submitted;
    report.submitted(submitted);
    if (values['no-wait']) {
      report.stop();
      return BATCH_EXIT.ACCEPTED;
    }
    return await follow(submitted, values.out ?? path.join(path.dirname(file), `results-${path.basename(file)}`), settings);
  } catch (error) {
    report.error('GATEWAY_UNREACHABLE', error instanceof Error ? `${error.message} (${base})` : String(error));
    return BATCH_EXIT.ERROR;
  } finally {
    report.stop();
  }
}

/** Follows the job to its end, the timeout or a signal; then writes the output of a finished job. */
async function follow(job: JobAnswer, out: string, settings: Settings): Promise<number> {
  const { client, report, deadline } = settings;
  const interrupt = new AbortController();
  let signal: NodeJS.Signals | undefined;
  const onSignal = (received: NodeJS.Signals) => {
    signal = received;
    interrupt.abort();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    while (!isFinishedStatus(job.status)) {
      const left = deadline === undefined ? Infinity : deadline - Date.now();
      if (left <= 0) {
        report.timedOut(job, settings.timeoutSeconds as number);
        return BATCH_EXIT.TIMEOUT;
      }
      // The gateway holds the answer until the job moves (or the wait ends): no fixed polling step.
      const wait = Math.max(1, Math.min(WAIT_SECONDS, Math.floor(left / 1000)));
      const seen = new URLSearchParams({
        waitSeconds: String(wait),
        status: job.status,
        rowsProcessed: String(job.rowsProcessed),
      });
      let next: JobAnswer | number;
      try {
        const asked = Date.now();
        next = await answer(
          await client.send(`/admin/batches/${job.jobId}?${seen}`, undefined, interrupt.signal),
          report,
          job.jobId,
        );
        if (typeof next === 'number') return next;
        const moved = next.status !== job.status || next.rowsProcessed !== job.rowsProcessed;
        // A gateway that does not hold the answer (one from before waitSeconds) is not asked in a tight loop.
        if (!moved && Date.now() - asked < UNHELD_MS) await sleep(UNHELD_PAUSE_MS, undefined, { signal: interrupt.signal });
        if (moved) report.progress(next);
      } catch (error) {
        if (signal) return await interrupted(job, signal, settings);
        throw error;
      }
      job = next;
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  const output = await client.send(`/admin/batches/${job.jobId}/output`);
  if (!output.ok || !output.body) return (await answer(output, report, job.jobId)) as number;
  await pipeline(Readable.fromWeb(output.body as never), fs.createWriteStream(out));
  const exitCode = exitCodeOf(job);
  report.finished(job, out, exitCode);
  return exitCode;
}

async function interrupted(job: JobAnswer, signal: NodeJS.Signals, settings: Settings): Promise<number> {
  let cancelled: JobAnswer | undefined;
  if (settings.cancelOnExit) {
    const reply = await settings.client.send(`/admin/batches/${job.jobId}/cancel`, () => ({ method: 'POST' }));
    const body = (await reply.json()) as JobAnswer;
    if (reply.ok) cancelled = body;
  }
  settings.report.interrupted(job, signal, cancelled);
  return 128 + (signal === 'SIGINT' ? 2 : 15);
}

/** The job from a reply, or the exit code of a refusal (reported). */
async function answer(reply: Response, report: BatchReport, jobId?: number): Promise<JobAnswer | number> {
  const body = (await reply.json().catch(() => ({}))) as JobAnswer & { error?: { code: string; message: string } };
  if (reply.ok) return body;
  report.error(body.error?.code ?? `HTTP_${reply.status}`, body.error?.message ?? 'the gateway refused the call', jobId);
  return BATCH_EXIT.ERROR;
}

function usage(problem: string): number {
  console.error(`${problem}\n\n${SUBMIT_BATCH_HELP}`);
  return BATCH_EXIT.USAGE;
}
