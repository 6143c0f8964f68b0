import { firstText } from '../test/support/soap-messages';
import type { Availability } from './availability';
import type { LoopbackClient, Transport } from './http';
import type { Request } from './messages';
import type { Traffic } from './traffic';

const REQUEST_TIMEOUT_MS = 30_000;
/** How long one logical operation may keep retrying through restarts before it counts as failed. */
const GIVE_UP_AFTER_MS = 120_000;

export type Reply = Extract<Transport, { outcome: 'reply' }>;

export interface GoodCall {
  kind: string;
  request: Request;
  /** Undefined when the reply is the success expected; else what is wrong with it. */
  check(reply: Reply): string | undefined;
  /**
   * A change: every attempt carries the same correlation id, and after an attempt whose outcome
   * is unknown (the connection broke mid-request) these fault codes mean "already carried out".
   */
  change?: { alreadyDone: readonly string[] };
}

export type GoodOutcome = { ok: true; reply: Reply; correlationId: string; reconciled: boolean } | { ok: false };

/** The stable code of a fault: the AO gateway's ao:Code, or the LRS services' ErrorCode. */
export function faultCode(body: string): string | undefined {
  return firstText(body, 'Code') ?? firstText(body, 'ErrorCode');
}

export function faultMessage(body: string): string {
  return firstText(body, 'Message') ?? firstText(body, 'faultstring') ?? '';
}

/**
 * Sends one client's requests and classifies each outcome. A connection failure is
 * 'unavailable' only while the gateway is deliberately down; the call then waits for the
 * gateway and retries. Changes are retried idempotently: the same correlation id, and an
 * "already done" fault after a lost attempt is reconciled as that attempt's success, so an
 * operation counts once whether its first attempt committed or not.
 */
export class Caller {
  private sequence = 0;

  constructor(
    private readonly client: LoopbackClient,
    private readonly traffic: Traffic,
    private readonly availability: Availability,
    private readonly prefix: string,
  ) {}

  newCorrelationId(): string {
    return `${this.prefix}-${++this.sequence}`;
  }

  async good(call: GoodCall): Promise<GoodOutcome> {
    const giveUpAt = performance.now() + GIVE_UP_AFTER_MS;
    let correlationId = this.newCorrelationId();
    let mayHaveHappened = false;
    for (;;) {
      const start = performance.now();
      const sent = await this.send(call.request, correlationId);
      if (sent.outcome === 'reply') {
        const problem = call.check(sent);
        if (problem === undefined) {
          this.traffic.record(call.kind, 'accepted', sent.ms);
          return { ok: true, reply: sent, correlationId, reconciled: false };
        }
        const code = faultCode(sent.body);
        if (mayHaveHappened && code !== undefined && call.change?.alreadyDone.includes(code)) {
          this.traffic.record(call.kind, 'accepted', sent.ms);
          this.traffic.reconciled++;
          return { ok: true, reply: sent, correlationId, reconciled: true };
        }
        this.traffic.record(call.kind, 'failed', sent.ms);
        this.traffic.fail(call.kind, `${correlationId}: HTTP ${sent.status}: ${problem}`);
        return { ok: false };
      }
      const expected = this.availability.overlaps(start, performance.now());
      if (!expected || performance.now() > giveUpAt) {
        this.traffic.record(call.kind, 'failed');
        const why = expected ? `still unanswered after ${GIVE_UP_AFTER_MS / 1000} s` : 'outside a restart window';
        this.traffic.fail(call.kind, `${correlationId}: ${sent.outcome} (${sent.error}) ${why}`);
        return { ok: false };
      }
      this.traffic.record(call.kind, 'unavailable');
      if (sent.outcome === 'lost') mayHaveHappened = true;
      // A read is simply asked again; a change keeps its correlation id so it is found once.
      if (!call.change) correlationId = this.newCorrelationId();
      await this.availability.whenUp();
      await pause(20 + Math.random() * 80);
    }
  }

  /** A request that must be refused with one of `codes`; a refusal's audit entry is expected. */
  async hostile(kind: string, request: Request, codes: readonly string[]): Promise<string | undefined> {
    const correlationId = this.newCorrelationId();
    const start = performance.now();
    const sent = await this.send(request, correlationId);
    if (sent.outcome !== 'reply') {
      if (this.availability.overlaps(start, performance.now())) {
        this.traffic.record(kind, 'unavailable');
        await this.availability.whenUp();
      } else {
        this.traffic.record(kind, 'failed');
        this.traffic.fail(kind, `${correlationId}: ${sent.outcome} (${sent.error}) outside a restart window`);
      }
      return undefined;
    }
    const code = faultCode(sent.body);
    const isFault = sent.status === 500 && sent.body.includes(':Fault>');
    if (isFault && code !== undefined && codes.includes(code)) {
      this.traffic.record(kind, 'refused-as-expected', sent.ms);
      return correlationId;
    }
    this.traffic.record(kind, 'failed', sent.ms);
    this.traffic.fail(
      kind,
      `${correlationId}: expected a fault ${codes.join('|')}, got HTTP ${sent.status} ${code ?? sent.body.slice(0, 160)}`,
    );
    return undefined;
  }

  private send(request: Request, correlationId: string): Promise<Transport> {
    return this.client.send({
      method: request.method,
      path: request.path,
      headers: { ...request.headers, 'X-Correlation-Id': correlationId },
      body: request.body,
      timeoutMs: REQUEST_TIMEOUT_MS,
    });
  }
}

export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
