// Checks what can be checked of the container set-up without a Docker engine (npm run check:docker;
// test/unit/docker-files.test.ts runs the same checks in CI): docker/Dockerfile and
// docker/docker-compose.yml against the code they run, and docs/production.md against both.
import fs from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { loadConfig } from '../src/config';
import { DOCUMENTS } from './docs-tables';

export interface DockerInputs {
  dockerfile: string;
  compose: string;
  packageJson: { scripts: Record<string, string> };
  /** docs/production.md, which must explain how to run the compose file and every setting it sets. */
  docs: string;
  /** Environment variables src/config.ts reads. */
  configKeys: ReadonlySet<string>;
  /** Project directories the code reads at run time (projectPath). */
  runtimeDirectories: readonly string[];
  /** Whether a path exists in the repository (the build context). */
  exists(relativePath: string): boolean;
}

interface Instruction {
  keyword: string;
  args: string;
}

interface Stage {
  name?: string;
  instructions: Instruction[];
}

const DOCKERFILE = 'docker/Dockerfile';

/** Every environment variable loadConfig reads, found by running it against an environment that records each read. */
export function configKeys(): Set<string> {
  const read = new Set<string>();
  const recording = new Proxy({} as Record<string, string | undefined>, {
    get(_target, key) {
      if (typeof key === 'string') read.add(key);
      return undefined;
    },
  });
  loadConfig(recording);
  return read;
}

/** The first directory of every `projectPath('dir', ...)` in src/. */
export function runtimeDirectories(srcRoot: string): string[] {
  const found = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts')) {
        const text = fs.readFileSync(full, 'utf8');
        for (const m of text.matchAll(/projectPath\('([^'/]+)/g)) found.add(m[1]);
        for (const m of text.matchAll(/\[((?:'[^']+',?\s*)+)\]\.map\(\(dir\) => projectPath\(dir\)/g)) {
          for (const d of m[1].matchAll(/'([^']+)'/g)) found.add(d[1]);
        }
      }
    }
  };
  walk(srcRoot);
  return [...found].sort();
}

function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  const logical = text
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  for (const line of logical) {
    const [, keyword, args = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const upper = keyword.toUpperCase();
    if (upper === 'FROM') stages.push({ name: /\sAS\s+(\S+)\s*$/i.exec(args)?.[1], instructions: [] });
    else stages[stages.length - 1]?.instructions.push({ keyword: upper, args: args.replace(/\s+/g, ' ') });
  }
  return stages;
}

function execForm(args: string): string[] | undefined {
  try {
    const parsed: unknown = JSON.parse(args);
    return Array.isArray(parsed) && parsed.every((a) => typeof a === 'string') ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** `node dist/src/main.js` from package.json's start script (whose prestart compiles, which the image has done). */
function commandOf(script: string | undefined): string[] {
  const last = (script ?? '').split('&&').pop() ?? '';
  return last.trim().split(/\s+/).filter(Boolean);
}

function checkDockerfile(inputs: DockerInputs, problems: string[]): { cmd?: string[]; exposed: string[] } {
  const stages = parseDockerfile(inputs.dockerfile);
  if (stages.length < 2) problems.push(`${DOCKERFILE} must be multi-stage (build apart from the final image)`);
  const final = stages[stages.length - 1];
  if (!final) return { exposed: [] };
  const all = (keyword: string) => final.instructions.filter((i) => i.keyword === keyword);

  const user = all('USER').pop()?.args.split(':')[0];
  if (!user || user === 'root' || user === '0') problems.push(`${DOCKERFILE}: the final stage must switch to a non-root USER`);

  const cmd = execForm(all('CMD').pop()?.args ?? '');
  const start = commandOf(inputs.packageJson.scripts.start);
  if (!cmd) problems.push(`${DOCKERFILE}: the final stage needs CMD in exec form (a JSON array)`);
  else if (cmd.join(' ') !== start.join(' ')) {
    problems.push(`${DOCKERFILE}: CMD ${JSON.stringify(cmd)} is not package.json's start command "${start.join(' ')}"`);
  }

  const healthcheck = all('HEALTHCHECK').pop()?.args;
  const probe = healthcheck ? execForm(healthcheck.replace(/^.*?\bCMD\s+/, '')) : undefined;
  const probeScript = probe?.[0] === 'node' ? probe[1] : undefined;
  if (!probeScript) problems.push(`${DOCKERFILE}: the final stage needs HEALTHCHECK CMD ["node", "dist/src/cli/<script>.js"]`);
  else {
    const source = probeScript.replace(/^dist\//, '').replace(/\.js$/, '.ts');
    if (!inputs.exists(source)) problems.push(`${DOCKERFILE}: the HEALTHCHECK runs ${probeScript}, but there is no ${source}`);
  }

  // node_modules must come from a stage that installed production dependencies only.
  const modules = all('COPY').find((i) => /\/node_modules\s/.test(`${i.args} `));
  const fromStage = modules && /--from=(\S+)/.exec(modules.args)?.[1];
  const installer = fromStage ? stages.find((s) => s.name === fromStage) : final;
  const installs = (installer?.instructions ?? []).filter((i) => i.keyword === 'RUN' && /\bnpm (ci|install)\b/.test(i.args));
  if (installs.length === 0 || installs.some((i) => !/--omit=dev\b/.test(i.args))) {
    problems.push(`${DOCKERFILE}: the final image's node_modules must come from \`npm ci --omit=dev\` only`);
  }
  if (!stages.some((s) => s.instructions.some((i) => i.keyword === 'RUN' && i.args.includes('tsconfig.build.json')))) {
    problems.push(`${DOCKERFILE}: no stage compiles with tsconfig.build.json`);
  }

  const copied = all('COPY')
    .filter((i) => !i.args.includes('--from='))
    .flatMap((i) =>
      i.args
        .split(' ')
        .slice(0, -1)
        .filter((a) => !a.startsWith('--')),
    );
  for (const source of copied)
    if (!inputs.exists(source)) problems.push(`${DOCKERFILE}: COPY ${source}, which is not in the repository`);
  for (const needed of ['package.json', ...inputs.runtimeDirectories]) {
    if (!copied.includes(needed)) problems.push(`${DOCKERFILE}: the final image needs ${needed} (the code reads it at run time)`);
  }
  if (copied.some((source) => /^(src|test)\b/.test(source)))
    problems.push(`${DOCKERFILE}: the final image must not hold the sources`);
  const exposed = all('EXPOSE').flatMap((i) => i.args.split(' ').map((port) => port.split('/')[0]));
  return { cmd, exposed };
}

type ComposeService = {
  build?: { context?: string; dockerfile?: string };
  image?: string;
  command?: string[] | string;
  environment?: Record<string, unknown> | string[];
  depends_on?: Record<string, { condition?: string }> | string[];
  healthcheck?: { disable?: boolean };
  stop_grace_period?: string;
  secrets?: string[];
  volumes?: string[];
  ports?: string[];
};

function environmentOf(service: ComposeService): Record<string, string> {
  const env = service.environment ?? {};
  if (Array.isArray(env)) return Object.fromEntries(env.map((e) => [e.split('=')[0], e.slice(e.indexOf('=') + 1)]));
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v ?? '')]));
}

