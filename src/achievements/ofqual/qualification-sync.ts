import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { AuditTrail } from '../../platform/audit/audit-trail';
import type { Database } from '../../platform/database';
import { DomainError, isDomainError } from '../../platform/errors';
import type { QualificationRecord } from '../qualification-register';
import { QualificationStore } from '../qualification.store';
import { fromApiRecord, type SkippedRecord } from './ofqual-mapping';
import type { QualificationPage, QualificationSource } from './ofqual-register.client';
import { OfqualStore, type SyncProgress } from './ofqual.store';

export interface SyncOptions {
  audit: AuditTrail;
  /** Records per page: 1 to 10000 (docs/achievements.md, "The Ofqual Register"). */
  limit?: number;
  /** Pages fetched by one run at most; a run stopped by it resumes where it stopped. */
  maxPages?: number;
  now?: () => number;
}

export interface SyncReport {
  pagesFetched: number;
  received: number;
  upserted: number;
  skipped: SkippedRecord[];
  /** The API's count of qualifications (docs/achievements.md, "The Ofqual Register"). */
  total: number;
  /** The page an interrupted run was resumed from; null for a run from the start. */
  resumedFromPage: number | null;
  /** False when maxPages stopped the run before the last page. */
  complete: boolean;
  durationMs: number;
}

/** The stores a sync writes through, built on the one database. */
interface SyncStores {
  db: Database;
  qualifications: QualificationStore;
  ofqual: OfqualStore;
}
const DEFAULT_LIMIT = 1000;
const MAX_LIMIT = 10_000;
const DEFAULT_MAX_PAGES = 1000;

/**
 * `sync-qualifications`: pages through the public qualification list and upserts each page in
 * a transaction of its own, which also records the page as done; a run that fails resumes at
 * the failed page, and a run that reaches the last page clears the record.
 */
export async function syncQualifications(db: Database, source: QualificationSource, options: SyncOptions): Promise<SyncReport> {
  const limit = options.limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new RangeError(`The page limit must be a whole number from 1 to ${MAX_LIMIT}`);
  }
  const now = options.now ?? (() => performance.now());
  const started = now();
  const stores = { db, qualifications: new QualificationStore(db), ofqual: new OfqualStore(db) };
  const state = await readState(stores.ofqual, limit);
  const report: SyncReport = {
    pagesFetched: 0,
    received: 0,
    upserted: 0,
    skipped: [],
    total: 0,
    resumedFromPage: state ? state.lastCompletedPage + 1 : null,
    complete: false,
    durationMs: 0,
  };
  const audit = (outcome: string) =>
    options.audit.record({
      correlationId: randomUUID(),
      surface: 'cli',
      operation: 'SyncQualifications',
      outcome,
      subject: source.baseUrl,
    });
  try {
    await syncPages(stores, source, { limit, maxPages: options.maxPages ?? DEFAULT_MAX_PAGES, state }, report);
  } catch (error) {
    await audit(isDomainError(error) ? error.code : 'FAILED');
    throw error;
  }
  report.durationMs = Math.round(now() - started);
  await audit(!report.complete ? 'INCOMPLETE' : report.skipped.length > 0 ? 'PARTIAL' : 'OK');
  return report;
}

async function syncPages(
  stores: SyncStores,
  source: QualificationSource,
  run: { limit: number; maxPages: number; state: SyncProgress | undefined },
  report: SyncReport,
): Promise<void> {
  let page = report.resumedFromPage ?? 1;
  while (report.pagesFetched < run.maxPages) {
    const result = await fetchPage(source, page, run.limit);
    report.pagesFetched += 1;
    if (run.state && page === report.resumedFromPage && result.count !== run.state.total) {
      // docs/achievements.md, "The Ofqual Register": pages are slices of a list sorted by number, so a changed total moves their boundaries
      run.state = undefined;
      report.resumedFromPage = null;
      page = 1;
      continue;
    }
    report.total = result.count;
    // docs/achievements.md, "The Ofqual Register": no next link; the last page is short, empty, or reaches the count
    const last = result.results.length < run.limit || page * run.limit >= result.count;
    await commitPage(
      stores,
      result,
      last ? undefined : { lastCompletedPage: page, limit: run.limit, total: result.count },
      report,
    );
    if (last) {
      report.complete = true;
      return;
    }
    page += 1;
  }
}

async function fetchPage(source: QualificationSource, page: number, limit: number): Promise<QualificationPage> {
  try {
    return await source.qualificationsPage(page, limit);
  } catch (error) {
    if (!isDomainError(error)) throw error;
    const saved = page > 1 ? ` Pages 1 to ${page - 1} are saved.` : '';
    throw new DomainError(error.code, `${error.message}.${saved} The next run starts at page ${page}.`);
  }
}

/** The page's qualifications and the progress record commit together, or neither does. */
async function commitPage(
  stores: SyncStores,
  result: QualificationPage,
  next: SyncProgress | undefined,
  report: SyncReport,
): Promise<void> {
  const records: QualificationRecord[] = [];
  for (const item of result.results) {
    const mapped = fromApiRecord(item);
    if (mapped.ok) records.push(mapped.record);
    else report.skipped.push(mapped.skipped);
  }
  await stores.db.transaction(async () => {
    await stores.qualifications.upsert(records);
    await stores.ofqual.saveSyncProgress(next);
  });
  report.received += result.results.length;
  report.upserted += records.length;
}

/** The progress of an interrupted run, when it paged with the same limit (other limits cut other pages). */
async function readState(ofqual: OfqualStore, limit: number): Promise<SyncProgress | undefined> {
  const state = await ofqual.syncProgress();
  if (!state) return undefined;
  const valid = [state.lastCompletedPage, state.limit, state.total].every((n) => Number.isInteger(n) && (n as number) >= 0);
  return valid && state.limit === limit && (state.lastCompletedPage as number) >= 1 ? (state as SyncProgress) : undefined;
}
