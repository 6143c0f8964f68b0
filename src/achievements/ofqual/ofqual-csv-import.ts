import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parse } from 'csv-parse';
import type { AuditTrail } from '../../platform/audit/audit-trail';
import type { Database } from '../../platform/database';
import { DomainError } from '../../platform/errors';
import type { QualificationRecord } from '../qualification-register';
import { QualificationStore } from '../qualification.store';
import {
  CSV_COLUMNS,
  CSV_DATE_COLUMNS,
  type CsvRow,
  type DateOrder,
  fromCsvRow,
  fromQiwRow,
  type Mapped,
  ownerKey,
  QIW_CSV_COLUMNS,
  QIW_DATE_COLUMNS,
  type RegisteredOwner,
  type SkippedRecord,
  slashedDateOrder,
} from './ofqual-mapping';
import { OfqualStore } from './ofqual.store';

/** The registers whose CSV files load (guide 5.1 names both): the Ofqual Register and Qualifications in Wales. */
export type QualificationFileRegister = 'ofqual' | 'qiw';

/** What differs between the registers' files: headings, date columns, mapping, and what a row may replace. */
interface FileFormat {
  columns: readonly string[];
  numberColumn: string;
  dateColumns: readonly string[];
  map(row: CsvRow, dateOrder: DateOrder): Mapped;
  /** QiW rows never replace a record the Ofqual Register gave: the Register's is the fuller one. */
  keepsOfqualRecords: boolean;
}

async function fileFormat(ofqual: OfqualStore, register: QualificationFileRegister): Promise<FileFormat> {
  if (register === 'ofqual') {
    return {
      columns: Object.values(CSV_COLUMNS),
      numberColumn: CSV_COLUMNS.number,
      dateColumns: CSV_DATE_COLUMNS,
      map: fromCsvRow,
      keepsOfqualRecords: false,
    };
  }
  const owners = new Map<string, RegisteredOwner>(
    (await ofqual.registeredOwners()).map((owner) => [ownerKey(owner.name), owner]),
  );
  return {
    columns: Object.values(QIW_CSV_COLUMNS),
    numberColumn: QIW_CSV_COLUMNS.number,
    dateColumns: QIW_DATE_COLUMNS,
    map: (row, dateOrder) => fromQiwRow(row, dateOrder, owners),
    keepsOfqualRecords: true,
  };
}

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
 * `import-qualifications FILE.csv [--register qiw]`: loads the Ofqual Register's qualification
 * download (docs/achievements.md, "The Ofqual Register"), through the same mapping as the API sync, or a Qualifications
 * in Wales export; streamed, in chunks of one transaction each. A first pass checks the headings
 * and reads the order of the file's dates.
 */
export async function importQualificationsCsv(
  db: Database,
  file: string,
  options: { audit: AuditTrail; now?: () => number; register?: QualificationFileRegister },
): Promise<CsvImportReport> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const qualifications = new QualificationStore(db);
  const ofqual = new OfqualStore(db);
  const format = await fileFormat(ofqual, options.register ?? 'ofqual');
  const dateOrder = await fileDateOrder(file, format);
  const report: CsvImportReport = { rows: 0, upserted: 0, skipped: [], dateOrder, durationMs: 0 };
  const seen = new Map<string, number>();
  let chunk: QualificationRecord[] = [];
  const flush = async () => {
    const records = format.keepsOfqualRecords ? await withoutOfqualRecords(ofqual, chunk, seen, report) : chunk;
    chunk = [];
    if (records.length > 0) await db.transaction(() => qualifications.upsert(records));
    report.upserted += records.length;
  };
  for await (const { record: row, info } of csvRows(file, format)) {
    report.rows += 1;
    const line = info.lines;
    const mapped = format.map(row, dateOrder);
    const number = row[format.numberColumn]?.trim() || '(none)';
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
    operation: options.register === 'qiw' ? 'ImportQualificationsWales' : 'ImportQualifications',
    outcome: report.skipped.length === 0 ? 'OK' : 'PARTIAL',
    subject: path.basename(file),
  });
  return report;
}

/** The records of the chunk that the Ofqual Register did not give; the others are reported as skipped. */
async function withoutOfqualRecords(
  ofqual: OfqualStore,
  records: QualificationRecord[],
  lines: ReadonlyMap<string, number>,
  report: CsvImportReport,
): Promise<QualificationRecord[]> {
  if (records.length === 0) return records;
  const fromOfqual = await ofqual.fromOfqual(records.map((r) => r.reference));
  for (const record of records.filter((r) => fromOfqual.has(r.reference))) {
    report.skipped.push({
      number: record.reference,
      line: lines.get(record.reference),
      reason: "the Ofqual Register's record of this qualification is kept",
    });
  }
  return records.filter((r) => !fromOfqual.has(r.reference));
}

async function* csvRows(file: string, format: FileFormat): AsyncGenerator<ParsedRow> {
  const input = fs.createReadStream(file);
  try {
    yield* input.pipe(
      parse({
        columns: (header: string[]) => checkedHeader(header, format),
        bom: true,
        trim: true,
        skip_empty_lines: true,
        relax_column_count: true,
        info: true,
      }),
    ) as AsyncIterable<ParsedRow>;
  } finally {
    input.destroy();
  }
}

/** Day-first unless a date proves month-first; a file proving both is refused before anything is written. */
async function fileDateOrder(file: string, format: FileFormat): Promise<DateOrder> {
  const proven = new Set<DateOrder>();
  for await (const { record } of csvRows(file, format)) {
    for (const column of format.dateColumns) {
      const order = slashedDateOrder(record[column] ?? '');
      if (order) proven.add(order);
    }
    if (proven.size > 1) {
      throw new DomainError('QUALIFICATION_FILE_INVALID', 'The file has dates in both day/month/year and month/day/year order');
    }
  }
  return proven.has('month-first') ? 'month-first' : 'day-first';
}

function checkedHeader(header: string[], format: FileFormat): string[] {
  const columns = header.map((h) => h.trim());
  const missing = format.columns.filter((c) => !columns.includes(c));
  if (missing.length > 0) {
    throw new DomainError('QUALIFICATION_FILE_INVALID', `The heading row lacks the column(s) ${missing.join(', ')}`);
  }
  return columns;
}
