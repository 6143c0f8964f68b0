import { setImmediate as nextTurn } from 'node:timers/promises';
import { isDomainError } from '../../platform/errors';
import { XmlPrescan, type XmlLimits } from '../../platform/xml/xml-prescan';
import { BatchFileError } from './batch-row';

/**
 * The most bytes decoded and scanned at a time, and how long the reading (with the parsing of
 * what was read) may hold the event loop before it lets other work in: no file of any shape
 * holds the process (docs/decisions/0040-batch-file-structure-limits.md).
 */
export const SLICE_BYTES = 16 * 1024;
const TURN_MS = 10;

/** A slice of a batch file: its bytes, and their text. */
export interface BatchSlice {
  bytes: Buffer;
  text: string;
}

/**
 * A batch file read from its bytes, in slices, each checked before it is handed on: strict
 * UTF-8 decoded across any piece boundary (docs/decisions/0042-batch-files-are-utf-8.md) and, for
 * XML, scanned under the SOAP messages' structural limits, so a parser never sees a slice that
 * breaks them. Both the upload and the worker read a file through this.
 */
export async function* batchSlices(
  source: AsyncIterable<Buffer | Uint8Array | string>,
  /** Given for an XML file: the limits its structure is scanned under. */
  xmlLimits?: XmlLimits,
): AsyncGenerator<BatchSlice> {
  const utf8 = new StrictUtf8();
  const xml = xmlLimits ? new XmlFileCheck(xmlLimits) : undefined;
  let turnStarted = performance.now();
  for await (const chunk of source) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    for (let start = 0; start < buffer.length; start += SLICE_BYTES) {
      const bytes = buffer.subarray(start, start + SLICE_BYTES);
      const text = utf8.decode(bytes);
      xml?.write(text);
      yield { bytes, text };
      if (performance.now() - turnStarted >= TURN_MS) {
        await nextTurn();
        turnStarted = performance.now();
      }
    }
  }
  const rest = utf8.end();
  xml?.write(rest);
  xml?.end();
  if (rest !== '') yield { bytes: Buffer.alloc(0), text: rest };
}

/** The text of a batch file, checked, slice by slice. */
export async function* batchText(
  source: AsyncIterable<Buffer | Uint8Array | string>,
  xmlLimits?: XmlLimits,
): AsyncGenerator<string> {
  for await (const slice of batchSlices(source, xmlLimits)) if (slice.text !== '') yield slice.text;
}

/**
 * UTF-8 decoded piece by piece with the WHATWG decoder in fatal streaming mode: a character
 * split between pieces is joined, and an invalid sequence is refused (never replaced by U+FFFD)
 * with its byte offset and line.
 */
export class StrictUtf8 {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private offset = 0;
  private newlines = 0;
  /** The last piece from the start of its last character: where a fresh decoder can take over. */
  private tail: Uint8Array = new Uint8Array(0);

  decode(bytes: Uint8Array): string {
    let text: string;
    try {
      text = this.decoder.decode(bytes, { stream: true });
    } catch {
      throw this.invalidIn(bytes);
    }
    this.offset += bytes.length;
    this.newlines += countNewlines(bytes, bytes.length);
    this.tail = lastCharacter(bytes.length >= 4 ? bytes : concat(this.tail, bytes));
    return text;
  }

  end(): string {
    try {
      return this.decoder.decode();
    } catch {
      throw new BatchFileError(`The file is not valid UTF-8: it ends in the middle of a character (byte ${this.offset})`);
    }
  }

  /** Finds the first byte the decoder refuses: the shortest prefix that fails, by halving. */
  private invalidIn(bytes: Uint8Array): BatchFileError {
    const joined = concat(this.tail, bytes);
    const fails = (length: number) => {
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(joined.subarray(0, length), { stream: true });
        return false;
      } catch {
        return true;
      }
    };
    let low = 1;
    let high = joined.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (fails(middle)) high = middle;
      else low = middle + 1;
    }
    const inPiece = Math.max(0, low - 1 - this.tail.length);
    const at = this.offset + inPiece;
    const line = this.newlines + countNewlines(bytes, inPiece) + 1;
    return new BatchFileError(`The file is not valid UTF-8: an invalid byte sequence at byte ${at} (line ${line})`);
  }
}

/** The structure of an XML batch file, checked as it streams, and its declared encoding. */
class XmlFileCheck {
  private readonly scan: XmlPrescan;
  private declarationChecked = false;

  constructor(limits: XmlLimits) {
    this.scan = new XmlPrescan(limits);
  }

  write(text: string): void {
    this.refusing(() => this.scan.write(text));
    if (!this.declarationChecked && this.scan.declaration !== undefined) {
      this.declarationChecked = true;
      const encoding = /\bencoding\s*=\s*["']([^"']*)["']/.exec(this.scan.declaration)?.[1];
      // docs/decisions/0042-batch-files-are-utf-8.md: another encoding is refused, never guessed at.
      if (encoding !== undefined && encoding.toUpperCase() !== 'UTF-8') {
        throw new BatchFileError(`The XML declaration names the encoding ${encoding}: a batch file must be UTF-8`);
      }
    }
  }

  end(): void {
    this.refusing(() => this.scan.end());
  }

  private refusing(scan: () => void): void {
    try {
      scan();
    } catch (error) {
      if (!isDomainError(error)) throw error;
      throw new BatchFileError(`The XML cannot be read: ${error.message}`);
    }
  }
}

function countNewlines(bytes: Uint8Array, end: number): number {
  let count = 0;
  for (let i = bytes.indexOf(0x0a); i !== -1 && i < end; i = bytes.indexOf(0x0a, i + 1)) count++;
  return count;
}

/** From the last byte that starts a character (a character is at most 4 bytes). */
function lastCharacter(bytes: Uint8Array): Uint8Array {
  for (let i = bytes.length - 1; i >= Math.max(0, bytes.length - 4); i--) {
    if ((bytes[i] & 0xc0) !== 0x80) return bytes.slice(i);
  }
  return bytes.slice(Math.max(0, bytes.length - 4));
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  return Buffer.concat([a, b]);
}