function seconds(duration: string | undefined): number {
  const m = /^(\d+)(ms|s|m)?$/.exec(duration ?? '10s');
  if (!m) return 10;
  return Number(m[1]) * ({ ms: 0.001, s: 1, m: 60 }[(m[2] ?? 's') as 'ms' | 's' | 'm'] ?? 1);
}

function checkCompose(inputs: DockerInputs, exposed: string[], problems: string[]): Record<string, string>[] {
  const where = 'docker/docker-compose.yml';
  const document = parseDocument(inputs.compose, { merge: true, prettyErrors: true });
  if (document.errors.length > 0) {
    problems.push(`${where} does not parse: ${document.errors[0].message}`);
    return [];
  }
  const compose = document.toJS() as {
    services?: Record<string, ComposeService>;
    volumes?: Record<string, unknown>;
    secrets?: Record<string, { file?: string }>;
  };
  const services = compose.services ?? {};
  checkHostFiles(inputs, compose.secrets ?? {}, Object.values(services), problems);
  const ours = Object.entries(services).filter(([, s]) => s.build?.dockerfile === DOCKERFILE);
  for (const [name, service] of ours) {
    if (path.posix.normalize(`docker/${service.build?.context ?? '.'}`) !== '.') {
      problems.push(`${where}: ${name} must build from the repository root (context ..)`);
    }
  }
  const gateway = ours.find(([, s]) => s.command === undefined);
  const workerCommand = commandOf(inputs.packageJson.scripts.worker).join(' ');
  const worker = ours.find(([, s]) => [s.command ?? []].flat().join(' ') === workerCommand);
  if (!gateway) problems.push(`${where}: no service runs the image's own command (the gateway)`);
  if (!worker) problems.push(`${where}: no service runs the batch worker ("${workerCommand}", as npm run worker)`);
  if (worker && worker[1].healthcheck?.disable !== true) {
    problems.push(`${where}: ${worker[0]} has no HTTP port, so the image's HEALTHCHECK must be disabled for it`);
  }
  if (worker && gateway && !Object.keys(worker[1].depends_on ?? {}).includes(gateway[0])) {
    problems.push(`${where}: ${worker[0]} must start after ${gateway[0]}, which applies the migrations`);
  }

  const mysql = Object.entries(services).find(([, s]) => /^mysql:8(\.|$)/.test(s.image ?? ''));
  if (!mysql) problems.push(`${where}: no MySQL 8 service (image mysql:8.x)`);
  else {
    const volume = (mysql[1].volumes ?? []).find((v) => v.endsWith(':/var/lib/mysql'));
    if (!volume || !compose.volumes || !(volume.split(':')[0] in compose.volumes)) {
      problems.push(`${where}: ${mysql[0]} must keep /var/lib/mysql on a named volume`);
    }
  }

  const environments = ours.map(([name, service]) => {
    const env = environmentOf(service);
    for (const key of Object.keys(env)) {
      if (!inputs.configKeys.has(key)) problems.push(`${where}: ${name} sets ${key}, which src/config.ts does not read`);
    }
    if (!/^mysql:\/\//.test(env.DATABASE_URL ?? '')) problems.push(`${where}: ${name} must use the MySQL service (DATABASE_URL)`);
    for (const [key, value] of Object.entries(env)) {
      const secret = /^\/run\/secrets\/(.+)$/.exec(value)?.[1];
      if (secret && !(service.secrets ?? []).includes(secret)) {
        problems.push(`${where}: ${name} reads ${key} from secret ${secret}, which it is not given`);
      }
      if (secret && !(secret in (compose.secrets ?? {}))) problems.push(`${where}: secret ${secret} is not declared`);
    }
    if ('TLS_CLIENT_CA_FILE' in env && !('TLS_CLIENT_CRL_FILE' in env)) {
      problems.push(
        `${where}: ${name} trusts a client CA (TLS_CLIENT_CA_FILE) but cannot be given its CRL (TLS_CLIENT_CRL_FILE)`,
      );
    }
    for (const published of service.ports ?? []) {
      const port = published.split(':').pop()?.split('/')[0] ?? '';
      if (port !== (env.PORT ?? String(loadConfig({}).port))) problems.push(`${where}: ${name} publishes ${port}, not its PORT`);
      if (!exposed.includes(port)) problems.push(`${DOCKERFILE} does not EXPOSE ${port}, the port ${name} serves`);
    }
    const deadline = Number(env.SHUTDOWN_DEADLINE_MS ?? loadConfig({}).shutdownDeadlineMs) / 1000;
    if (seconds(service.stop_grace_period) <= deadline) {
      problems.push(`${where}: ${name}'s stop_grace_period must be longer than SHUTDOWN_DEADLINE_MS, or Docker kills it first`);
    }
    return env;
  });
  return environments;
}

/**
 * The folders the compose file reads from the host (secret files, bind mounts) must be in a fresh
 * clone, so that the set-up steps can put files in them; the files themselves are the operator's.
 */
function checkHostFiles(
  inputs: DockerInputs,
  secrets: Record<string, { file?: string }>,
  services: ComposeService[],
  problems: string[],
): void {
  const files = Object.values(secrets).flatMap((secret) => (secret.file ? [path.posix.dirname(secret.file)] : []));
  const mounts = services.flatMap((service) =>
    (service.volumes ?? []).map((v) => v.split(':')[0]).filter((v) => v.startsWith('.')),
  );
  for (const folder of new Set([...files, ...mounts])) {
    const inRepository = path.posix.normalize(`docker/${folder}`);
    if (!inputs.exists(inRepository))
      problems.push(`docker/docker-compose.yml reads ${inRepository}, which a fresh clone does not have`);
  }
}

function checkDocs(
  inputs: DockerInputs,
  cmd: string[] | undefined,
  environments: Record<string, string>[],
  problems: string[],
): void {
  const where = DOCUMENTS.production;
  if (cmd && !inputs.docs.includes(cmd.join(' ')))
    problems.push(`${where} does not give the image's start command "${cmd.join(' ')}"`);
  if (!inputs.docs.includes('docker compose -f docker/docker-compose.yml')) {
    problems.push(`${where} does not say how to run docker/docker-compose.yml`);
  }
  for (const key of new Set(environments.flatMap((env) => Object.keys(env)))) {
    if (!new RegExp(`\\b${key}\\b`).test(inputs.docs))
      problems.push(`${where} does not explain ${key}, which the compose file sets`);
  }
}

/** Every problem found; none means the files agree with the code and with each other. */
export function checkDocker(inputs: DockerInputs): string[] {
  const problems: string[] = [];
  const { cmd, exposed } = checkDockerfile(inputs, problems);
  const environments = checkCompose(inputs, exposed, problems);
  checkDocs(inputs, cmd, environments, problems);
  return problems;
}

/** The inputs as the repository holds them. */
export function repositoryInputs(root = path.join(__dirname, '..')): DockerInputs {
  const read = (file: string) => (fs.existsSync(path.join(root, file)) ? fs.readFileSync(path.join(root, file), 'utf8') : '');
  return {
    dockerfile: read(DOCKERFILE),
    compose: read('docker/docker-compose.yml'),
    packageJson: JSON.parse(read('package.json')) as DockerInputs['packageJson'],
    docs: read(DOCUMENTS.production),
    configKeys: configKeys(),
    runtimeDirectories: runtimeDirectories(path.join(root, 'src')),
    exists: (file) => fs.existsSync(path.join(root, file)),
  };
}

if (require.main === module) {
  const problems = checkDocker(repositoryInputs());
  for (const problem of problems) process.stderr.write(`- ${problem}\n`);
  process.stdout.write(problems.length === 0 ? 'docker files agree with the code\n' : `${problems.length} problem(s)\n`);
  process.exit(problems.length === 0 ? 0 : 1);
}
