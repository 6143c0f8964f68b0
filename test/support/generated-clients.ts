import { execFile, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { fetchServedContract } from './served-contract';

/**
 * Java (JAX-WS) and .NET clients generated from the WSDLs the running gateway serves, as MIS
 * vendors generate theirs: wsimport + javac, Mono's wsdl + mcs. The client programs in
 * test/interop/java and test/interop/dotnet are compiled against the generated code. A build is
 * kept under the system temp directory, keyed by everything that goes into it (the served
 * documents, the programs, the tools' versions), so an unchanged contract is not rebuilt.
 */

const execFileAsync = promisify(execFile);
const INTEROP_DIR = path.join(__dirname, '..', 'interop');
const CACHE_DIR = path.join(os.tmpdir(), 'lrs-gateway-generated-clients');
const JAVA_LIBS = '/usr/share/java/*';
const TOOL_TIMEOUT_MS = 120_000;

export type ClientKind = 'jax-ws' | '.net';

/** The SOAP surfaces, each generated into its own namespace (.NET) or its WSDL's packages (Java). */
export const SURFACE_PATHS = ['/soap/ao', '/LearnerService.svc', '/ExternalService.svc', '/LearnerServiceR9.svc'] as const;
const DOTNET_NAMESPACES: Record<(typeof SURFACE_PATHS)[number], string> = {
  '/soap/ao': 'Ao',
  '/LearnerService.svc': 'Lrs',
  '/ExternalService.svc': 'External',
  '/LearnerServiceR9.svc': 'R9',
};

/**
 * LearnerServiceR9.svc's schemas share their namespaces (http://tempuri.org/,
 * http://api.lrs.qcf.gov.uk/model) with LearnerService.svc and ExternalService.svc, with other types
 * in them: wsimport maps a namespace to one Java package, so a single project would hold two
 * ObjectFactory classes of the same name. The Java client of R9 is therefore generated and compiled
 * apart, as a vendor keeps one project per service, and runs as a program of its own
 * (test/interop/java/r9). Mono's wsdl puts each surface in a C# namespace of its own: one program.
 */
const JAVA_APART: (typeof SURFACE_PATHS)[number] = '/LearnerServiceR9.svc';
const JAVA_APART_DIR = 'r9';

/** Each tool, the command that prints its version, and the Debian package that installs it. */
const TOOLS: Record<ClientKind, { command: string; versionArgs: string[]; apt: string }[]> = {
  'jax-ws': [
    { command: 'wsimport', versionArgs: ['-version'], apt: 'jaxws' },
    { command: 'javac', versionArgs: ['-version'], apt: 'default-jdk-headless' },
    { command: 'java', versionArgs: ['-version'], apt: 'default-jre-headless' },
  ],
  '.net': [
    { command: 'wsdl', versionArgs: ['-help'], apt: 'mono-devel' },
    { command: 'mcs', versionArgs: ['--version'], apt: 'mono-devel' },
    { command: 'mono', versionArgs: ['--version'], apt: 'mono-devel' },
  ],
};

/** The clients a developer says are intentionally absent (INTEROP_TOOLS_ABSENT=java,dotnet); CI never sets it. */
export function intentionallyAbsent(kind: ClientKind): boolean {
  const names = (process.env.INTEROP_TOOLS_ABSENT ?? '').split(',').map((s) => s.trim().toLowerCase());
  return names.includes(kind === 'jax-ws' ? 'java' : 'dotnet');
}

/** The tools' version lines; fails naming the apt package of the first missing tool. */
async function toolVersions(kind: ClientKind): Promise<string> {
  const versions: string[] = [];
  for (const tool of TOOLS[kind]) {
    try {
      const { stdout, stderr } = await execFileAsync(tool.command, tool.versionArgs, { timeout: TOOL_TIMEOUT_MS });
      versions.push(`${tool.command}: ${`${stdout}${stderr}`.split('\n')[0]}`);
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      if (e.code === 'ENOENT') {
        throw new Error(
          `${tool.command} is not installed, so the ${kind} client cannot be generated. ` +
            `Install it: apt-get install -y --no-install-recommends ${tool.apt} ` +
            '(or, on a machine that intentionally lacks it, set INTEROP_TOOLS_ABSENT to skip these tests loudly)',
        );
      }
      // wsdl -help exits non-zero; having answered at all is enough.
      versions.push(`${tool.command}: ${String((e as { stdout?: string }).stdout ?? '').split('\n')[0]}`);
    }
  }
  return versions.join('\n');
}

export interface GeneratedClient {
  kind: ClientKind;
  command: string;
  /** Each program of the client, run in turn: the arguments before the programs' own. */
  programs: string[][];
  cached: boolean;
  buildMs: number;
}

/** Generates and compiles a client from the gateway at baseUrl, or reuses an identical earlier build. */
export async function buildClient(kind: ClientKind, baseUrl: string): Promise<GeneratedClient> {
  const started = Date.now();
  const key = createHash('sha256');
  key.update(`format 2\n${kind}\n${await toolVersions(kind)}\n`);
  for (const surface of SURFACE_PATHS) {
    const contract = await fetchServedContract(baseUrl, surface);
    // The port differs between runs; the generated code does not depend on it (programs get the URL).
    for (const document of [contract.wsdl, ...contract.schemas.values()]) key.update(document.text.replaceAll(baseUrl, 'BASE'));
  }
  const sources = sourceFiles(kind);
  for (const file of sources) key.update(`${path.relative(INTEROP_DIR, file)}\n${fs.readFileSync(file, 'utf8')}`);
  const dir = path.join(CACHE_DIR, `${kind === 'jax-ws' ? 'java' : 'dotnet'}-${key.digest('hex').slice(0, 24)}`);
  const cached = fs.existsSync(dir);
  if (!cached) {
    // Built aside and renamed into place, so a concurrent or interrupted run never sees half a build.
    const building = `${dir}.${process.pid}-${randomBytes(4).toString('hex')}`;
    fs.mkdirSync(building, { recursive: true });
    try {
      await (kind === 'jax-ws' ? buildJava : buildDotnet)(building, baseUrl, sources);
      fs.renameSync(building, dir);
    } catch (error) {
      fs.rmSync(building, { recursive: true, force: true });
      if (!fs.existsSync(dir)) throw error;
    }
  }
  const java = (classes: string, main: string) => ['-cp', `${path.join(dir, classes)}:${JAVA_LIBS}`, main];
  const programs =
    kind === 'jax-ws'
      ? [java('classes', 'interop.Main'), java(`classes-${JAVA_APART_DIR}`, 'interop.r9.LearnerServiceR9Client')]
      : [[path.join(dir, 'Interop.exe')]];
  return { kind, command: kind === 'jax-ws' ? 'java' : 'mono', programs, cached, buildMs: Date.now() - started };
}

function sourceFiles(kind: ClientKind): string[] {
  const root = path.join(INTEROP_DIR, kind === 'jax-ws' ? 'java' : 'dotnet');
  const walk = (dir: string): string[] =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]))
      .sort();
  return walk(root);
}

