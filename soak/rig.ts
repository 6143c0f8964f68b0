import path from 'node:path';
import type { Availability } from './availability';
import { type Exit, type Launch, ManagedProcess, type ProcessRole, untilReady } from './processes';

export interface RigSettings {
  launch: Launch;
  port: number;
  logDir: string;
  workers: number;
  gatewayEnv: Record<string, string>;
  workerEnv: Record<string, string>;
}

/** What `npm run worker` logs (at info) once it is running and handles SIGTERM. */
const WORKER_STARTED = 'batch worker started';

/** An exit the soak caused and what it looked like. */
export interface ExitRecord {
  name: string;
  how: 'SIGTERM' | 'SIGKILL';
  exit: Exit;
  forced: boolean;
}

/**
 * The processes under test: one gateway on a fixed port and N batch workers, restarted and
 * killed on request, their VmRSS sampled while they live.
 */
export class Rig {
  private gateway: ManagedProcess | undefined;
  private readonly workers: (ManagedProcess | undefined)[];
  readonly peakRssMb: Record<ProcessRole, number> = { gateway: 0, worker: 0 };
  readonly exits: ExitRecord[] = [];
  /** Every process started, for the exits nobody asked for. */
  private readonly started: ManagedProcess[] = [];
  /** VmRSS samples (MiB, one a second) of each process, for the trend of long-lived ones. */
  private readonly samples = new Map<ManagedProcess, number[]>();

  constructor(private readonly settings: RigSettings) {
    this.workers = Array.from({ length: settings.workers }, () => undefined);
  }

  get logFiles(): string[] {
    return [this.logFile('gateway'), ...this.workers.map((_, i) => this.logFile(`worker-${i + 1}`))];
  }

  /** "worker-1", then "worker-1#2" after a restart: names in reports tell incarnations apart. */
  private incarnation(name: string): string {
    const n = this.started.filter((p) => p.name === name || p.name.startsWith(`${name}#`)).length;
    return n === 0 ? name : `${name}#${n + 1}`;
  }

  private logFile(name: string): string {
    return path.join(this.settings.logDir, `${name}.log`);
  }

  async startGateway(): Promise<void> {
    this.gateway = ManagedProcess.start(
      'gateway',
      this.incarnation('gateway'),
      this.settings.launch,
      this.settings.gatewayEnv,
      this.logFile('gateway'),
    );
    this.started.push(this.gateway);
    await untilReady(this.gateway, this.settings.port);
  }

  startWorker(index: number): void {
    const name = `worker-${index + 1}`;
    this.workers[index] = ManagedProcess.start(
      'worker',
      this.incarnation(name),
      this.settings.launch,
      this.settings.workerEnv,
      this.logFile(name),
    );
    this.started.push(this.workers[index] as ManagedProcess);
  }

  startWorkers(): void {
    this.workers.forEach((_, i) => this.startWorker(i));
  }

  /** SIGTERM, wait for the exit, start again on the same port; the clients see the window. */
  async restartGateway(availability: Availability): Promise<{ exitedAfterMs: number; readyAfterMs: number }> {
    const start = performance.now();
    availability.down();
    try {
      await this.stop(this.gateway, 'SIGTERM');
      const exitedAfterMs = performance.now() - start;
      await this.startGateway();
      return { exitedAfterMs, readyAfterMs: performance.now() - start };
    } finally {
      availability.up();
    }
  }

  /** Processes that exited without a signal from the soak (a crash, or giving up by themselves). */
  unexpectedExits(): string[] {
    return this.started
      .filter((p) => p.unexpectedExit !== undefined)
      .map((p) => `${p.name} exited by itself (code ${p.unexpectedExit?.code}, signal ${p.unexpectedExit?.signal})`);
  }

  /** The worker that holds `pid`, else worker `fallback`: SIGKILLed, no chance to finish its chunk. */
  async killWorker(pid: number | undefined, fallback: number): Promise<number> {
    const found = this.workers.findIndex((w) => w?.pid === pid);
    const index = found >= 0 ? found : fallback % this.workers.length;
    await this.stop(this.workers[index], 'SIGKILL');
    return index;
  }

  /** Every worker that is not running is started (after a kill). */
  ensureWorkers(): void {
    this.workers.forEach((w, i) => {
      if (!w || !w.alive) this.startWorker(i);
    });
  }

  sampleRss(): void {
    for (const p of [this.gateway, ...this.workers]) {
      const rss = p?.rssMb();
      if (!p || rss === undefined) continue;
      this.peakRssMb[p.role] = Math.max(this.peakRssMb[p.role], rss);
      this.samples.set(p, [...(this.samples.get(p) ?? []), rss]);
    }
  }

  /** For each process that lived 30 s or more: its RSS once warm (a tenth into its life) and at its end. */
  rssTrends(): string[] {
    return [...this.samples]
      .filter(([, samples]) => samples.length >= 30)
      .map(
        ([p, samples]) =>
          `${p.name} ${samples[Math.floor(samples.length / 10)].toFixed(0)}→${samples[samples.length - 1].toFixed(0)} MiB in ${samples.length} s`,
      );
  }

  /** Graceful stop of everything, workers first, each once it has started: each must exit 0 on SIGTERM. */
  async stopAll(): Promise<void> {
    for (const w of this.workers) {
      if (w?.alive) await w.untilLogged(WORKER_STARTED).catch(() => undefined);
      await this.stop(w, 'SIGTERM');
    }
    await this.stop(this.gateway, 'SIGTERM');
  }

  private async stop(p: ManagedProcess | undefined, how: 'SIGTERM' | 'SIGKILL'): Promise<void> {
    if (!p || !p.alive) return;
    const { forced, ...exit } = await p.stop(how);
    this.exits.push({ name: p.name, how, exit, forced });
  }
}
