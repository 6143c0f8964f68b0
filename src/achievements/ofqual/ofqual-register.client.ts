import { setTimeout as sleep } from 'node:timers/promises';
import { DomainError } from '../../platform/errors';
import { retryAfterMs } from '../../platform/http/retry-after';

/** One qualification of the public list, as the API serialises it (docs/achievements.md, "The Ofqual Register"). Dates are zone-less. */
export interface OfqualQualification {
  qualificationNumber: string;
  qualificationNumberNoObliques: string | null;
  title: string;
  status: string | null;
  organisationName: string | null;
  organisationAcronym: string | null;
  organisationRecognitionNumber: string | null;
  type: string | null;
  ssa: string | null;
  level: string | null;
  subLevel: string | null;
  eqfLevel: string | null;
  gradingType: string | null;
  gradingScale: string | null;
  totalCredits: number | null;
  tqt: number | null;
  glh: number | null;
  minimumGLH: number | null;
  maximumGLH: number | null;
  regulationStartDate: string | null;
  operationalStartDate: string;
  operationalEndDate: string | null;
  certificationEndDate: string | null;
  reviewDate: string | null;
  offeredInEngland: boolean | null;
  offeredInNorthernIreland: boolean | null;
  offeredInternationally: boolean | null;
  specialism: string | null;
  pathways: string | null;
  assessmentMethods: string[] | null;
  approvedForDELFundedProgramme: boolean | null;
  linkToSpecification: string | null;
  apprenticeshipStandardReferenceNumber: string | null;
  apprenticeshipStandardTitle: string | null;
  regulatedByNorthernIreland: boolean | null;
  niDiscountCode: string | null;
  gceSizeEquivalence: number | null;
  gcseSizeEquivalence: number | null;
  entitlementFrameworkDesignation: string | null;
  lastUpdatedDate: string | null;
}

/** docs/achievements.md, "The Ofqual Register": `count` is the total matching, not the page size; there is no next link. */
export interface QualificationPage {
  count: number;
  currentPage: number | null;
  limit: number | null;
  results: OfqualQualification[];
}

/** What the sync needs of the register: one page of the public qualification list. */
export interface QualificationSource {
  readonly baseUrl: string;
  qualificationsPage(page: number, limit: number): Promise<QualificationPage>;
}

export interface OfqualClientOptions {
  baseUrl?: string;
  /** Tries per page, the first included. */
  attempts?: number;
  /** The first retry waits this long; each later one twice as long as the one before. */
  baseDelayMs?: number;
  timeoutMs?: number;
}

export const OFQUAL_REGISTER_API = 'https://register-api.ofqual.gov.uk';
const MAX_RETRY_AFTER_MS = 60_000;

type Attempt =
  | { kind: 'page'; page: QualificationPage }
  | { kind: 'retry'; reason: string; retryAfterMs?: number }
  | { kind: 'refused'; reason: string };

/** The public Ofqual Register API (docs/achievements.md, "The Ofqual Register"): no key, `api/` paths only. */
export class OfqualRegisterClient implements QualificationSource {
  readonly baseUrl: string;
  private readonly attempts: number;
  private readonly baseDelayMs: number;
  private readonly timeoutMs: number;

  constructor(options: OfqualClientOptions = {}) {
    this.baseUrl = (options.baseUrl ?? OFQUAL_REGISTER_API).replace(/\/+$/, '');
    this.attempts = Math.max(1, options.attempts ?? 5);
    this.baseDelayMs = options.baseDelayMs ?? 500;
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  /** One page, retried on network errors, timeouts, 5xx and 429; any other refusal fails at once. */
  async qualificationsPage(page: number, limit: number): Promise<QualificationPage> {
    const url = `${this.baseUrl}/api/Qualifications?page=${page}&limit=${limit}`;
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.attempt(url);
      if (outcome.kind === 'page') return outcome.page;
      if (outcome.kind === 'refused') {
        throw new DomainError('OFQUAL_REFUSED', `The Ofqual Register refused page ${page} (${outcome.reason})`);
      }
      if (attempt >= this.attempts) {
        throw new DomainError(
          'OFQUAL_UNAVAILABLE',
          `Page ${page} of the Ofqual Register failed ${attempt} time(s); the last answer: ${outcome.reason}`,
        );
      }
      await sleep(Math.max(this.baseDelayMs * 2 ** (attempt - 1), outcome.retryAfterMs ?? 0));
    }
  }

  private async attempt(url: string): Promise<Attempt> {
    let status: number;
    let body: string;
    let retryAfter: string | null;
    try {
      const response = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(this.timeoutMs) });
      status = response.status;
      retryAfter = response.headers.get('retry-after');
      body = await response.text();
    } catch (error) {
      return { kind: 'retry', reason: networkReason(error, this.timeoutMs) };
    }
    if (status >= 200 && status < 300) {
      const page = asPage(body);
      return page ? { kind: 'page', page } : { kind: 'retry', reason: 'the answer was not a qualification list' };
    }
    const reason = `HTTP ${status}: ${errorText(body)}`;
    if (status === 429 || status >= 500)
      return { kind: 'retry', reason, retryAfterMs: retryAfterMs(retryAfter, MAX_RETRY_AFTER_MS) };
    return { kind: 'refused', reason };
  }
}

function asPage(body: string): QualificationPage | undefined {
  try {
    const value = JSON.parse(body) as Partial<QualificationPage> | null;
    if (value && typeof value.count === 'number' && Array.isArray(value.results)) return value as QualificationPage;
  } catch {
    // a truncated or non-JSON body: reported as not a qualification list
  }
  return undefined;
}

/** docs/achievements.md, "The Ofqual Register": errors are {"error": ...}; the API's own README says {"message": ...}, which is stale; 404s may be empty. */
function errorText(body: string): string {
  try {
    const value = JSON.parse(body) as { error?: unknown; message?: unknown } | null;
    const text = value?.error ?? value?.message;
    if (typeof text === 'string') return text;
  } catch {
    // not JSON: the text itself is shown
  }
  return body.trim().slice(0, 200) || 'no body';
}

function networkReason(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && error.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