/** wsimport each served WSDL (no -p: the WSDLs' namespaces give distinct packages), then javac it all; R9 apart. */
async function buildJava(dir: string, baseUrl: string, sources: string[]): Promise<void> {
  const apart = path.join(INTEROP_DIR, 'java', JAVA_APART_DIR) + path.sep;
  const lines = sources.filter((f) => f.endsWith(`${path.sep}Lines.java`));
  const together = SURFACE_PATHS.filter((surface) => surface !== JAVA_APART);
  await Promise.all([
    compileJava(
      dir,
      '',
      baseUrl,
      together,
      sources.filter((f) => f.endsWith('.java') && !f.startsWith(apart)),
    ),
    compileJava(dir, `-${JAVA_APART_DIR}`, baseUrl, [JAVA_APART], [...lines, ...sources.filter((f) => f.startsWith(apart))]),
  ]);
}

async function compileJava(dir: string, suffix: string, baseUrl: string, surfaces: readonly string[], javaSources: string[]) {
  const generated = path.join(dir, `generated${suffix}`);
  const classes = path.join(dir, `classes${suffix}`);
  fs.mkdirSync(generated, { recursive: true }); // wsimport refuses a -d that does not exist
  fs.mkdirSync(classes, { recursive: true });
  await Promise.all(
    surfaces.map((surface) => tool('wsimport', ['-quiet', '-keep', '-Xnocompile', '-d', generated, `${baseUrl}${surface}?wsdl`])),
  );
  const javaFiles = [...listFiles(generated, '.java'), ...javaSources];
  await tool('javac', ['-nowarn', '-encoding', 'UTF-8', '-cp', JAVA_LIBS, '-d', classes, ...javaFiles]);
}

