import type { RunningGateway } from './running-gateway';
import { envelope, firstText, passwordTextHeader, postSoap } from './soap-messages';

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
