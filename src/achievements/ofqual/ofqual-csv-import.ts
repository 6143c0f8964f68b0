import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parse } from 'csv-parse';
import type { AuditTrail } from '../../platform/audit/audit-trail';
import type { Database } from '../../platform/database';
import { DomainError } from '../../platform/errors';
import { type QualificationRecord, upsertQualifications } from '../qualification-register';
import {
  CSV_COLUMNS,
  CSV_DATE_COLUMNS,
  type CsvRow,
  type DateOrder,
  fromCsvRow,
  type SkippedRecord,
  slashedDateOrder,
} from './ofqual-mapping';

export interface CsvImportReport {
  rows: number;
  upserted: number;
  skipped: SkippedRecord[];
  /** How the file's slashed dates were read. */
  dateOrder: DateOrder;
  durationMs: number;
}

interface ParsedRow {
  record: CsvRow;
  info: { lines: number; invalid_field_length: number };
}

const CHUNK = 500;

/**
 * `import-qualifications FILE.csv`: loads the Ofqual Register's qualification download
 * (docs/achievements.md, "The Ofqual Register"), streamed, in chunks of one transaction each, through the same mapping
 * as the API sync. A first pass checks the headings and reads the order of the file's dates.
 */
export async function importQualificationsCsv(
  db: Database,
  file: string,
  options: { audit: AuditTrail; now?: () => number },
): Promise<CsvImportReport> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const dateOrder = await fileDateOrder(file);
  const report: CsvImportReport = { rows: 0, upserted: 0, skipped: [], dateOrder, durationMs: 0 };
  const seen = new Map<string, number>();
  let chunk: QualificationRecord[] = [];
  const flush = async () => {
    const records = chunk;
    chunk = [];
    if (records.length > 0) await db.transaction((manager) => upsertQualifications(manager, records));
    report.upserted += records.length;
  };
  for await (const { record: row, info } of csvRows(file)) {
    report.rows += 1;
    const line = info.lines;
    const mapped = fromCsvRow(row, dateOrder);
    const number = row[CSV_COLUMNS.number]?.trim() || '(none)';
    if (info.invalid_field_length > 0) {
      report.skipped.push({ number, line, reason: 'the row has a different number of fields from the heading' });
    } else if (!mapped.ok) {
      report.skipped.push({ ...mapped.skipped, line });
    } else if (seen.has(mapped.record.reference)) {
      report.skipped.push({ number, line, reason: `the qualification is also on line ${seen.get(mapped.record.reference)}` });
    } else {
      seen.set(mapped.record.reference, line);
      chunk.push(mapped.record);
      if (chunk.length >= CHUNK) await flush();
    }
  }
  await flush();
  report.durationMs = Math.round(now() - started);
  await options.audit.record({
    correlationId: randomUUID(),
    surface: 'cli',
    operation: 'ImportQualifications',
    outcome: report.skipped.length === 0 ? 'OK' : 'PARTIAL',
    subject: path.basename(file),
  });
  return report;
}

async function* csvRows(file: string): AsyncGenerator<ParsedRow> {
  const input = fs.createReadStream(file);
  try {
    yield* input.pipe(
      parse({ columns: checkedHeader, bom: true, trim: true, skip_empty_lines: true, relax_column_count: true, info: true }),
    ) as AsyncIterable<ParsedRow>;
  } finally {
    input.destroy();
  }
}

/** Day-first unless a date proves month-first; a file proving both is refused before anything is written. */
async function fileDateOrder(file: string): Promise<DateOrder> {
  const proven = new Set<DateOrder>();
  for await (const { record } of csvRows(file)) {
    for (const column of CSV_DATE_COLUMNS) {
      const order = slashedDateOrder(record[column] ?? '');
      if (order) proven.add(order);
    }
    if (proven.size > 1) {
      throw new DomainError('QUALIFICATION_FILE_INVALID', 'The file has dates in both day/month/year and month/day/year order');
    }
  }
  return proven.has('month-first') ? 'month-first' : 'day-first';
}

function checkedHeader(header: string[]): string[] {
  const columns = header.map((h) => h.trim());
  const missing = Object.values(CSV_COLUMNS).filter((c) => !columns.includes(c));
  if (missing.length > 0) {
    throw new DomainError('QUALIFICATION_FILE_INVALID', `The heading row lacks the column(s) ${missing.join(', ')}`);
  }
  return columns;
}
