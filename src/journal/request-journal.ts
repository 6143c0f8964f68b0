import type { Clock } from '../platform/clock';
import { diagnose, type Refusal } from './diagnostics.rules';
import { clip, redactJson, redactXml } from './journal.rules';
import type { Claim, JournalEntry, JournalStore } from './journal.store';

/** One exchange as the door that answered it saw it, before anything is taken out. */
export interface Exchange {
  /** The organisation of the caller, when authentication got that far. */
  organisationId: number | undefined;
  /** Who the request says it is when it was refused before that: resolved to an organisation off the request path. */
  claimedUsername?: string;
  surface: string;
  operation: string;
  username?: string;
  outcome: string;
  httpStatus: number;
  durationMs: number;
  correlationId: string;
  format: 'xml' | 'json';
  /** The bodies as the door had them: text, bytes, or (admin API) the parsed JSON, turned into text when written. */
  request: unknown;
  response: unknown;
  /** Set when the exchange was refused: what diagnose() reads. */
  refusal?: Refusal;
  /** When it was answered (set by the journal). */
  occurredAt?: Date;
}

/** A body as text; a JSON value that cannot be written out (nested past the stack) is kept as a note. */
function textOf(body: unknown): string | undefined {
  if (body === undefined) return undefined;
  if (typeof body === 'string') return body;
  if (Buffer.isBuffer(body)) return body.toString();
  try {
    return JSON.stringify(body);
  } catch {
    return '{"body":"not kept: it could not be written out"}';
  }
}

/** Who and which organisation a request names, read from its text (it may not have parsed). */
function claimsOf(exchange: Exchange): Claim {
  const text = exchange.format === 'xml' ? (textOf(exchange.request) ?? '') : '';
  const value = (names: string) => new RegExp(`<(?:[\\w.-]+:)?(?:${names})(?:\\s[^>]*)?>\\s*([^<\\s]+)\\s*</`).exec(text)?.[1];
  return {
    username: exchange.claimedUsername ?? value('Username|UserName'),
    ukprn: value('UKPRN|Ukprn'),
    organisationRef: value('OrganisationRef|Reference'),
  };
}

export interface RequestJournalOptions {
  /** Entries kept per organisation; older ones are pruned. */
  maxEntries: number;
  maxAgeDays: number;
  /** Characters of each body kept. */
  bodyMaxChars: number;
  flushMs: number;
  /** How often the set of organisations that keep a journal is read again. */
  refreshMs: number;
}

/** Exchanges waiting to be written, past which the oldest are dropped (a journal never holds back a request). */
const MAX_PENDING = 5_000;

/**
 * The request journal of the organisations that keep one (docs/decisions/0087-the-request-journal.md).
 * Recording costs the request a set lookup and an array push: redaction, diagnosis and the
 * INSERT happen afterwards, in batches, off the request path; a clean stop writes what is pending.
 */
export class RequestJournal {
  private enabled = new Set<number>();
  private pending: Exchange[] = [];
  private flushTimer: NodeJS.Timeout | undefined;
  private refreshTimer: NodeJS.Timeout | undefined;
  private pruneTimer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  /** Exchanges dropped because the buffer was full (reported in the metrics by the caller). */
  dropped = 0;

  constructor(
    private readonly store: JournalStore,
    private readonly clock: Clock,
    private readonly options: RequestJournalOptions,
    private readonly onError: (error: unknown) => void,
  ) {}

  async start(): Promise<void> {
    await this.refresh();
    this.refreshTimer = setInterval(() => void this.refresh().catch(this.onError), this.options.refreshMs).unref();
    this.pruneTimer = setInterval(() => void this.prune().catch(this.onError), 60_000).unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.refreshTimer);
    clearInterval(this.pruneTimer);
    await this.flush();
  }

  keeps(organisationId: number | undefined): boolean {
    return organisationId !== undefined && this.enabled.has(organisationId);
  }

  record(exchange: Exchange): void {
    // A refusal before authentication names its organisation only in what it claims: kept, and resolved when written.
    if (exchange.organisationId === undefined ? this.enabled.size === 0 : !this.enabled.has(exchange.organisationId)) return;
    this.pending.push({ ...exchange, occurredAt: this.clock.now() });
    if (this.pending.length > MAX_PENDING) {
      this.pending.shift();
      this.dropped += 1;
    }
    this.flushTimer ??= setTimeout(() => void this.flush(), this.options.flushMs).unref();
  }

  async flush(): Promise<void> {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    while (this.flushing) await this.flushing;
    if (this.pending.length === 0) return;
    const exchanges = this.pending.splice(0, 200);
    this.flushing = this.attributed(exchanges)
      .then((kept) => this.store.insertMany(kept.map((exchange) => this.entryOf(exchange))))
      .catch(this.onError)
      .finally(() => (this.flushing = undefined));
    await this.flushing;
    if (this.pending.length > 0) await this.flush();
  }

  async setEnabled(organisationId: number, enabled: boolean): Promise<void> {
    await this.store.setEnabled(organisationId, enabled);
    if (enabled) this.enabled.add(organisationId);
    else this.enabled.delete(organisationId);
  }

  async refresh(): Promise<void> {
    this.enabled = await this.store.enabledOrganisations();
  }

  async prune(): Promise<void> {
    const before = new Date(this.clock.now().getTime() - this.options.maxAgeDays * 86_400_000);
    await this.store.prune(this.options.maxEntries, before);
  }

  /** Exchanges refused before authentication get the organisation they claim, when it keeps a journal; the rest are dropped. */
  private async attributed(exchanges: Exchange[]): Promise<Exchange[]> {
    const unknown = exchanges.filter((exchange) => exchange.organisationId === undefined);
    if (unknown.length === 0) return exchanges;
    const claims = new Map(unknown.map((exchange) => [exchange, claimsOf(exchange)]));
    const resolved = await this.store.resolveClaims([...claims.values()]);
    return exchanges.flatMap((exchange) => {
      if (exchange.organisationId !== undefined) return [exchange];
      const claim = claims.get(exchange) as Claim;
      const organisationId =
        resolved.byUkprn.get(claim.ukprn ?? '') ??
        resolved.byReference.get(claim.organisationRef ?? '') ??
        resolved.byUsername.get(claim.username ?? '');
      return organisationId !== undefined && this.enabled.has(organisationId) ? [{ ...exchange, organisationId }] : [];
    });
  }

  private entryOf(exchange: Exchange): JournalEntry {
    const requestText = textOf(exchange.request);
    const redact = exchange.format === 'xml' ? redactXml : redactJson;
    const kept = (text: string | undefined) => (text === undefined ? null : clip(redact(text), this.options.bodyMaxChars));
    return {
      organisationId: exchange.organisationId ?? null,
      occurredAt: exchange.occurredAt ?? this.clock.now(),
      surface: exchange.surface,
      operation: exchange.operation,
      username: exchange.username ?? null,
      outcome: exchange.outcome,
      httpStatus: exchange.httpStatus,
      durationMs: exchange.durationMs,
      correlationId: exchange.correlationId,
      requestBody: kept(requestText),
      responseBody: kept(textOf(exchange.response)),
      diagnostics: exchange.refusal ? diagnose(exchange.refusal, requestText ?? '') : [],
    };
  }
}
