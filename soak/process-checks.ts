import fs from 'node:fs';
import type { ChaosEvent } from './chaos';
import type { CheckResult } from './checks';
import type { Rig } from './rig';
import type { Traffic } from './traffic';

const isHostile = (kind: string) => kind.startsWith('hostile');

function check(name: string, passed: boolean, detail: string): CheckResult {
  return { name, passed, detail };
}

function failures(traffic: Traffic, hostile: boolean): { count: number; examples: string[] } {
  const count = [...traffic.failuresByKind].filter(([kind]) => isHostile(kind) === hostile).reduce((n, [, c]) => n + c, 0);
  return { count, examples: traffic.failures.filter((f) => isHostile(f) === hostile).slice(0, 5) };
}

/** The checks on the run itself: the clients' outcomes, the disturbances, the processes. */
export function runChecks(traffic: Traffic, chaos: ChaosEvent[], rig: Rig, maxRssMb: number): CheckResult[] {
  const good = failures(traffic, false);
  const hostile = failures(traffic, true);
  const kills = chaos.filter((e) => e.what.includes('SIGKILLed')).length;
  const restarts = chaos.filter((e) => e.what.startsWith('gateway exited')).length;
  const sigterms = rig.exits.filter((e) => e.how === 'SIGTERM');
  const unclean = sigterms
    .filter((e) => e.forced || e.exit.code !== 0)
    .map((e) => `${e.name}: code ${e.exit.code} signal ${e.exit.signal}${e.forced ? ' (forced)' : ''}`);
  const unexpected = rig.unexpectedExits();
  const errorLines = rig.logFiles
    .filter((file) => fs.existsSync(file))
    .flatMap((file) =>
      fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => line.includes('"level":"error"')),
    );
  const { gateway, worker } = rig.peakRssMb;
  return [
    check(
      'good requests: error rate zero (every one accepted, or unavailable inside the restart window)',
      good.count === 0,
      good.count === 0 ? 'no failures' : `${good.count} failed: ${good.examples.join('; ')}`,
    ),
    check(
      'hostile requests: every one refused with the expected fault',
      hostile.count === 0,
      hostile.count === 0 ? 'all refused' : `${hostile.count} not refused as expected: ${hostile.examples.join('; ')}`,
    ),
    check(
      'disturbances: workers SIGKILLed and restarted at least twice, gateway restarted once',
      kills >= 2 && restarts === 1,
      `${kills} worker kills (${chaos.filter((e) => e.what.includes('mid-job')).length} mid-job), ${restarts} gateway restart`,
    ),
    check(
      'every SIGTERM ends its process cleanly (exit 0, no SIGKILL needed)',
      unclean.length === 0,
      unclean.length === 0 ? `${sigterms.length} graceful stops` : unclean.join('; '),
    ),
    check(
      'no process exited unless the soak stopped it',
      unexpected.length === 0,
      unexpected.length === 0 ? 'none did' : unexpected.join('; '),
    ),
    check(
      `RSS bounded: peak VmRSS of the gateway and of each worker at most ${maxRssMb} MiB`,
      gateway <= maxRssMb && worker <= maxRssMb,
      `peak: gateway ${gateway.toFixed(0)} MiB, worker ${worker.toFixed(0)} MiB; warm→end: ${rig.rssTrends().join(', ') || 'no process lived 30 s'}`,
    ),
    check(
      'no error lines in the gateway and worker logs',
      errorLines.length === 0,
      errorLines.length === 0 ? 'none' : `${errorLines.length}, e.g. ${errorLines[0].slice(0, 300)}`,
    ),
  ];
}
