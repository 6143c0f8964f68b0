// npm run bench: throughput of the SOAP surfaces and the service layer, measured in one run on
// this machine, loopback only, bounded in time. Each SOAP figure is reported as a ratio to a
// bare Express route of the same process returning a fixed SOAP response of the same size.
import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import autocannon from 'autocannon';
import { renderVerifyLearnerResponse } from '../src/learners/verification.soap';
import { createAchievementEnvelope, nthAchievement } from './achievement-requests';
import { batchFigures } from './batches';
import { scratchMariaDb } from './mariadb';
import { serviceCreatesPerSecond } from './service-creates';
import { measureStages } from './stages';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);

const VERIFY_REQUEST =
  '<?xml version="1.0" encoding="utf-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ao="urn:lrs-gateway:ao:1">' +
  '<soapenv:Header><wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"><wsse:UsernameToken>' +
  '<wsse:Username>victor.vance</wsse:Username><wsse:Password Type="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText">Compat-Test-2026</wsse:Password>' +
  '</wsse:UsernameToken></wsse:Security></soapenv:Header><soapenv:Body><ao:VerifyLearner><ao:ULN>1026893096</ao:ULN><ao:GivenName>Sample</ao:GivenName>' +
  '<ao:FamilyName>Testname</ao:FamilyName><ao:DateOfBirth>1976-08-16</ao:DateOfBirth><ao:Gender>2</ao:Gender></ao:VerifyLearner></soapenv:Body></soapenv:Envelope>';

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  failures: number;
}

function load(url: string, seconds: number, body: string | ((n: number) => string)): Promise<Figures> {
  let n = 0;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        method: 'POST',
        headers: { 'content-type': 'text/xml; charset=utf-8' },
        body: typeof body === 'string' ? body : undefined,
        requests: typeof body === 'string' ? undefined : [{ setupRequest: (request) => ({ ...request, body: body(n++) }) }],
        connections: CONNECTIONS,
        duration: seconds,
      },
      (error, result) => {
        if (error) return reject(error);
        resolve({
          rps: result.requests.average,
          p50: result.latency.p50,
          p99: result.latency.p99,
          failures: result.errors + result.timeouts + result.non2xx,
        });
      },
    );
  });
}

interface Server {
  child: ChildProcess;
  gatewayUrl: string;
  baselineUrl: string;
}

