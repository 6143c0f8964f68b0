import { Histogram, Registry } from 'prom-client';
import { cpuTicksOf, peakRssKbOf } from '../../bench/proc';
import { stageMicros, stageTotals } from '../../bench/stage-metrics';
import { kindOf, tallySince, tallySum } from '../../bench/statement-kinds';

describe('the bench reads the server process from /proc', () => {
  // proc(5): pid (comm) state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime stime ...
  const stat = (comm: string, utime: number, stime: number) =>
    `4242 (${comm}) S 1 4242 4242 0 -1 4194560 9000 0 12 0 ${utime} ${stime} 3 1 20 0 11 0 123456 1200000000 30000`;

  test.each([
    ['node', 1234, 56],
    ['MainThread', 0, 0],
    ['a name) with (parens', 7, 3],
    ['two words', 100, 900],
  ])('CPU ticks are utime + stime, whatever the command name (%s)', (comm, utime, stime) => {
    expect(cpuTicksOf(stat(comm, utime, stime))).toBe(utime + stime);
  });

  test('a stat line without the fields is refused, not read as 0', () => {
    expect(() => cpuTicksOf('4242 (node) S 1')).toThrow(/utime/);
  });

  test('the peak RSS is VmHWM in kB, and missing when the kernel gives none', () => {
    const status = 'Name:\tnode\nVmPeak:\t 1300000 kB\nVmHWM:\t  251236 kB\nVmRSS:\t  240000 kB\n';
    expect(peakRssKbOf(status)).toBe(251236);
    expect(peakRssKbOf('Name:\tnode\nVmRSS:\t  240000 kB\n')).toBeUndefined();
  });
});

describe("the bench reads the front door's stage histogram from /metrics", () => {
  const exposition = (
    parseSum: number,
    parseCount: number,
    authSum: number,
    authCount: number,
    name = 'lrs_gateway_soap_stage_seconds',
  ) =>
    [
      '# HELP lrs_gateway_requests_total Requests by surface, operation and outcome',
      '# TYPE lrs_gateway_requests_total counter',
      'lrs_gateway_requests_total{surface="soap-ao",operation="VerifyLearner",outcome="OK"} 9000',
      `# HELP ${name} Seconds spent in each stage of the SOAP front door`,
      `# TYPE ${name} histogram`,
      `${name}_bucket{le="0.0001",surface="soap-ao",stage="parse"} ${parseCount}`,
      `${name}_bucket{le="+Inf",surface="soap-ao",stage="parse"} ${parseCount}`,
      `${name}_sum{surface="soap-ao",stage="parse"} ${parseSum}`,
      `${name}_count{surface="soap-ao",stage="parse"} ${parseCount}`,
      `${name}_sum{stage="authenticate",surface="soap-ao"} ${authSum}`,
      `${name}_count{stage="authenticate",surface="soap-ao"} ${authCount}`,
      `${name}_sum{surface="soap-lrs",stage="parse"} 5`,
      `${name}_count{surface="soap-lrs",stage="parse"} 1000`,
      '# HELP lrs_gateway_request_duration_seconds Time from the request arriving to the last byte',
      '# TYPE lrs_gateway_request_duration_seconds histogram',
      'lrs_gateway_request_duration_seconds_sum{surface="soap-ao",operation="VerifyLearner"} 12.5',
      'lrs_gateway_request_duration_seconds_count{surface="soap-ao",operation="VerifyLearner"} 9000',
      '',
    ].join('\n');

  test('the mean of each stage over a run is the growth of its sum over the growth of its count', () => {
    const before = stageTotals(exposition(0.5, 10_000, 1, 10_000));
    const after = stageTotals(exposition(0.5 + 0.4, 10_000 + 20_000, 1 + 0.9, 10_000 + 30_000));
    expect(before && after && Object.fromEntries(stageMicros(before, after))).toEqual({
      parse: expect.closeTo(20, 6),
      authenticate: expect.closeTo(30, 6),
    });
  });

  test('the series that did not grow (the other surface) are left out', () => {
    const before = stageTotals(exposition(1, 100, 1, 100));
    const after = stageTotals(exposition(1, 100, 1.002, 200));
    expect(before && after && [...stageMicros(before, after).keys()]).toEqual(['authenticate']);
  });

  test('the histogram is found whatever prefix its registry gives it', () => {
    const totals = stageTotals(exposition(2, 4, 0, 0, 'lrs_soap_stage_seconds'));
    expect(totals?.get('soap-ao\u0000parse')).toEqual({ surface: 'soap-ao', stage: 'parse', sumSeconds: 2, count: 4 });
  });

  test('a build without the histogram reports no stages, and one that has it but no call yet reports none so far', () => {
    const withoutIt = exposition(1, 1, 1, 1).replace(/^.*soap_stage_seconds.*$/gm, '');
    expect(stageTotals(withoutIt)).toBeUndefined();
    const declaredOnly = '# HELP lrs_gateway_soap_stage_seconds Seconds\n# TYPE lrs_gateway_soap_stage_seconds histogram\n';
    expect(stageTotals(declaredOnly)).toEqual(new Map());
  });

  test('the exposition prom-client writes is read as the server wrote it', async () => {
    const registry = new Registry();
    const stages = new Histogram({
      name: 'lrs_gateway_soap_stage_seconds',
      help: 'Seconds spent in each stage of the SOAP front door',
      labelNames: ['surface', 'stage'] as const,
      buckets: [0.00001, 0.0001, 0.001],
      registers: [registry],
    });
    const before = stageTotals(await registry.metrics());
    for (const seconds of [0.000_01, 0.000_03, 0.000_05]) stages.observe({ surface: 'soap-lrs', stage: 'validate' }, seconds);
    stages.observe({ surface: 'soap-lrs', stage: 'handle' }, 0.002);
    const after = stageTotals(await registry.metrics());
    expect(before && after && Object.fromEntries(stageMicros(before, after))).toEqual({
      validate: expect.closeTo(30, 6),
      handle: expect.closeTo(2000, 6),
    });
  });
});

