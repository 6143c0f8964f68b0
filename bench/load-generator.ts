// The load generator of npm run bench, always in a process of its own, never in the server's nor
// the bench driver's: wrk when it is installed (apt install wrk), else autocannon in a forked child.
import { type ChildProcess, fork, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectPath } from '../src/platform/paths';
import { achievementSequence } from './achievement-requests';

export interface LoadRequest {
  url: string;
  soapAction?: string;
  seconds: number;
  connections: number;
  /** One body for every request, or a new achievement each time from this number on (bench/achievement-requests.ts). */
  bodies: { fixed: string } | { firstAchievement: number };
}

export interface LoadFigures {
  /** Responses received, whatever their status. */
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Responses with a status of 400 or more (wrk), or outside 2xx (autocannon). */
  non2xx: number;
  /** Connection errors and timeouts. */
  errors: number;
  /** The first achievement number no request has used. */
  nextAchievement: number;
}

export type LoadGeneratorName = 'wrk' | 'autocannon';

/** BENCH_LOAD_GENERATOR=autocannon uses autocannon even where wrk is installed. */
export function loadGeneratorName(): LoadGeneratorName {
  generator ??=
    process.env.BENCH_LOAD_GENERATOR !== 'autocannon' && spawnSync('wrk', ['--version']).error === undefined
      ? 'wrk'
      : 'autocannon';
  return generator;
}

let generator: LoadGeneratorName | undefined;

export function runLoad(request: LoadRequest): Promise<LoadFigures> {
  return loadGeneratorName() === 'wrk' ? runWrk(request) : runAutocannon(request);
}

/** One wrk thread drives the connections: the server under test is one Node.js process, so one core is its share. */
const WRK_THREADS = 1;

let files: { dir: string; templates?: string; awardDates?: string } | undefined;

function scratchFiles() {
  if (!files) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lrs-bench-wrk-'));
    process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    files = { dir };
  }
  return files;
}

function wrkArguments(bodies: LoadRequest['bodies']): string[] {
  const scratch = scratchFiles();
  if ('fixed' in bodies) {
    const file = path.join(scratch.dir, 'body.xml');
    fs.writeFileSync(file, bodies.fixed);
    return ['fixed', file];
  }
  if (!scratch.templates || !scratch.awardDates) {
    const sequence = achievementSequence();
    scratch.templates = path.join(scratch.dir, 'achievement-templates.txt');
    scratch.awardDates = path.join(scratch.dir, 'award-dates.txt');
    fs.writeFileSync(scratch.templates, sequence.templates.join('\n') + '\n');
    fs.writeFileSync(scratch.awardDates, sequence.awardDates.join('\n') + '\n');
  }
  return ['achievements', scratch.templates, scratch.awardDates, String(bodies.firstAchievement), String(WRK_THREADS)];
}

function runWrk(request: LoadRequest): Promise<LoadFigures> {
  const args = [
    ...['-t', String(WRK_THREADS), '-c', String(request.connections), '-d', `${request.seconds}s`, '--timeout', '10s'],
    ...['-s', projectPath('bench', 'wrk-post.lua'), request.url, '--', request.soapAction ?? '-'],
    ...wrkArguments(request.bodies),
  ];
  const wrk = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  wrk.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    wrk.once('error', reject);
    wrk.once('exit', (code) => {
      const line = /^BENCH_RESULT (.*)$/m.exec(output);
      if (code !== 0 || !line) return reject(new Error(`wrk exited with ${code}:\n${output}`));
      resolve(wrkFigures(JSON.parse(line[1]) as WrkResult, request.bodies));
    });
  });
}

interface WrkResult {
  requests: number;
  durationMicros: number;
  non2xx: number;
  errors: number;
  p50Micros: number;
  p99Micros: number;
  nextAchievement: number;
}

function wrkFigures(r: WrkResult, bodies: LoadRequest['bodies']): LoadFigures {
  const seconds = r.durationMicros / 1e6;
  return {
    requests: r.requests,
    seconds,
    requestsPerSecond: r.requests / seconds,
    p50Ms: r.p50Micros / 1000,
    p99Ms: r.p99Micros / 1000,
    non2xx: r.non2xx,
    errors: r.errors,
    nextAchievement: 'fixed' in bodies ? 0 : Math.max(bodies.firstAchievement, r.nextAchievement),
  };
}

function runAutocannon(request: LoadRequest): Promise<LoadFigures> {
  const child: ChildProcess = fork(path.join(__dirname, 'autocannon-child.js'), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  child.send(request);
  return new Promise((resolve, reject) => {
    child.once('message', (figures) => resolve(figures as LoadFigures));
    child.once('exit', (code) => reject(new Error(`the autocannon process exited with ${code}`)));
  });
}
