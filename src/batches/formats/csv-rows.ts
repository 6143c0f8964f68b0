import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify';
import { SPREADSHEET_SAFE_CAST } from '../../platform/csv/spreadsheet-safe';
import { type BatchRow, BatchFileError, MAX_RECORD_CHARACTERS } from './batch-row';
import { batchText } from './batch-text';

/**
 * Rows of a CSV batch file (a heading row, then one row per record; RFC 4180 quoting, a BOM
 * and CRLF accepted), streamed with csv-parse. The heading must name every column of the
 * layout, in any order, and nothing else. The bytes must be UTF-8 (batchText).
 */
export async function* readCsvRows(source: Readable, columns: readonly string[]): AsyncGenerator<BatchRow> {
  const parser = parse({
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    max_record_size: MAX_RECORD_CHARACTERS,
    info: true,
  });
  const text = Readable.from(batchText(source));
  text.on('error', (error) => parser.destroy(error));
  text.pipe(parser);
  let heading: string[] | undefined;
  let rowNumber = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (!heading) {
        heading = checkHeading(
          record.map((h) => h.trim()),
          columns,
        );
        continue;
      }
      rowNumber += 1;
      const fields: Record<string, string | undefined> = {};
      heading.forEach((name, i) => {
        const value = record[i]?.trim();
        fields[name] = value === '' ? undefined : value;
      });
      const shapeProblem =
        record.length === heading.length
          ? undefined
          : `line ${info.lines} has ${record.length} fields where the heading has ${heading.length}`;
      yield { rowNumber, fields, shapeProblem };
    }
  } catch (error) {
    if (error instanceof BatchFileError) throw error;
    throw new BatchFileError(`The CSV cannot be read: ${(error as Error).message}`);
  }
  if (!heading) throw new BatchFileError('The file is empty: a CSV batch starts with a heading row');
}

function checkHeading(heading: string[], columns: readonly string[]): string[] {
  const missing = columns.filter((c) => !heading.includes(c));
  const unknown = heading.filter((h) => !columns.includes(h));
  const repeated = heading.filter((h, i) => heading.indexOf(h) !== i);
  const problems = [
    missing.length > 0 ? `missing column(s) ${missing.join(', ')}` : '',
    unknown.length > 0 ? `unknown column(s) ${unknown.join(', ')}` : '',
    repeated.length > 0 ? `repeated column(s) ${repeated.join(', ')}` : '',
  ].filter((p) => p !== '');
  if (problems.length > 0) throw new BatchFileError(`The heading row has ${problems.join('; ')} (expected ${columns.join(',')})`);
  return heading;
}

/** Output rows as CSV, heading first, streamed through csv-stringify; no cell reads as a formula. */
export function writeCsvRows(rows: AsyncIterable<Record<string, string | undefined>>, columns: readonly string[]): Readable {
  const stringifier = stringify({ header: true, columns: [...columns], cast: SPREADSHEET_SAFE_CAST });
  void (async () => {
    try {
      for await (const row of rows) {
        if (!stringifier.write(row)) await new Promise((resolve) => stringifier.once('drain', resolve));
      }
      stringifier.end();
    } catch (error) {
      stringifier.destroy(error as Error);
    }
  })();
  return stringifier;
}
