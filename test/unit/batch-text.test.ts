import { Readable } from 'node:stream';
import { VERIFY_LAYOUT } from '../../src/batches/batch-layouts';
import { readCsvRows } from '../../src/batches/formats/csv-rows';
import { readXmlRows } from '../../src/batches/formats/xml-rows';
import { batchText, SLICE_BYTES, StrictUtf8 } from '../../src/batches/formats/batch-text';
import { failure } from '../support/domain-codes';

const LIMITS = { maxDepth: 32, maxNameLength: 128, maxAttributes: 32 };
/** A 2-, a 3- and a 4-byte character, and a name ending in each. */
const NAMES = ['Zoë', 'Zo€', 'Zo𝔰'];

/** `bytes` cut into pieces of `size` (the last one shorter). */
const inPieces = (bytes: Buffer, size: number) =>
  Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, (i + 1) * size));

async function text(pieces: Buffer[], xml = false): Promise<string> {
  let all = '';
  for await (const slice of batchText(Readable.from(pieces), xml ? LIMITS : undefined)) all += slice;
  return all;
}

describe('decoding a batch file', () => {
  test.each(NAMES)('%s is decoded whole, whatever the size of the pieces it comes in and wherever they are cut', async (name) => {
    const bytes = Buffer.from(`a,${name},${name}${name}\n`);
    for (let size = 1; size <= bytes.length; size++)
      expect([size, await text(inPieces(bytes, size))]).toEqual([size, bytes.toString()]);
  });

  test.each(NAMES)('%s is decoded whole when it straddles the boundary of the slices the reader works in', async (name) => {
    for (let before = 1; before < Buffer.byteLength(name.slice(2)); before++) {
      const bytes = Buffer.concat([Buffer.from('x'.repeat(SLICE_BYTES - 2 - before)), Buffer.from(name), Buffer.from('\n')]);
      expect(await text([bytes])).toBe(bytes.toString());
    }
  });

  test.each([
    ['an invalid byte', [0x41, 0x0a, 0x42, 0xff, 0x43], 3, 2],
    ['a lead byte without its continuation', [0x41, 0x42, 0xc3, 0x41], 3, 1],
    ['an over-long form of "/"', [0x41, 0xc0, 0xaf], 1, 1],
    ['a UTF-16 surrogate', [0x41, 0x0a, 0x0a, 0xed, 0xa0, 0x80], 4, 3],
    ['a byte-order mark of UTF-16', [0xff, 0xfe, 0x41, 0x00], 0, 1],
  ])('%s is refused with its byte offset and line, in pieces of any size', async (_what, bytes, offset, line) => {
    for (let size = 1; size <= bytes.length; size++) {
      expect(await failure(text(inPieces(Buffer.from(bytes), size)))).toBe(
        `BATCH_FILE_INVALID: The file is not valid UTF-8: an invalid byte sequence at byte ${offset} (line ${line})`,
      );
    }
  });

  test('a file that ends inside a character is refused', async () => {
    expect(await failure(text([Buffer.from('Zo'), Buffer.from([0xe2, 0x82])]))).toBe(
      'BATCH_FILE_INVALID: The file is not valid UTF-8: it ends in the middle of a character (byte 4)',
    );
  });

  test('a UTF-8 byte-order mark is not part of the text', () => {
    const utf8 = new StrictUtf8();
    expect(utf8.decode(Buffer.from([0xef, 0xbb])) + utf8.decode(Buffer.from([0xbf, 0x41])) + utf8.end()).toBe('A');
  });

  test.each([
    ['<a/>', 'ok'],
    ['<?xml version="1.0" encoding="UTF-8"?><a/>', 'ok'],
    ["<?xml version='1.0' encoding='utf-8'?><a/>", 'ok'],
    [
      '<?xml version="1.0" encoding="ISO-8859-1"?><a/>',
      'The XML declaration names the encoding ISO-8859-1: a batch file must be UTF-8',
    ],
    ['<?xml version="1.0" encoding="UTF-16"?><a/>', 'The XML declaration names the encoding UTF-16: a batch file must be UTF-8'],
    [`<a${' b=""'.repeat(33)}/>`, 'The XML cannot be read: An element has more than 32 attributes'],
    ['<!DOCTYPE a><a/>', 'The XML cannot be read: Document type declarations and entity declarations are not accepted'],
  ])('an XML file %s: %s', async (xml, outcome) => {
    for (const size of [1, 7, xml.length]) {
      const result = await failure(text(inPieces(Buffer.from(xml), size), true));
      expect(result).toBe(outcome === 'ok' ? 'no failure' : `BATCH_FILE_INVALID: ${outcome}`);
    }
  });
});

describe('the readers, given files in pieces of every size', () => {
  test.each(NAMES)('an XML batch with %s reads the name intact', async (name) => {
    const xml = Buffer.from(
      `<VerifyLearnerBatch xmlns="urn:lrs-gateway:batch:1"><Learner><FamilyName>${name}</FamilyName><GivenName><![CDATA[${name}]]></GivenName></Learner></VerifyLearnerBatch>`,
    );
    for (let size = 1; size <= xml.length; size += 1) {
      const rows = [];
      for await (const row of readXmlRows(Readable.from(inPieces(xml, size)), VERIFY_LAYOUT, LIMITS)) rows.push(row.fields);
      expect([size, rows]).toEqual([size, [{ FamilyName: name, GivenName: name }]]);
    }
  });

  test.each(NAMES)('a CSV batch with %s reads the name intact', async (name) => {
    const csv = Buffer.from(`${VERIFY_LAYOUT.columns.join(',')}\nM,1026893096,${name},"${name}",,\n`);
    for (let size = 1; size <= csv.length; size += 1) {
      const rows = [];
      for await (const row of readCsvRows(Readable.from(inPieces(csv, size)), VERIFY_LAYOUT.columns)) rows.push(row.fields);
      expect([size, rows[0]?.FamilyName, rows[0]?.GivenName]).toEqual([size, name, name]);
    }
  });

  test('an XML record whose CDATA is over the record limit fails the file', async () => {
    const xml = `<VerifyLearnerBatch xmlns="urn:lrs-gateway:batch:1"><Learner><FamilyName><![CDATA[${'x'.repeat(70_000)}]]></FamilyName></Learner></VerifyLearnerBatch>`;
    const read = async () => {
      for await (const _row of readXmlRows(Readable.from([Buffer.from(xml)]), VERIFY_LAYOUT, LIMITS));
    };
    expect(await failure(read())).toBe('BATCH_FILE_INVALID: Record 1 is longer than 65536 characters');
  });
});
