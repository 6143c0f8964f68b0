import type { ChaosEvent } from './chaos';
import type { CheckResult } from './checks';
import type { SoakOptions } from './options';
import { type KindStats, percentile } from './traffic';

export interface SoakResult {
  database: string;
  options: SoakOptions;
  trafficSeconds: number;
  kinds: Map<string, KindStats>;
  reconciled: number;
  chaos: ChaosEvent[];
  checks: CheckResult[];
  peakRssMb: { gateway: number; worker: number };
  logDir: string;
}

export function passed(result: SoakResult): boolean {
  return result.checks.every((c) => c.passed);
}

function row(cells: (string | number)[]): string {
  return `| ${cells.join(' | ')} |`;
}

function ms(value: number): string {
  return Number.isNaN(value) ? '-' : value.toFixed(1);
}

function totals(kinds: Map<string, KindStats>): KindStats {
  const all: KindStats = { requests: 0, accepted: 0, refusedAsExpected: 0, unavailable: 0, failed: 0, latencies: [] };
  for (const s of kinds.values()) {
    all.requests += s.requests;
    all.accepted += s.accepted;
    all.refusedAsExpected += s.refusedAsExpected;
    all.unavailable += s.unavailable;
    all.failed += s.failed;
    for (const latency of s.latencies) all.latencies.push(latency);
  }
  return all;
}

function statsCells(s: KindStats): (string | number)[] {
  const sorted = [...s.latencies].sort((a, b) => a - b);
  return [
    s.requests,
    s.accepted,
    s.refusedAsExpected,
    s.unavailable,
    s.failed,
    ms(percentile(sorted, 50)),
    ms(percentile(sorted, 99)),
  ];
}

/** The per-database report: traffic by kind of request, the disturbances, and every check. */
export function renderResult(result: SoakResult): string {
  const all = totals(result.kinds);
  const o = result.options;
  const lines = [
    '',
    `## Soak on ${result.database}: ${passed(result) ? 'PASSED' : 'FAILED'}`,
    '',
    `${result.trafficSeconds.toFixed(0)} s of traffic from ${o.clients} clients against one gateway and ${o.workers} batch workers ` +
      `(127.0.0.1); ${all.requests} requests, ${(all.requests / result.trafficSeconds).toFixed(0)} requests/s.`,
    '',
    row(['request', 'sent', 'accepted', 'refused as expected', 'unavailable (restart)', 'failed', 'p50 ms', 'p99 ms']),
    row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:']),
    ...[...result.kinds].sort(([a], [b]) => a.localeCompare(b)).map(([kind, s]) => row([kind, ...statsCells(s)])),
    row(['**all**', ...statsCells(all)]),
    '',
    `Disturbances: ${result.chaos.map((e) => `${e.atSeconds} s ${e.what}`).join('; ') || 'none'}.`,
    `Operations whose first attempt was lost in the restart and that a retry showed already done (counted once): ${result.reconciled}.`,
    '',
    row(['check', 'result', 'detail']),
    row(['---', '---', '---']),
    ...result.checks.map((c) => row([c.name, c.passed ? 'pass' : '**FAIL**', c.detail.replace(/\|/g, '/')])),
    '',
  ];
  return lines.join('\n');
}

/** One line per database, for the closing comparison when more than one ran. */
export function renderComparison(results: SoakResult[]): string {
  const lines = [
    '',
    row([
      'database',
      's',
      'requests',
      'req/s',
      'p50 ms',
      'p99 ms',
      'accepted',
      'refused as expected',
      'unavailable',
      'checks passed',
      'checks failed',
      'peak RSS gateway MiB',
      'peak RSS worker MiB',
    ]),
    row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:']),
  ];
  for (const r of results) {
    const all = totals(r.kinds);
    const sorted = all.latencies.sort((a, b) => a - b);
    lines.push(
      row([
        r.database,
        r.trafficSeconds.toFixed(0),
        all.requests,
        (all.requests / r.trafficSeconds).toFixed(0),
        ms(percentile(sorted, 50)),
        ms(percentile(sorted, 99)),
        all.accepted,
        all.refusedAsExpected,
        all.unavailable,
        r.checks.filter((c) => c.passed).length,
        r.checks.filter((c) => !c.passed).length,
        r.peakRssMb.gateway.toFixed(0),
        r.peakRssMb.worker.toFixed(0),
      ]),
    );
  }
  return lines.join('\n');
}
