import { setTimeout as sleep } from 'node:timers/promises';
import { retryAfterMs } from '../platform/http/retry-after';

/** The longest a single Retry-After is honoured for, and how many times a busy gateway is asked again. */
const MAX_RETRY_WAIT_MS = 60_000;
const MAX_RETRIES = 8;
/** The wait when a busy answer names none. */
const DEFAULT_RETRY_MS = 1000;

export interface Retrying {
  status: number;
  waitMs: number;
  attempt: number;
}

/**
 * The admin API as a command-line client calls it: HTTP Basic, and a 429 (the organisation's rate
 * limit, shared by all its clients) or a 503 asked again after the Retry-After the gateway gives,
 * never past `deadline`. A refusal that waiting would not change is the caller's to report.
 */
export class GatewayClient {
  constructor(
    private readonly base: string,
    private readonly authorization: string,
    private readonly options: { deadline?: number; onRetry?: (retrying: Retrying) => void } = {},
  ) {}

  /** `init` is called for each attempt, so a streamed body is opened afresh. */
  async send(path: string, init: () => RequestInit = () => ({}), signal?: AbortSignal): Promise<Response> {
    for (let attempt = 1; ; attempt++) {
      const request = init();
      const response = await fetch(`${this.base}${path}`, {
        ...request,
        signal,
        headers: { ...(request.headers as Record<string, string>), Authorization: this.authorization },
      });
      if ((response.status !== 429 && response.status !== 503) || attempt > MAX_RETRIES) return response;
      const waitMs = retryAfterMs(response.headers.get('retry-after'), MAX_RETRY_WAIT_MS) ?? DEFAULT_RETRY_MS;
      const { deadline } = this.options;
      if (deadline !== undefined && Date.now() + waitMs > deadline) return response;
      await response.body?.cancel();
      this.options.onRetry?.({ status: response.status, waitMs, attempt });
      await sleep(waitMs, undefined, { signal });
    }
  }
}