describe("the bench files a batch worker's statements by kind", () => {
  test.each([
    ['SELECT id, uln FROM `learners` WHERE uln IN (?, ?)', 'SELECT learners'],
    ['select *\n  from batch_jobs where id = ?', 'SELECT batch_jobs'],
    ['INSERT INTO "achievement_events" (a, b) VALUES (?, ?), (?, ?)', 'INSERT achievement_events'],
    ['UPDATE batch_job_parts SET done = 1 WHERE job_id = ? AND first_row = ?', 'UPDATE batch_job_parts'],
    ['DELETE FROM app_settings WHERE name = ?', 'DELETE app_settings'],
    ['SELECT q.id, (SELECT o.id FROM organisations o WHERE o.x = q.x) AS owner FROM qualifications q', 'SELECT qualifications'],
    ['SELECT id FROM batch_jobs WHERE (status = ?) AND organisation_id IN (SELECT id FROM organisations)', 'SELECT batch_jobs'],
    ['START TRANSACTION', 'START TRANSACTION'],
    ['COMMIT', 'COMMIT'],
    ['SAVEPOINT typeorm_1', 'SAVEPOINT'],
  ])('%s is %s', (sql, kind) => {
    expect(kindOf(sql)).toBe(kind);
  });

  test('the statements of a job are the growth between two readings, the kinds that did not grow left out', () => {
    const before = { 'SELECT batch_queue_signal': { count: 40, ms: 4 }, COMMIT: { count: 2, ms: 1 } };
    const after = {
      'SELECT batch_queue_signal': { count: 40, ms: 4 },
      COMMIT: { count: 12, ms: 6 },
      'SELECT learners': { count: 5, ms: 10 },
    };
    expect(tallySince(before, after)).toEqual({ COMMIT: { count: 10, ms: 5 }, 'SELECT learners': { count: 5, ms: 10 } });
  });

  test("several workers' statements add up by kind", () => {
    expect(tallySum([{ COMMIT: { count: 1, ms: 2 } }, { COMMIT: { count: 3, ms: 4 }, BEGIN: { count: 1, ms: 0 } }])).toEqual({
      COMMIT: { count: 4, ms: 6 },
      BEGIN: { count: 1, ms: 0 },
    });
  });
});
