import { PassThrough, type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { BatchFormat, BatchLayout } from './batch-layouts';
import { readCsvRows } from './formats/csv-rows';
import { readXmlRows } from './formats/xml-rows';

/**
 * Counts an upload's rows while it is stored, read by the same reader the worker will use, so the
 * job's row total is known before a worker takes it (a progress bar needs it from the start). The
 * upload passes through unchanged and at the pace of the slower of the store and the count. A file
 * the reader refuses has no count (null): the worker fails it with the reason.
 */
export function countingRows(
  content: Readable,
  layout: BatchLayout,
  format: BatchFormat,
): { content: Readable; rowCount: Promise<number | null> } {
  const copy = new PassThrough();
  const through = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (copy.write(chunk)) done(null, chunk);
      else copy.once('drain', () => done(null, chunk));
    },
    flush(done) {
      copy.end();
      done();
    },
  });
  // An upload that fails half-way (too large, the client gone) ends the count too; nobody awaits it then.
  through.on('close', () => copy.end());
  pipeline(content, through).catch(() => undefined); // the store sees the error through `through`
  return { content: through, rowCount: countOf(copy, layout, format) };
}

async function countOf(copy: PassThrough, layout: BatchLayout, format: BatchFormat): Promise<number | null> {
  let rows = 0;
  try {
    const reader = format === 'CSV' ? readCsvRows(copy, layout.columns) : readXmlRows(copy, layout);
    for await (const row of reader) rows = row.rowNumber;
    return rows;
  } catch {
    // The rest of the upload still flows to the store; the copy is drained and dropped.
    copy.resume();
    return null;
  }
}
