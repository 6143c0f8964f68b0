import { Readable } from 'node:stream';
import { BATCH_XML_NS } from '../../src/batches/batch-layouts';
import { sqlDateTime } from '../../src/platform/data-source';
import { runWorker, submitBatchOverSoap } from '../support/batch-helpers';
import { eachDatabase } from '../support/databases';
import {
  batchTableCounts,
  downloadOutput,
  expectTheLoopKeptTurning,
  generated,
  healthy,
  namesAcrossPieces,
  SPLIT_NAMES,
  submitInChunks,
  uploadBatch,
  warmUp,
  watchingTheServer,
} from '../support/hostile-batches';
import { principalOf } from '../support/seeded';
import { type RunningGateway, startGateway } from '../support/running-gateway';
import { firstText } from '../support/soap-messages';

const ATTRIBUTES = 300_000;

/** A verify batch whose document element carries 300,000 attributes (about 3 MB), made in 64 KiB pieces. */
const manyAttributes = generated(function* () {
  yield `<?xml version="1.0" encoding="UTF-8"?>\n<VerifyLearnerBatch xmlns="${BATCH_XML_NS}"`;
  let piece = '';
  for (let i = 0; i < ATTRIBUTES; i++) {
    piece += ` a${i}=""`;
    if (piece.length >= 65_536) {
      yield piece;
      piece = '';
    }
  }
  yield `${piece}><Learner><ULN>1026893096</ULN></Learner></VerifyLearnerBatch>\n`;
});

const learner = (family: string) =>
  `<Learner><MISIdentifier>M</MISIdentifier><ULN>1026893096</ULN><FamilyName>${family}</FamilyName><GivenName>Sample</GivenName></Learner>`;
const verifyXml = (records: string) =>
  `<?xml version="1.0"?>\n<VerifyLearnerBatch xmlns="${BATCH_XML_NS}">${records}</VerifyLearnerBatch>\n`;

