import { Readable } from 'node:stream';
import { VERIFY_LAYOUT } from '../../src/batches/batch-layouts';
import { countingRows } from '../../src/batches/row-count';

const XML_LIMITS = { maxDepth: 32, maxNameLength: 128, maxAttributes: 32 };

const HEADING = 'MISIdentifier,ULN,FamilyName,GivenName,DateOfBirth,Gender\n';
const ROW = 'M1,1026893096,Testname,Sample,1976-08-16,2\n';

/** A file of many pieces, larger than any stream buffer, so backpressure is exercised. */
function* file(heading: string, pieces: number) {
  yield heading;
  for (let i = 0; i < pieces; i++) yield ROW.repeat(100);
}

async function consume(content: Readable): Promise<number> {
  let bytes = 0;
  for await (const chunk of content) bytes += (chunk as Buffer).length;
  return bytes;
}

describe('counting an upload’s rows while it is stored', () => {
  test('passes the whole file through and counts its rows', async () => {
    const { content, rowCount } = countingRows(Readable.from(file(HEADING, 500)), VERIFY_LAYOUT, 'CSV', XML_LIMITS);
    expect(await consume(content)).toBe(HEADING.length + 500 * 100 * ROW.length);
    expect(await rowCount).toBe(50_000);
  });

  test('a file its reader refuses at the start is still stored whole, with no count', async () => {
    const heading = 'Not,The,Heading\n';
    const { content, rowCount } = countingRows(Readable.from(file(heading, 500)), VERIFY_LAYOUT, 'CSV', XML_LIMITS);
    expect(await consume(content)).toBe(heading.length + 500 * 100 * ROW.length);
    expect(await rowCount).toBeNull();
  });

  test('an XML file is counted by its records', async () => {
    const learner =
      '<Learner><MISIdentifier>M1</MISIdentifier><ULN>1026893096</ULN><FamilyName>Testname</FamilyName><GivenName>Sample</GivenName></Learner>';
    const xml = `<VerifyLearnerBatch xmlns="urn:lrs-gateway:batch:1">${learner.repeat(3000)}</VerifyLearnerBatch>`;
    const { content, rowCount } = countingRows(Readable.from([xml]), VERIFY_LAYOUT, 'XML', XML_LIMITS);
    expect(await consume(content)).toBe(xml.length);
    expect(await rowCount).toBe(3000);
  });

  test('an upload that fails half-way fails the store’s read too', async () => {
    const failing = new Readable({ read() {} });
    const { content } = countingRows(failing, VERIFY_LAYOUT, 'CSV', XML_LIMITS);
    failing.push(HEADING);
    setImmediate(() => failing.destroy(new Error('the client went away')));
    await expect(consume(content)).rejects.toThrow('the client went away');
  });
});
