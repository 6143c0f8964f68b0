import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import { ACHIEVEMENT_LAYOUT } from '../../src/batches/batch-layouts';
import type { RunningGateway } from './running-gateway';
import { principalOf } from './seeded';
import { COMPAT_PASSWORD, envelope, firstText, passwordTextHeader, postSoap } from './soap-messages';

export async function submitBatchOverSoap(
  running: RunningGateway,
  options: {
    user: string;
    type: 'VERIFY_LEARNER' | 'ACHIEVEMENT';
    format: 'CSV' | 'XML';
    fileName: string;
    content: string | Buffer;
  },
) {
  const body =
    '<ao:SubmitBatchJob xmlns:ao="urn:lrs-gateway:ao:1">' +
    `<ao:Type>${options.type}</ao:Type><ao:Format>${options.format}</ao:Format><ao:FileName>${options.fileName}</ao:FileName>` +
    `<ao:Content>${Buffer.from(options.content).toString('base64')}</ao:Content></ao:SubmitBatchJob>`;
  return postSoap(`${running.baseUrl}/soap/ao`, envelope(body, passwordTextHeader(options.user)));
}

export async function batchJobOverSoap(
  running: RunningGateway,
  user: string,
  operation: 'GetBatchJob' | 'GetBatchJobOutput' | 'CancelBatchJob',
  jobId: number,
) {
  const body = `<ao:${operation} xmlns:ao="urn:lrs-gateway:ao:1"><ao:JobId>${jobId}</ao:JobId></ao:${operation}>`;
  return postSoap(`${running.baseUrl}/soap/ao`, envelope(body, passwordTextHeader(user)));
}

/** Works every waiting job now, instead of waiting for the worker's next poll. */
export async function runWorker(running: RunningGateway): Promise<void> {
  await running.gateway.batches.worker.drain();
}

export function outputOf(reply: { body: string }): string {
  return Buffer.from(firstText(reply.body, 'Content') ?? '', 'base64').toString('utf8');
}

/**
 * An achievement batch (CSV) of `count` creates with distinct keys for the seeded learners, all
 * for 603/5678/9 and awarded from `firstAwardDate` on: every row applies exactly once, or a count
 * of achievements shows it.
 */
export async function distinctAchievementRows(
  running: RunningGateway,
  count: number,
  firstAwardDate = '2016-01-01',
): Promise<string> {
  const learners: { uln: string; given_name: string; family_name: string }[] = await running.gateway.dataSource.query(
    "SELECT uln, given_name, family_name FROM learners WHERE master_uln IS NULL AND uln LIKE '3%' ORDER BY uln",
  );
  const rows = Array.from({ length: count }, (_, i) => {
    const learner = learners[i % learners.length];
    const day = new Date(Date.parse(firstAwardDate) + Math.floor(i / learners.length) * 86_400_000).toISOString().slice(0, 10);
    const fields: Record<string, string> = {
      Action: '1',
      Uln: learner.uln,
      GivenName: learner.given_name,
      FamilyName: learner.family_name,
      UnitOrQualificationReferenceNumber: '603/5678/9',
      AchievementAwardDate: day,
      Grade: 'B',
      ActionDate: '2026-11-01',
      MisIdentifier: `row-${i + 1}`,
    };
    return ACHIEVEMENT_LAYOUT.columns.map((c) => fields[c] ?? '');
  });
  return stringify(rows, { header: true, columns: [...ACHIEVEMENT_LAYOUT.columns] });
}

/** An achievement batch of `rows` distinct creates, submitted as rita.reeves through the admin origin; the job. */
export async function submitAchievementJob(running: RunningGateway, rows: number, fileName: string) {
  const principal = await principalOf(running.gateway.dataSource, 'rita.reeves');
  return running.gateway.batches.service.submit(
    {
      type: 'ACHIEVEMENT',
      format: 'CSV',
      fileName,
      content: Readable.from([await distinctAchievementRows(running, rows)]),
      origin: 'ADMIN',
    },
    { principal, correlationId: `${fileName}-test`, surface: 'admin' },
  );
}

/** A batch file uploaded over the admin API, as `submit-batch` sends it. */
export async function uploadBatch(
  baseUrl: string,
  user: string,
  content: string,
  options: { type?: 'VERIFY_LEARNER' | 'ACHIEVEMENT'; format?: 'CSV' | 'XML' } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const { type = 'VERIFY_LEARNER', format = 'CSV' } = options;
  const query = new URLSearchParams({ type, format, fileName: `upload.${format.toLowerCase()}` });
  const response = await fetch(`${baseUrl}/admin/batches?${query}`, {
    method: 'POST',
    headers: {
      Authorization: `Basic ${Buffer.from(`${user}:${COMPAT_PASSWORD}`).toString('base64')}`,
      'Content-Type': format === 'CSV' ? 'text/csv' : 'application/xml',
    },
    body: content,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