describe.each(eachDatabase())('hostile XML batch files on %s', (_name, database) => {
  let running: RunningGateway;
  beforeAll(async () => {
    running = await startGateway({ database, env: { BATCH_WORKER_IN_PROCESS: 'false' } });
    await warmUp(running, 'barbara.bates', 'VERIFY_LEARNER', verifyXml(learner('Warm')));
  });
  afterAll(() => running.stop());

  /** A file stored as a job before the checks at upload existed, left half-done by a worker that died. */
  async function storedBeforeTheChecks(content: Readable): Promise<number> {
    const { store } = running.gateway.batches;
    const principal = await principalOf(running.gateway.dataSource, 'barbara.bates');
    const received = await store.receive(
      {
        organisationId: principal.organisationId,
        userId: principal.userId,
        username: principal.username,
        type: 'VERIFY_LEARNER',
        format: 'XML',
        fileName: 'old.xml',
        origin: 'ADMIN',
      },
      content,
    );
    await running.gateway.db.transaction(() => store.open(received.id, { ...received, rowCount: null }, null, false));
    await running.gateway.db.run(
      "UPDATE batch_jobs SET status = 'IN_PROGRESS', claimed_by = 'a-dead-worker', claimed_until = ?, attempts = 1 WHERE id = ?",
      [sqlDateTime(new Date(Date.now() - 60_000)), received.id],
    );
    return received.id;
  }

  it('[RT-BATCH-XML-01] a 3 MB upload whose document element carries 300,000 attributes is refused at once, and /healthz answers within 1 s throughout', async () => {
    const before = await batchTableCounts(running);
    const watched = await watchingTheServer(running, () =>
      uploadBatch(running, { user: 'barbara.bates', type: 'VERIFY_LEARNER', format: 'XML', content: manyAttributes() }),
    );
    expect(watched.result.status).toBe(400);
    expect(watched.result.body.error).toMatchObject({
      code: 'BATCH_FILE_INVALID',
      message: expect.stringMatching(/more than 32 attributes/),
    });
    expectTheLoopKeptTurning(watched);
    expect(await batchTableCounts(running)).toEqual(before);
    expect(await healthy(running)).toBe(200);
  });

  it('[RT-BATCH-XML-02] the same file sent through SubmitBatchJob is refused with the batch-file fault, and nothing is queued', async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of manyAttributes()) chunks.push(Buffer.from(chunk));
    const before = await batchTableCounts(running);
    const reply = await submitBatchOverSoap(running, {
      user: 'barbara.bates',
      type: 'VERIFY_LEARNER',
      format: 'XML',
      fileName: 'attributes.xml',
      content: Buffer.concat(chunks),
    });
    expect(firstText(reply.body, 'Code')).toBe('BATCH_FILE_INVALID');
    expect(reply.body).toMatch(/more than 32 attributes/);
    expect(await batchTableCounts(running)).toEqual(before);
    expect(await healthy(running)).toBe(200);
  });

  it('[RT-BATCH-XML-03] a job holding that file, resumed by a worker after a restart, fails with the reason and never holds the event loop', async () => {
    const jobId = await storedBeforeTheChecks(manyAttributes());
    const before = await batchTableCounts(running);
    const watched = await watchingTheServer(running, () => runWorker(running));
    const job = (
      await running.gateway.dataSource.query('SELECT status, failure_reason FROM batch_jobs WHERE id = ?', [jobId])
    )[0];
    expect(job).toMatchObject({ status: 'FAILED', failure_reason: expect.stringMatching(/more than 32 attributes/) });
    expectTheLoopKeptTurning(watched);
    expect(await batchTableCounts(running)).toEqual(before);
    expect(await healthy(running)).toBe(200);
  });

  it('[RT-BATCH-XML-04] a record whose FamilyName is a 12 MB CDATA section fails the job at the record limit, and memory does not grow with it', async () => {
    const cdata = generated(function* () {
      yield `<?xml version="1.0"?>\n<VerifyLearnerBatch xmlns="${BATCH_XML_NS}"><Learner><ULN>1026893096</ULN><FamilyName><![CDATA[`;
      const block = 'x'.repeat(1 << 20);
      for (let i = 0; i < 12; i++) yield block;
      yield ']]></FamilyName></Learner></VerifyLearnerBatch>\n';
    });
    const uploaded = await uploadBatch(running, {
      user: 'barbara.bates',
      type: 'VERIFY_LEARNER',
      format: 'XML',
      content: cdata(),
    });
    expect(uploaded.status).toBe(202);
    const before = await batchTableCounts(running);
    const rssBefore = process.memoryUsage().rss;
    let rssMost = rssBefore;
    const sampler = setInterval(() => {
      rssMost = Math.max(rssMost, process.memoryUsage().rss);
    }, 5);
    try {
      await runWorker(running);
    } finally {
      clearInterval(sampler);
    }
    const job = (
      await running.gateway.dataSource.query('SELECT status, failure_reason FROM batch_jobs WHERE id = ?', [uploaded.body.jobId])
    )[0];
    expect(job).toMatchObject({
      status: 'FAILED',
      failure_reason: expect.stringMatching(/Record 1 is longer than 65536 characters/),
    });
    expect((rssMost - rssBefore) / 1_048_576).toBeLessThan(8);
    expect(await batchTableCounts(running)).toEqual(before);
    expect(await healthy(running)).toBe(200);
  });

  it('[RT-BATCH-XML-05] accented names whose 2-, 3- and 4-byte characters fall across the 512 KiB pieces of the stored file come back intact', async () => {
    const bytes = namesAcrossPieces(
      `<?xml version="1.0"?>\n<VerifyLearnerBatch xmlns="${BATCH_XML_NS}">`,
      learner,
      ' ',
      '</VerifyLearnerBatch>\n',
    );
    const jobId = await submitInChunks(running, { user: 'barbara.bates', type: 'VERIFY_LEARNER', format: 'XML', content: bytes });
    await runWorker(running);
    const output = await downloadOutput(running, 'barbara.bates', jobId);
    expect([...output.matchAll(/<FamilyName>([^<]*)<\/FamilyName>/g)].map((m) => m[1])).toEqual(
      SPLIT_NAMES.map(({ name }) => name),
    );
    expect(output).not.toContain('\uFFFD');
  });

  it('[RT-BATCH-XML-06] an XML batch holding invalid UTF-8 is refused at upload with the byte offset, never repaired', async () => {
    const before = await batchTableCounts(running);
    const [head, tail] = verifyXml(learner('Sam|ple')).split('|');
    const invalid = Buffer.concat([Buffer.from(head), Buffer.from([0xff, 0xfe]), Buffer.from(tail)]);
    const reply = await uploadBatch(running, { user: 'barbara.bates', type: 'VERIFY_LEARNER', format: 'XML', content: invalid });
    expect(reply.status).toBe(400);
    expect(reply.body.error).toMatchObject({
      code: 'BATCH_FILE_INVALID',
      message: expect.stringMatching(`not valid UTF-8: an invalid byte sequence at byte ${invalid.indexOf(0xff)} \\(line 2\\)`),
    });
    expect(await batchTableCounts(running)).toEqual(before);
    expect(await healthy(running)).toBe(200);
  });

  it('[RT-BATCH-XML-07] an XML batch declaring encoding="ISO-8859-1" is refused with a clear reason, never read as UTF-8', async () => {
    const before = await batchTableCounts(running);
    const file = verifyXml(learner('Sample')).replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="ISO-8859-1"?>');
    const reply = await uploadBatch(running, { user: 'barbara.bates', type: 'VERIFY_LEARNER', format: 'XML', content: file });
    expect(reply.status).toBe(400);
    expect(reply.body.error).toMatchObject({
      code: 'BATCH_FILE_INVALID',
      message: expect.stringMatching(/encoding ISO-8859-1: a batch file must be UTF-8/),
    });
    expect(await batchTableCounts(running)).toEqual(before);
    expect(await healthy(running)).toBe(200);
  });

  it('[RT-BATCH-XML-08] an XML batch with a 10,000-character element name is refused at upload', async () => {
    const before = await batchTableCounts(running);
    const name = 'N'.repeat(10_000);
    const file = verifyXml(`<Learner><${name}>x</${name}></Learner>`);
    const reply = await uploadBatch(running, { user: 'barbara.bates', type: 'VERIFY_LEARNER', format: 'XML', content: file });
    expect(reply.status).toBe(400);
    expect(reply.body.error).toMatchObject({
      code: 'BATCH_FILE_INVALID',
      message: expect.stringMatching(/A name is longer than 128 characters/),
    });
    expect(await batchTableCounts(running)).toEqual(before);
    expect(await healthy(running)).toBe(200);
  });

  it('[RT-BATCH-XML-09] an XML batch nested 10,000 elements deep is refused at upload', async () => {
    const before = await batchTableCounts(running);
    const file = verifyXml(`<Learner>${'<x>'.repeat(10_000)}${'</x>'.repeat(10_000)}</Learner>`);
    const reply = await uploadBatch(running, { user: 'barbara.bates', type: 'VERIFY_LEARNER', format: 'XML', content: file });
    expect(reply.status).toBe(400);
    expect(reply.body.error).toMatchObject({
      code: 'BATCH_FILE_INVALID',
      message: expect.stringMatching(/nested deeper than 32 levels/),
    });
    expect(await batchTableCounts(running)).toEqual(before);
    expect(await healthy(running)).toBe(200);
  });
});
