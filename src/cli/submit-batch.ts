import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { option as optionOf } from './options';
import { progressBar } from './progress';

/**
 * `npm run cli -- submit-batch FILE --type VERIFY_LEARNER|ACHIEVEMENT [--format CSV|XML]
 *   [--url http://localhost:8080] [--user USERNAME] [--out FILE]`: uploads a batch file to a
 * running gateway through the admin API (streamed, any size), shows the job's progress, and
 * writes its output file. The password comes from LRS_PASSWORD (never the command line).
 */
export async function submitBatch(args: string[], env = process.env): Promise<number> {
  const option = (name: string) => optionOf(args, name);
  const file = args.find((a, i) => !a.startsWith('--') && (i === 0 || !args[i - 1].startsWith('--')));
  const type = option('--type');
  if (!file || !type) {
    console.error('submit-batch needs a FILE and --type VERIFY_LEARNER or ACHIEVEMENT');
    return 2;
  }
  const format = option('--format') ?? (file.toLowerCase().endsWith('.xml') ? 'XML' : 'CSV');
  const base = (option('--url') ?? env.LRS_GATEWAY_URL ?? 'http://localhost:8080').replace(/\/+$/, '');
  const user = option('--user') ?? env.LRS_USER;
  const password = env.LRS_PASSWORD;
  if (!user || !password) {
    console.error('Set the user with --user (or LRS_USER) and the password in LRS_PASSWORD');
    return 2;
  }
  const authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  const query = new URLSearchParams({ type, format, fileName: path.basename(file) });
  const upload = await fetch(`${base}/admin/batches?${query}`, {
    method: 'POST',
    headers: { Authorization: authorization, 'Content-Type': format === 'XML' ? 'application/xml' : 'text/csv' },
    body: Readable.toWeb(fs.createReadStream(file)) as unknown as ReadableStream,
    duplex: 'half',
  } as RequestInit);
  const submitted = (await upload.json()) as JobAnswer;
  if (!upload.ok) return refused(submitted);
  console.log(
    `batch job ${submitted.jobId} queued${submitted.duplicateOfJobId ? ` (the same file as job ${submitted.duplicateOfJobId})` : ''}`,
  );

  const progress = progressBar(`job ${submitted.jobId}`);
  const show = (job: JobAnswer) =>
    progress.update({ done: job.rowsProcessed, total: job.rowCount, rows: job.rowsProcessed, status: job.status });
  show(submitted);
  let job = submitted;
  while (!['SUCCESSFUL', 'FAILED', 'CANCELLED'].includes(job.status)) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const reply = await fetch(`${base}/admin/batches/${submitted.jobId}`, { headers: { Authorization: authorization } });
    job = (await reply.json()) as JobAnswer;
    if (!reply.ok) {
      progress.stop();
      return refused(job);
    }
    show(job);
  }
  progress.stop();
  console.log(
    `${job.status}: ${job.rowsSucceeded} rows succeeded, ${job.rowsFailed} refused${job.failureReason ? `; ${job.failureReason}` : ''}`,
  );
  for (const [outcome, count] of Object.entries(job.outcomes)) console.log(`  ${outcome}: ${count}`);

  const out = option('--out') ?? path.join(path.dirname(file), `results-${path.basename(file)}`);
  const output = await fetch(`${base}/admin/batches/${submitted.jobId}/output`, { headers: { Authorization: authorization } });
  if (!output.ok || !output.body) return refused((await output.json()) as JobAnswer);
  await pipeline(Readable.fromWeb(output.body as never), fs.createWriteStream(out));
  console.log(`output written to ${out}`);
  return job.status === 'SUCCESSFUL' ? 0 : 3;
}

interface JobAnswer {
  jobId: number;
  status: string;
  rowCount: number | null;
  rowsProcessed: number;
  rowsSucceeded: number;
  rowsFailed: number;
  outcomes: Record<string, number>;
  duplicateOfJobId: number | null;
  failureReason: string | null;
  error?: { code: string; message: string };
}

function refused(answer: JobAnswer): number {
  console.error(answer.error ? `${answer.error.code}: ${answer.error.message}` : 'the gateway refused the call');
  return 1;
}
