import type { DataSource } from 'typeorm';
import type { Availability } from './availability';
import { pause } from './caller';
import type { Rig } from './rig';
import type { Traffic } from './traffic';

export interface ChaosEvent {
  atSeconds: number;
  what: string;
}

/** When, as a fraction of the run, each disturbance happens. */
const WORKER_KILLS = [0.2, 0.6, 0.8];
const GATEWAY_RESTART = 0.45;
/** A kill waits this long (at most a tenth of the run) for a job in progress, so that it lands mid-job when it can. */
const WAIT_FOR_BUSY_WORKER_MS = 8000;

/** The pid of a worker process holding a job in progress (claimed_by is "<pid>-<uuid>"). */
async function busyWorkerPid(dataSource: DataSource): Promise<number | undefined> {
  const rows: { claimed_by: string }[] = await dataSource.query(
    "SELECT claimed_by FROM batch_jobs WHERE status = 'IN_PROGRESS' AND claimed_by IS NOT NULL",
  );
  const pid = Number(rows[0]?.claimed_by.split('-')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/**
 * The disturbances of the run: batch workers SIGKILLed (preferably one holding a job) and
 * restarted a second later, and one gateway restart (SIGTERM, then a new process on the same
 * port), while the clients keep going; the traffic lasts until the last one has happened (unless
 * the request cap or a fatal problem ends it first).
 */
export async function runChaos(
  rig: Rig,
  availability: Availability,
  traffic: Traffic,
  durationMs: number,
  dataSource: DataSource,
): Promise<ChaosEvent[]> {
  const events: ChaosEvent[] = [];
  const note = (what: string) => events.push({ atSeconds: Math.round(traffic.elapsedMs / 100) / 10, what });

  async function killWorker(turn: number): Promise<void> {
    let pid: number | undefined;
    const until = performance.now() + Math.min(WAIT_FOR_BUSY_WORKER_MS, durationMs / 10);
    while (pid === undefined && performance.now() < until && traffic.running) {
      pid = await busyWorkerPid(dataSource);
      if (pid === undefined) await pause(50);
    }
    const index = await rig.killWorker(pid, turn);
    note(`worker-${index + 1} SIGKILLed ${pid === undefined ? 'while idle' : 'mid-job'}`);
    await pause(1000);
    rig.ensureWorkers();
    note(`worker-${index + 1} started again`);
  }

  async function restartGateway(): Promise<void> {
    note('gateway SIGTERM');
    const { exitedAfterMs, readyAfterMs } = await rig.restartGateway(availability);
    note(
      `gateway exited after ${(exitedAfterMs / 1000).toFixed(1)} s, new one ready after ${(readyAfterMs / 1000).toFixed(1)} s`,
    );
  }

  // The worker kills and the gateway restart run side by side: a slow gateway stop must not push
  // the kills past the end of the traffic.
  const at = async (fraction: number, act: () => Promise<void>) => {
    while (traffic.running && traffic.elapsedMs < fraction * durationMs) await pause(100);
    if (traffic.running) await act();
  };
  await traffic.holdUntil(
    Promise.all([
      (async () => {
        for (const [i, fraction] of WORKER_KILLS.entries()) await at(fraction, () => killWorker(i));
      })(),
      at(GATEWAY_RESTART, restartGateway),
    ]),
  );
  return events;
}
