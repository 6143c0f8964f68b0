// npm run bench: throughput of the SOAP front door, the service layer and the batch jobs, measured
// in one run on this machine, loopback only, bounded in time. Every SOAP figure is a ratio to a bare
// Express route of the same server answering the same bytes, measured just before and just after it
// (docs/decisions/0072-front-door-bench.md). `npm run bench -- front-door` runs the SOAP part alone,
// `npm run bench -- batches` the batch part alone, `npm run bench -- find` finding learners on a
// register of a million (bench/find.ts).
import { batchFigures } from './batches';
import { FIND_LEARNERS, findFailed, findFigures, findTable } from './find';
import { baselineMean, failuresOf, operationsTable, stageTable, targetLines } from './front-door-report';
import { type FrontDoorRow, measureFrontDoor } from './front-door';
import { FRONT_DOOR_OPERATIONS, VERIFY_REQUESTS } from './front-door-operations';
import { loadGeneratorName } from './load-generator';
import { scratchMariaDb } from './mariadb';
import { serviceCreatesPerSecond } from './service-creates';
import { measureStages } from './stages';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const OPTIONS = { seconds: SECONDS, warmUpSeconds: Math.min(3, SECONDS), connections: CONNECTIONS };
const NO_MARIADB = 'not measured: no MariaDB at 127.0.0.1:3306';
const BATCH_HEADING =
  'Batch jobs: a generated CSV file submitted as a stream by one process, then worked by worker processes (node dist/src/cli/worker.js), each job on a fresh database:';

interface DatabaseFigures {
  database: string;
  rows: FrontDoorRow[];
  /** Achievements created per second through the service layer (the whole bench only). */
  serviceCreates?: number;
}

/** The front door on one database, then its stages alone on the same database. */
async function onDatabase(database: string, databaseUrl: string | undefined, withService: boolean): Promise<DatabaseFigures> {
  const rows = await measureFrontDoor(FRONT_DOOR_OPERATIONS, OPTIONS, databaseUrl);
  const alone = await measureStages(VERIFY_REQUESTS, databaseUrl);
  print(database, rows, alone);
  return { database, rows, serviceCreates: withService ? await serviceCreatesPerSecond(databaseUrl, SECONDS) : undefined };
}

function print(database: string, rows: FrontDoorRow[], alone: Awaited<ReturnType<typeof measureStages>>): void {
  console.log(`\n### ${database}\n`);
  for (const line of operationsTable(rows)) console.log(line);
  console.log('\nTargets, as ratios to bare Express in the same run:\n');
  for (const line of targetLines(rows)) console.log(line);
  console.log(
    `\nStages of one request, alone (this process, ${database}) and inside the server (its stage histogram, mean over the run):\n`,
  );
  for (const line of stageTable(alone, rows)) console.log(line);
}

async function frontDoor(withService: boolean): Promise<DatabaseFigures[]> {
  console.log(
    `SOAP front door: ${loadGeneratorName()} in its own process, ${CONNECTIONS} connections, ${SECONDS} s per run, loopback`,
  );
  const figures = [await onDatabase('SQLite', undefined, withService)];
  const maria = await scratchMariaDb();
  if (!maria) {
    console.log(`\n### MariaDB\n\n${NO_MARIADB}`);
    return figures;
  }
  try {
    figures.push(await onDatabase('MariaDB', maria.url, withService));
  } finally {
    await maria.drop();
  }
  return figures;
}

function failed(figures: DatabaseFigures[]): boolean {
  return figures.some((f) => f.rows.some((row) => failuresOf(row) > 0));
}

async function main(): Promise<void> {
  const figures = await frontDoor(true);
  console.log(`\nAchievements created per second through the service layer (16 in flight, ${SECONDS}s):\n`);
  console.log('| database | achievements/s |\n|---|--:|');
  for (const database of ['SQLite', 'MariaDB']) {
    const creates = figures.find((f) => f.database === database)?.serviceCreates;
    console.log(`| ${database} | ${creates === undefined ? NO_MARIADB : creates.toFixed(0)} |`);
  }
  const sqliteVerify = figures[0].rows[0];
  console.log(`\n${BATCH_HEADING}\n`);
  for (const line of await batchFigures(baselineMean(sqliteVerify))) console.log(line);
  const found = await find();
  if (failed(figures) || findFailed(found)) process.exitCode = 1;
}

/** Finding learners on a grown register, on each database. */
async function find() {
  console.log(
    `\nFinding learners among ${FIND_LEARNERS} on /LearnerService.svc: ${loadGeneratorName()} in its own process, ` +
      `${CONNECTIONS} connections, ${SECONDS} s per run, loopback, one learner (the last grown) for every call:`,
  );
  return findFigures(OPTIONS, (database, figures) => {
    console.log(`\n### ${database}\n`);
    for (const line of figures ? findTable(figures) : [NO_MARIADB]) console.log(line);
  });
}

async function findOnly(): Promise<void> {
  if (findFailed(await find())) process.exitCode = 1;
}

async function frontDoorOnly(): Promise<void> {
  if (failed(await frontDoor(false))) process.exitCode = 1;
}

/** `npm run bench -- batches`: the batch part alone (its figures then carry no ratio to the SOAP baseline). */
async function batchesOnly(): Promise<void> {
  console.log(`${BATCH_HEADING}\n`);
  for (const line of await batchFigures()) console.log(line);
}

const PARTS: Record<string, () => Promise<void>> = { batches: batchesOnly, find: findOnly, 'front-door': frontDoorOnly };

const part = process.argv[2];
if (part !== undefined && !PARTS[part]) {
  console.error(`npm run bench -- [${Object.keys(PARTS).join(' | ')}]: there is no part ${part}`);
  process.exit(2);
}
(part === undefined ? main : PARTS[part])().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