/** Mono's wsdl for each served WSDL, one namespace each, then mcs with the programs and their config. */
async function buildDotnet(dir: string, baseUrl: string, sources: string[]): Promise<void> {
  const generated = path.join(dir, 'generated');
  fs.mkdirSync(generated, { recursive: true });
  await Promise.all(
    SURFACE_PATHS.map((surface) => {
      const namespace = DOTNET_NAMESPACES[surface];
      return tool('wsdl', [
        '-nologo',
        `-n:${namespace}`,
        `-out:${path.join(generated, `${namespace}.cs`)}`,
        `${baseUrl}${surface}?wsdl`,
      ]);
    }),
  );
  const csFiles = [...listFiles(generated, '.cs'), ...sources.filter((f) => f.endsWith('.cs'))];
  const exe = path.join(dir, 'Interop.exe');
  await tool('mcs', [
    '-nologo',
    '-target:exe',
    `-out:${exe}`,
    '-r:System.Web.Services',
    '-r:System.Xml',
    '-r:System.Core',
    ...csFiles,
  ]);
  const config = sources.find((f) => f.endsWith('Interop.exe.config'));
  if (!config) throw new Error('test/interop/dotnet/Interop.exe.config is missing');
  fs.copyFileSync(config, `${exe}.config`);
}

function listFiles(dir: string, extension: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith(extension))
    .map((f) => path.join(dir, f));
}

async function tool(command: string, args: string[]): Promise<void> {
  try {
    await execFileAsync(command, args, { timeout: TOOL_TIMEOUT_MS, maxBuffer: 16 << 20 });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message?: string };
    const output = `${e.stdout ?? ''}${e.stderr ?? ''}`.trim();
    throw new Error(`${command} failed on the served contract: ${output || e.message}`);
  }
}

/** One line a client program prints (see test/interop/java/interop/Lines.java and dotnet/Lines.cs). */
export interface ClientLine {
  client: string;
  service: string;
  operation: string;
  path: string;
  result?: Record<string, unknown>;
  fault?: Record<string, unknown>;
  error?: string;
}

/**
 * Runs a client program to the end and returns its lines. A line {"await":"batch-worker"} is
 * answered by running the worker and then writing a line to the program's stdin.
 */
export async function runClient(
  client: GeneratedClient,
  args: string[],
  runWorker: () => Promise<unknown>,
  timeoutMs: number,
): Promise<ClientLine[]> {
  const lines: ClientLine[] = [];
  for (const program of client.programs) lines.push(...(await runProgram(client, [...program, ...args], runWorker, timeoutMs)));
  return lines;
}

function runProgram(
  client: GeneratedClient,
  args: string[],
  runWorker: () => Promise<unknown>,
  timeoutMs: number,
): Promise<ClientLine[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(client.command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const lines: ClientLine[] = [];
    let stderr = '';
    let failure: Error | undefined;
    const timer = setTimeout(() => {
      failure = new Error(`${client.kind} client timed out after ${timeoutMs} ms`);
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-8000)));
    createInterface({ input: child.stdout }).on('line', (text) => {
      if (text.trim() === '') return;
      let line: ClientLine & { await?: string };
      try {
        line = JSON.parse(text);
      } catch {
        failure ??= new Error(`${client.kind} client printed a line that is not JSON after ${lines.length} lines: ${text}`);
        return;
      }
      if (line.await === 'batch-worker') {
        runWorker().then(
          () => child.stdin.write('\n'),
          (error: unknown) => {
            failure ??= error as Error;
            child.kill('SIGKILL');
          },
        );
      } else lines.push(line);
    });
    child.on('error', (error) => reject(error));
    child.on('close', (code) => {
      clearTimeout(timer);
      if (failure) reject(failure);
      else if (code !== 0) reject(new Error(`${client.kind} client exited with ${code}: ${stderr.trim()}`));
      else resolve(lines);
    });
  });
}
