// The SOAP front door under load, three processes apart: this driver, the server (bench/server.ts)
// and the load generator (bench/load-generator.ts). Each operation is measured between two runs of
// a bare Express route of the same server answering the operation's own answer, byte for byte, and
// is reported as a ratio to their mean (docs/decisions/0072-front-door-bench.md).
import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import { createAchievementEnvelope, nthAchievement } from './achievement-requests';
import type { FrontDoorOperation } from './front-door-operations';
import { type LoadFigures, type LoadRequest, runLoad } from './load-generator';
import { ProcessGauge } from './proc';
import { type StageTotal, stageMicros, stageTotals } from './stage-metrics';

export interface Measured extends LoadFigures {
  /** CPU time of the server process (every thread) over the run, per response. */
  serverCpuMicrosPerRequest: number;
  /** The server's peak RSS during the run, or over its life when the kernel keeps no reset peak. */
  serverPeakRssMb: number | undefined;
}

export interface FrontDoorRow {
  operation: FrontDoorOperation;
  /** The size of the answer, which the baseline sends too. */
  answerBytes: number;
  baselineBefore: Measured;
  measured: Measured;
  baselineAfter: Measured;
  /** Mean µs per stage inside the server over the run; undefined when the build reports no stages. */
  stagesInside: Map<string, number> | undefined;
}

export interface FrontDoorOptions {
  seconds: number;
  warmUpSeconds: number;
  connections: number;
}

export interface Server {
  child: ChildProcess;
  gauge: ProcessGauge;
  origin: string;
  baselineUrl: string;
}

/** The gateway in a process of its own (bench/server.ts), on this database or a SQLite file of its own. */
export async function startServer(databaseUrl?: string): Promise<Server> {
  const child = fork(path.join(__dirname, 'server.js'), [], {
    env: { ...process.env, ...(databaseUrl ? { BENCH_DATABASE_URL: databaseUrl } : {}) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await new Promise<{ gatewayPort: number; baselinePort: number }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { gatewayPort: number; baselinePort: number }));
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  return {
    child,
    gauge: new ProcessGauge(child.pid as number),
    origin: `http://127.0.0.1:${ready.gatewayPort}`,
    baselineUrl: `http://127.0.0.1:${ready.baselinePort}/baseline`,
  };
}

export function stopServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.child.once('exit', () => resolve());
    server.child.send({ type: 'stop' });
  });
}

/** AO One's request journal on or off for the next measurements. */
function setJournal(server: Server, enabled: boolean): Promise<void> {
  return new Promise<void>((resolve) => {
    const onMessage = (message: { journalSet?: boolean }) => {
      if (!message.journalSet) return;
      server.child.off('message', onMessage);
      resolve();
    };
    server.child.on('message', onMessage);
    server.child.send({ type: 'journal', enabled });
  });
}

/** The operation's real answer, once, then served by the baseline route. */
async function answerOnce(server: Server, operation: FrontDoorOperation, body: string): Promise<number> {
  const response = await fetch(server.origin + operation.path, {
    method: 'POST',
    headers: {
      'content-type': 'text/xml; charset=utf-8',
      ...(operation.soapAction ? { soapaction: `"${operation.soapAction}"` } : {}),
    },
    body,
  });
  const answer = await response.text();
  if (response.status !== 200) throw new Error(`${operation.label} answered ${response.status}:\n${answer}`);
  await new Promise<void>((resolve) => {
    const onMessage = (message: { baselineSet?: boolean }) => {
      if (!message.baselineSet) return;
      server.child.off('message', onMessage);
      resolve();
    };
    server.child.on('message', onMessage);
    server.child.send({ type: 'baseline', body: answer, contentType: response.headers.get('content-type') });
  });
  return Buffer.byteLength(answer);
}

export async function measure(server: Server, request: LoadRequest): Promise<Measured> {
  server.gauge.resetPeakRss();
  const cpuBefore = server.gauge.cpuSeconds();
  const figures = await runLoad(request);
  const cpuSeconds = server.gauge.cpuSeconds() - cpuBefore;
  return {
    ...figures,
    serverCpuMicrosPerRequest: figures.requests > 0 ? (cpuSeconds * 1e6) / figures.requests : NaN,
    serverPeakRssMb: server.gauge.peakRssMb(),
  };
}

async function stageTotalsOf(server: Server): Promise<Map<string, StageTotal> | undefined> {
  const response = await fetch(`${server.origin}/metrics`);
  if (response.status !== 200) throw new Error(`GET /metrics answered ${response.status}`);
  return stageTotals(await response.text());
}

/** Every operation on one database, on one server (`databaseUrl` undefined: a SQLite file of its own). */
export async function measureFrontDoor(
  operations: readonly FrontDoorOperation[],
  options: FrontDoorOptions,
  databaseUrl?: string,
): Promise<FrontDoorRow[]> {
  const server = await startServer(databaseUrl);
  let nextAchievement = 0;
  const bodiesOf = (operation: FrontDoorOperation): LoadRequest['bodies'] =>
    operation.request === 'new achievements' ? { firstAchievement: nextAchievement } : operation.request;
  const run = async (operation: FrontDoorOperation, seconds: number) => {
    const figures = await measure(server, {
      url: server.origin + operation.path,
      soapAction: operation.soapAction,
      seconds,
      connections: options.connections,
      bodies: bodiesOf(operation),
    });
    nextAchievement = Math.max(nextAchievement, figures.nextAchievement);
    return figures;
  };
  const baseline = (operation: FrontDoorOperation, seconds: number) =>
    measure(server, {
      url: server.baselineUrl,
      soapAction: operation.soapAction,
      seconds,
      connections: options.connections,
      bodies: bodiesOf(operation),
    });
  try {
    const rows: FrontDoorRow[] = [];
    for (const operation of operations) {
      await setJournal(server, operation.journal === true);
      const first =
        operation.request === 'new achievements'
          ? createAchievementEnvelope(nthAchievement(nextAchievement++))
          : operation.request.fixed;
      const answerBytes = await answerOnce(server, operation, first);
      await run(operation, options.warmUpSeconds);
      await baseline(operation, options.warmUpSeconds);
      const baselineBefore = await baseline(operation, options.seconds);
      const totalsBefore = await stageTotalsOf(server);
      const measured = await run(operation, options.seconds);
      const totalsAfter = await stageTotalsOf(server);
      const baselineAfter = await baseline(operation, options.seconds);
      const stagesInside = totalsBefore && totalsAfter ? stageMicros(totalsBefore, totalsAfter) : undefined;
      rows.push({ operation, answerBytes, baselineBefore, measured, baselineAfter, stagesInside });
    }
    return rows;
  } finally {
    await stopServer(server);
  }
}
