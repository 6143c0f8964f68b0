import { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { ACHIEVEMENT_LAYOUT, VERIFY_LAYOUT } from '../../src/batches/batch-layouts';
import { readCsvRows, writeCsvRows } from '../../src/batches/formats/csv-rows';
import { readXmlRows, writeXmlRows } from '../../src/batches/formats/xml-rows';
import type { BatchRow } from '../../src/batches/formats/batch-row';
import { failure } from '../support/domain-codes';

const HEADING = VERIFY_LAYOUT.columns.join(',');
const XML_LIMITS = { maxDepth: 32, maxNameLength: 128, maxAttributes: 32 };

async function csvRows(text: string | Buffer, chunkSize = 7): Promise<BatchRow[]> {
  const buffer = Buffer.from(text);
  const chunks: Buffer[] = [];
  for (let i = 0; i < buffer.length; i += chunkSize) chunks.push(buffer.subarray(i, i + chunkSize));
  const rows: BatchRow[] = [];
  for await (const row of readCsvRows(Readable.from(chunks), VERIFY_LAYOUT.columns)) rows.push(row);
  return rows;
}

async function xmlRows(text: string, layout = VERIFY_LAYOUT): Promise<BatchRow[]> {
  const rows: BatchRow[] = [];
  for await (const row of readXmlRows(Readable.from([Buffer.from(text)]), layout, XML_LIMITS)) rows.push(row);
  return rows;
}

describe('reading CSV batch files', () => {
  test('quoted fields, commas and apostrophes in names, an empty field', async () => {
    const rows = await csvRows(`${HEADING}\n"MIS, 1",1026893096,"O'Brien, Jr",D'Arcy,,2\n`);
    expect(rows).toEqual([
      {
        rowNumber: 1,
        fields: {
          MISIdentifier: 'MIS, 1',
          ULN: '1026893096',
          FamilyName: "O'Brien, Jr",
          GivenName: "D'Arcy",
          DateOfBirth: undefined,
          Gender: '2',
        },
        shapeProblem: undefined,
      },
    ]);
  });

  test('a byte-order mark and CRLF line ends', async () => {
    const rows = await csvRows(
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${HEADING}\r\nA,1026893096,Testname,Sample,,\r\n`)]),
    );
    expect(rows[0].fields).toMatchObject({ MISIdentifier: 'A', GivenName: 'Sample' });
  });

  test('the heading may name the columns in any order', async () => {
    const rows = await csvRows(
      'GivenName,ULN,FamilyName,MISIdentifier,Gender,DateOfBirth\nSample,1026893096,Testname,A,2,1976-08-16\n',
    );
    expect(rows[0].fields).toMatchObject({ ULN: '1026893096', DateOfBirth: '1976-08-16' });
  });

  test.each([
    ['a missing column', 'MISIdentifier,ULN,FamilyName,GivenName,DateOfBirth\n', /missing column\(s\) Gender/],
    ['an extra column', `${HEADING},Nickname\n`, /unknown column\(s\) Nickname/],
    ['a repeated column', `${HEADING},ULN\n`, /repeated column\(s\) ULN/],
    ['an empty file', '', /The file is empty/],
  ])('%s fails the file as a whole', async (_what, text, message) => {
    expect(await failure(csvRows(text))).toMatch(message);
    expect(await failure(csvRows(text))).toMatch(/^BATCH_FILE_INVALID/);
  });

  test('a heading alone is a batch of no rows', async () => {
    expect(await csvRows(`${HEADING}\n`)).toEqual([]);
  });

  test('a row with too few or too many fields is marked, and reading goes on', async () => {
    const rows = await csvRows(
      `${HEADING}\nA,1026893096,Testname\nB,1026893096,Testname,Sample,,2,extra\nC,1026893096,Testname,Sample,,2\n`,
    );
    expect(rows.map((r) => [r.fields.MISIdentifier, r.shapeProblem !== undefined])).toEqual([
      ['A', true],
      ['B', true],
      ['C', false],
    ]);
  });

  test('a bad date is read as it is; its row is refused later by the row schema, not the file', async () => {
    const rows = await csvRows(`${HEADING}\nA,1026893096,Testname,Sample,16/08/1976,2\n`);
    expect(rows[0].fields.DateOfBirth).toBe('16/08/1976');
  });

  test('a 10 MB line fails the file with a clear reason, without holding the process', async () => {
    const huge = `${HEADING}\nA,1026893096,${'x'.repeat(10 * 1024 * 1024)},Sample,,\n`;
    expect(await failure(csvRows(huge, 64 * 1024))).toMatch(/^BATCH_FILE_INVALID: The CSV cannot be read/);
  });

  test('output CSV quotes what needs quoting and reads back to the same values', async () => {
    const records = [
      { MISIdentifier: 'a, "b"', ULN: '1026893096', FamilyName: "O'Brien", GivenName: 'Line\nBreak', ResponseCode: 'WSVRC001' },
    ];
    const columns = [...VERIFY_LAYOUT.columns, ...VERIFY_LAYOUT.resultColumns];
    const chunks: Buffer[] = [];
    for await (const chunk of writeCsvRows(Readable.from(records), columns)) chunks.push(Buffer.from(chunk));
    const back = parse(Buffer.concat(chunks), { columns: true }) as Record<string, string>[];
    expect(back[0]).toMatchObject({
      MISIdentifier: 'a, "b"',
      FamilyName: "O'Brien",
      GivenName: 'Line\nBreak',
      ResponseCode: 'WSVRC001',
      ErrorCode: '',
    });
  });
});

describe('reading XML batch files', () => {
  const doc = (records: string, root = 'VerifyLearnerBatch') =>
    `<?xml version="1.0"?><${root} xmlns="urn:lrs-gateway:batch:1">${records}</${root}>`;

  test('records with fields in any order, CDATA, entities for special characters', async () => {
    const rows = await xmlRows(
      doc(
        "<Learner><GivenName><![CDATA[D'Arcy]]></GivenName><ULN>1026893096</ULN><FamilyName>O&apos;Brien &amp; Co</FamilyName></Learner><Learner><ULN>2</ULN></Learner>",
      ),
    );
    expect(rows).toEqual([
      { rowNumber: 1, fields: { GivenName: "D'Arcy", ULN: '1026893096', FamilyName: "O'Brien & Co" }, shapeProblem: undefined },
      { rowNumber: 2, fields: { ULN: '2' }, shapeProblem: undefined },
    ]);
  });

  test('an unknown or repeated field marks the row', async () => {
    const rows = await xmlRows(doc('<Learner><ULN>1</ULN><ULN>2</ULN><Nickname>x</Nickname></Learner>'));
    expect(rows[0].shapeProblem).toMatch(/Nickname/);
    expect(rows[0].shapeProblem).toMatch(/ULN/);
  });

  test.each([
    [
      'a document type declaration (XXE)',
      '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><VerifyLearnerBatch xmlns="urn:lrs-gateway:batch:1"><Learner><ULN>&e;</ULN></Learner></VerifyLearnerBatch>',
      /Document type/,
    ],
    ['the wrong document element', doc('', 'AchievementBatch'), /document element must be VerifyLearnerBatch/],
    ['no namespace', '<VerifyLearnerBatch><Learner/></VerifyLearnerBatch>', /namespace/],
    ['elements nested deeper than a field', doc('<Learner><ULN><x/></ULN></Learner>'), /nested deeper/],
    ['malformed XML', doc('<Learner><ULN>1</Learner>'), /not well-formed/],
    ['an empty file', '', /empty/],
  ])('%s fails the file', async (_what, text, message) => {
    const result = await failure(xmlRows(text));
    expect(result).toMatch(/^BATCH_FILE_INVALID/);
    expect(result).toMatch(message);
    expect(result).not.toMatch(/root:/);
  });

  test('output XML carries each failure flag as its own element', async () => {
    let text = '';
    for await (const part of writeXmlRows(
      Readable.from([{ ULN: '1', ResponseCode: 'WSVRC005', FailureFlags: 'VRF1 VRF7' }]),
      VERIFY_LAYOUT,
    ))
      text += part;
    expect(text).toContain(
      '<Learner><ULN>1</ULN><ResponseCode>WSVRC005</ResponseCode><FailureFlag>VRF1</FailureFlag><FailureFlag>VRF7</FailureFlag></Learner>',
    );
    expect(text).toContain('<VerifyLearnerBatchOutput xmlns="urn:lrs-gateway:batch:1">');
  });

  test('an achievement record reads into the achievement layout', async () => {
    const rows = await xmlRows(
      '<AchievementBatch xmlns="urn:lrs-gateway:batch:1"><Achievement><Action>1</Action><Uln>2000000087</Uln></Achievement></AchievementBatch>',
      ACHIEVEMENT_LAYOUT,
    );
    expect(rows[0].fields).toEqual({ Action: '1', Uln: '2000000087' });
  });
});