async function startServer(databaseUrl?: string): Promise<Server> {
  const child = fork(path.join(__dirname, 'server.js'), [], {
    env: { ...process.env, BENCH_FIXED_RESPONSE: fixedResponse(), ...(databaseUrl ? { BENCH_DATABASE_URL: databaseUrl } : {}) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await new Promise<{ gatewayPort: number; baselinePort: number }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { gatewayPort: number; baselinePort: number }));
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  return {
    child,
    gatewayUrl: `http://127.0.0.1:${ready.gatewayPort}/soap/ao`,
    baselineUrl: `http://127.0.0.1:${ready.baselinePort}/baseline`,
  };
}

function ask<T>(child: ChildProcess, type: string, key: string): Promise<T> {
  return new Promise((resolve) => {
    const onMessage = (message: Record<string, unknown>) => {
      if (!message[key]) return;
      child.off('message', onMessage);
      resolve(message as T);
    };
    child.on('message', onMessage);
    child.send({ type });
  });
}

async function stopServer(server: Server): Promise<number> {
  const { maxRssMb } = await ask<{ maxRssMb: number }>(server.child, 'stats', 'stats');
  await new Promise<void>((resolve) => {
    server.child.once('exit', () => resolve());
    server.child.send({ type: 'stop' });
  });
  return maxRssMb;
}

/** Two halves, better kept: drift in the machine then affects both sides of a ratio alike. */
async function best(measure: () => Promise<Figures>): Promise<Figures> {
  const a = await measure();
  const b = await measure();
  return a.rps >= b.rps ? a : b;
}

async function main(): Promise<void> {
  const rows: string[] = [];
  const row = (what: string, f: Figures, ratio?: number) =>
    rows.push(
      `| ${what} | ${f.rps.toFixed(0)} | ${ratio === undefined ? '' : ratio.toFixed(2)} | ${f.p50} | ${f.p99} | ${f.failures} |`,
    );
  const rss: string[] = [];

  const sqlite = await startServer();
  await load(sqlite.gatewayUrl, 3, VERIFY_REQUEST);
  await load(sqlite.baselineUrl, 3, VERIFY_REQUEST);
  const baseline = await best(() => load(sqlite.baselineUrl, SECONDS / 2, VERIFY_REQUEST));
  const verify = await best(() => load(sqlite.gatewayUrl, SECONDS / 2, VERIFY_REQUEST));
  const createSqlite = await load(sqlite.gatewayUrl, SECONDS, (n) => createAchievementEnvelope(nthAchievement(n)));
  row('bare Express, fixed SOAP response (baseline)', baseline);
  row('VerifyLearner, SQLite', verify, verify.rps / baseline.rps);
  row('CreateAchievement, SQLite', createSqlite, createSqlite.rps / baseline.rps);
  rss.push(`SQLite gateway: ${(await stopServer(sqlite)).toFixed(0)} MB`);

  const maria = await scratchMariaDb();
  let serviceMaria: number | undefined;
  if (maria) {
    try {
      const server = await startServer(maria.url);
      await load(server.gatewayUrl, 3, VERIFY_REQUEST);
      const verifyMaria = await load(server.gatewayUrl, SECONDS, VERIFY_REQUEST);
      const createMaria = await load(server.gatewayUrl, SECONDS, (n) => createAchievementEnvelope(nthAchievement(n)));
      row('VerifyLearner, MariaDB', verifyMaria, verifyMaria.rps / baseline.rps);
      row('CreateAchievement, MariaDB', createMaria, createMaria.rps / baseline.rps);
      rss.push(`MariaDB gateway: ${(await stopServer(server)).toFixed(0)} MB`);
      serviceMaria = await serviceCreatesPerSecond(maria.url, SECONDS);
    } finally {
      await maria.drop();
    }
  }
  const serviceSqlite = await serviceCreatesPerSecond(undefined, SECONDS);
  const stages = await measureStages(VERIFY_REQUEST);
  const batches = await batchFigures(baseline.rps);

  console.log(`\nSOAP calls, ${CONNECTIONS} connections, loopback, authenticated with WS-Security PasswordText\n`);
  console.log('| target | requests/s | ratio to baseline | p50 ms | p99 ms | failures |');
  console.log('|---|---|---|---|---|---|');
  for (const line of rows) console.log(line);
  console.log(`\nAchievements created per second through the service layer (16 in flight, ${SECONDS}s):`);
  console.log(`| SQLite | ${serviceSqlite.toFixed(0)} |`);
  console.log(
    `| MariaDB | ${serviceMaria === undefined ? 'not measured: no MariaDB at 127.0.0.1:3306' : serviceMaria.toFixed(0)} |`,
  );
  console.log(`\nServer peak RSS: ${rss.join(', ')}`);
  console.log('\nWhere one VerifyLearner request spends its CPU, each part alone (µs):\n');
  console.log('| part | µs |');
  console.log('|---|---|');
  for (const [stage, micros] of Object.entries(stages)) console.log(`| ${stage} | ${micros.toFixed(1)} |`);
  console.log(
    '\nBatch jobs: a generated CSV file submitted as a stream, then worked by one worker (each job in its own process):\n',
  );
  for (const line of batches) console.log(line);
  if (rows.some((line) => !line.endsWith('| 0 |'))) process.exitCode = 1;
}

function fixedResponse(): string {
  const payload = renderVerifyLearnerResponse({
    responseCode: 'WSVRC001',
    learner: { uln: '1026893096', givenName: 'Sample', familyName: 'Testname', dateOfBirth: '1976-08-16', gender: 2 },
    failureFlags: [],
  });
  return (
    '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"  xmlns:ao="urn:lrs-gateway:ao:1">' +
    `<soap:Body>${payload}</soap:Body></soap:Envelope>`
  );
}

/** `npm run bench -- batches`: the batch part alone (its figures then carry no ratio to the SOAP baseline). */
async function batchesOnly(): Promise<void> {
  console.log('Batch jobs: a generated CSV file submitted as a stream, then worked by one worker (each job in its own process):\n');
  for (const line of await batchFigures()) console.log(line);
}

(process.argv[2] === 'batches' ? batchesOnly() : main()).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
