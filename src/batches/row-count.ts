import { PassThrough, type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { BatchFormat, BatchLayout } from './batch-layouts';
import { readCsvRows } from './formats/csv-rows';
import { readXmlRows } from './formats/xml-rows';
import type { XmlLimits } from '../platform/xml/xml-prescan';

/**
 * Counts an upload's rows while it is stored, read by the same reader the worker will use, so the
 * job's row total is known before a worker takes it (a progress bar needs it from the start). The
 * upload passes through unchanged and at the pace of the slower of the store and the count. A file
 * the reader refuses has no count (null): the rest of the upload is stored without it, and the
 * worker fails the job with the reason.
 */
export function countingRows(
  content: Readable,
  layout: BatchLayout,
  format: BatchFormat,
  xmlLimits: XmlLimits,
): { content: Readable; rowCount: Promise<number | null> } {
  const copy = new PassThrough();
  let counting = true;
  /** The chunk held back until the count has read what it was given (backpressure). */
  let held: (() => void) | undefined;
  const through = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (!counting || copy.write(chunk)) return done(null, chunk);
      held = () => {
        held = undefined;
        done(null, chunk);
      };
      copy.once('drain', () => held?.());
    },
    flush(done) {
      copy.end();
      done();
    },
  });
  // An upload that fails half-way (too large, the client gone) ends the count too; nobody awaits it then.
  through.on('close', () => copy.end());
  pipeline(content, through).catch(() => undefined); // the store sees the error through `through`
  const stopCounting = () => {
    counting = false;
    copy.destroy();
    held?.();
  };
  return { content: through, rowCount: countOf(copy, layout, format, xmlLimits, stopCounting) };
}

async function countOf(
  copy: PassThrough,
  layout: BatchLayout,
  format: BatchFormat,
  xmlLimits: XmlLimits,
  stop: () => void,
): Promise<number | null> {
  let rows = 0;
  try {
    const reader = format === 'CSV' ? readCsvRows(copy, layout.columns) : readXmlRows(copy, layout, xmlLimits);
    for await (const row of reader) rows = row.rowNumber;
    return rows;
  } catch {
    stop();
    return null;
  }
}
