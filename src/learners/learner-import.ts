import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse';
import type { AuditTrail } from '../platform/audit/audit-trail';
import { type Clock, todayOf } from '../platform/clock';
import type { Database } from '../platform/database';
import { DomainError } from '../platform/errors';
import type { Problem } from './learner-data.rules';
import { checkRegisterRow, REQUIRED_COLUMNS, type RegisterRow } from './learner-import.rules';
import type { LearnerRecord } from './learner-record';
import { LearnerStore } from './learner.store';
import type { ReferenceData } from './reference-data';

export interface RejectedRow {
  line: number;
  uln?: string;
  problems: Problem[];
}

export interface ImportReport {
  rows: number;
  imported: number;
  rejected: RejectedRow[];
}

const CHUNK = 500;

/**
 * `import-learners FILE.csv`: loads an operator's Learner Register from an LRB-layout CSV
 * (docs/contracts.md, "Learner files" headings plus MasterULN), streaming it in chunks. Every row is checked
 * by the Appendix B rules; rejected rows are reported with their reasons, never imported.
 * Rows are keyed by ULN, so importing the same file again changes nothing.
 */
export async function importLearnersCsv(
  db: Database,
  file: string,
  deps: {
    referenceData: ReferenceData;
    clock: Clock;
    audit: AuditTrail;
    /** Told after each chunk: rows read so far, and bytes read of the file's size. */
    onProgress?: (progress: { rows: number; bytes: number; size: number }) => void;
  },
): Promise<ImportReport> {
  const learners = new LearnerStore(db);
  const size = fs.statSync(file).size;
  let bytes = 0;
  const lists = await deps.referenceData.learnerDataLists();
  const today = todayOf(deps.clock);
  const report: ImportReport = { rows: 0, imported: 0, rejected: [] };
  const seen = new Set<string>();
  const linked: { line: number; record: LearnerRecord }[] = [];
  let chunk: LearnerRecord[] = [];
  const flush = async () => {
    if (chunk.length === 0) return;
    const records = chunk;
    chunk = [];
    await db.transaction(() => learners.upsert(records));
    report.imported += records.length;
    deps.onProgress?.({ rows: report.rows, bytes, size });
  };

  const parser = fs
    .createReadStream(file)
    .pipe(parse({ columns: checkedHeader, bom: true, trim: true, skip_empty_lines: true, relax_column_count: true, info: true }));
  for await (const { record: row, info } of parser as AsyncIterable<{
    record: RegisterRow;
    info: { lines: number; bytes: number; invalid_field_length: number };
  }>) {
    report.rows += 1;
    bytes = info.bytes;
    const line = info.lines;
    const { record, problems } = checkRegisterRow(row, lists, today);
    if (info.invalid_field_length > 0) {
      problems.push({
        field: '*',
        code: 'LEARNER_FIELD_INVALID',
        detail: 'the row has a different number of fields from the heading',
      });
    }
    if (record && seen.has(record.uln)) {
      problems.push({ field: 'ULN', code: 'LEARNER_FIELD_INVALID', detail: 'the ULN appears more than once in the file' });
    }
    if (!record || problems.length > 0) {
      report.rejected.push({ line, uln: row.ULN?.trim() || undefined, problems });
      continue;
    }
    seen.add(record.uln);
    if (record.masterUln) linked.push({ line, record });
    else chunk.push(record);
    if (chunk.length >= CHUNK) await flush();
  }
  await flush();
  bytes = size;
  await importLinked(db, learners, linked, seen, report);
  deps.onProgress?.({ rows: report.rows, bytes, size });
  await deps.audit.record({
    correlationId: `import-${Date.now()}`,
    surface: 'cli',
    operation: 'ImportLearners',
    outcome: report.rejected.length === 0 ? 'OK' : 'PARTIAL',
    subject: path.basename(file),
  });
  return report;
}

/** A linked learner's master must be on the register, or in the same file. */
async function importLinked(
  db: Database,
  learners: LearnerStore,
  linked: { line: number; record: LearnerRecord }[],
  inFile: Set<string>,
  report: ImportReport,
): Promise<void> {
  for (let start = 0; start < linked.length; start += CHUNK) {
    const slice = linked.slice(start, start + CHUNK);
    const masters = [...new Set(slice.map((l) => l.record.masterUln as string))];
    const known = new Set([...(await learners.held(masters)), ...inFile]);
    const accepted: LearnerRecord[] = [];
    for (const { line, record } of slice) {
      if (known.has(record.masterUln as string)) accepted.push(record);
      else {
        report.rejected.push({
          line,
          uln: record.uln,
          problems: [
            {
              field: 'MasterULN',
              code: 'LEARNER_MASTER_UNKNOWN',
              detail: 'the master ULN is not on the register or in the file',
            },
          ],
        });
      }
    }
    if (accepted.length > 0) await db.transaction(() => learners.upsert(accepted));
    report.imported += accepted.length;
  }
}

function checkedHeader(header: string[]): string[] {
  const columns = header.map((h) => h.trim());
  const missing = REQUIRED_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length > 0) {
    throw new DomainError('LEARNER_FIELD_INVALID', `The heading row lacks the column(s) ${missing.join(', ')}`);
  }
  return columns;
}
