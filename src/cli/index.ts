#!/usr/bin/env node
import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { importQualificationsCsv } from '../achievements/ofqual/ofqual-csv-import';
import type { SkippedRecord } from '../achievements/ofqual/ofqual-mapping';
import { OfqualRegisterClient } from '../achievements/ofqual/ofqual-register.client';
import { syncQualifications } from '../achievements/ofqual/qualification-sync';
import { growSyntheticLearners, MAX_SYNTHETIC_LEARNERS } from '../compatibility/grow-learners';
import { seedCompatibilityData } from '../compatibility/seed';
import { loadConfig } from '../config';
import { edcMonthlyReportCommand } from '../data-challenges/monthly-report.command';
import { DATA_SOURCE_PARTS } from '../schema-migrations';
import { verifyFileOfLearners } from '../batches/verify-file-export';
import { importLearnersCsv } from '../learners/learner-import';
import { LearnerRegister } from '../learners/learner-register';
import { ReferenceData } from '../learners/reference-data';
import { ReferenceListStore } from '../learners/reference-list.store';
import { readPhrases, readPostcodes, readSynonymPairs } from '../learners/reference-lists';
import { AuditTrail } from '../platform/audit/audit-trail';
import { PasswordHasher } from '../platform/auth/password-hashing';
import { PasswordSeal } from '../platform/auth/password-sealing';
import { ChangeCounters } from '../platform/cache/change-counters';
import { systemClock } from '../platform/clock';
import { openDataSource } from '../platform/data-source';
import { underStartupLock } from '../platform/startup-lock';
import { Database } from '../platform/database';
import { migrate } from '../platform/migrate';
import { isDomainError } from '../platform/errors';
import { createOperatorCommand } from './create-operator';
import { option } from './options';
import { progressBar } from './progress';
import { submitBatch } from './submit-batch';

const USAGE = `Usage: npm run cli -- <command>

  migrate                              apply database migrations
  seed [--force]                       load the compatibility data set (--force reloads it and resets its passwords)
  import-learners FILE.csv             load Learner Register records from an LRB-layout CSV (plus MasterULN)
  grow-learners N                      make sure the first N synthetic learners are on the register, adding only the
                                       missing ones (users, passwords and other learners are left alone)
  export-learners [--count N] [--out FILE.csv]
                                       write learners of the register (all, or the first N by ULN) as a verify-learner
                                       batch file (to stdout without --out)
  load-synonyms FILE.csv               replace the given-name synonyms (name1,relationship,name2)
  load-prohibited-postcodes FILE.csv   replace the prohibited postcode list (column "postcode")
  load-prohibited-text FILE.csv        replace the prohibited text list (column "phrase")
  sync-qualifications [--base URL] [--limit N]
                                       fetch the Ofqual Register's qualifications (an interrupted run resumes)
  import-qualifications FILE.csv [--register ofqual|qiw]
                                       load qualifications from the Ofqual Register's CSV download, or from a
                                       Qualifications in Wales export (qiw: docs/decisions/0062-qualification-register.md)
  edc-monthly-report [--month yyyy-mm] email each AO's EDC resolver its open data challenges (once per AO and month)
  create-operator --given-name G --family-name F --email E [--ukprn U --organisation-name N]
                                       an operator of the service, with a one-time password shown once; the
                                       operator organisation is made too when there is none (then give its UKPRN and name)

  submit-batch FILE --type VERIFY_LEARNER|ACHIEVEMENT [--format CSV|XML] [--url URL] [--user NAME] [--out FILE]
               [--json] [--no-wait] [--timeout SECONDS] [--cancel-on-exit]
                                       upload a batch file to a running gateway (password in LRS_PASSWORD),
                                       show the job's progress and write its output file (submit-batch --help:
                                       the JSON lines, what each count means, the exit codes)
  follow-batch JOB_ID [--json] [--timeout SECONDS] [--out FILE]
                                       follow a job submitted earlier to its end and write its output file

Settings come from the environment (DATABASE_URL and the rest; see docs/configuration.md).`;

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (!command || command === 'help' || command === '--help') {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  // submit-batch talks to a running gateway over HTTP: it needs no database of its own.
  if (command === 'submit-batch' || command === 'follow-batch') return submitBatch(args, process.env, command);
  const config = loadConfig();
  const dataSource = await openDataSource(config.databaseUrl, DATA_SOURCE_PARTS);
  try {
    await underStartupLock(dataSource, config.startupLockTimeoutSeconds, () => migrate(dataSource));
    const db = new Database(dataSource);
    const audit = new AuditTrail(db, systemClock);
    const file = args.find((a) => !a.startsWith('--'));
    const needFile = () => {
      if (!file) throw new Error(`${command} needs a file`);
      return file;
    };
    switch (command) {
      case 'migrate':
        console.log('migrations applied');
        return 0;
      case 'seed': {
        const report = await seedCompatibilityData(
          db,
          {
            hasher: new PasswordHasher(config.scryptCost),
            seal: config.passwordDigestKey ? new PasswordSeal(config.passwordDigestKey) : undefined,
            clock: systemClock,
            syntheticLearnerCount: config.syntheticLearnerCount,
          },
          args.includes('--force'),
        );
        console.log(report.seeded ? `seeded: ${JSON.stringify(report)}` : 'already seeded (use --force to reload)');
        return 0;
      }
      case 'import-learners': {
        const referenceData = new ReferenceData(db, new ChangeCounters(db));
        const progress = progressBar('import-learners');
        const report = await importLearnersCsv(db, needFile(), {
          referenceData,
          clock: systemClock,
          audit,
          onProgress: ({ rows, bytes, size }) => progress.update({ done: bytes, total: size, rows }),
        }).finally(() => progress.stop());
        console.log(`rows read: ${report.rows}, imported: ${report.imported}, rejected: ${report.rejected.length}`);
        for (const rejected of report.rejected) {
          const reasons = rejected.problems.map((p) => `${p.field} ${p.code}: ${p.detail}`).join('; ');
          console.log(`  line ${rejected.line}${rejected.uln ? ` (ULN ${rejected.uln})` : ''}: ${reasons}`);
        }
        return report.rejected.length === 0 ? 0 : 3;
      }
      case 'grow-learners': {
        const wanted = Number(file);
        if (!file || !Number.isInteger(wanted) || wanted < 0 || wanted > MAX_SYNTHETIC_LEARNERS) {
          throw new Error(`grow-learners needs the number of synthetic learners wanted (0 to ${MAX_SYNTHETIC_LEARNERS})`);
        }
        const progress = progressBar('grow-learners');
        const report = await growSyntheticLearners(db, wanted, (r) =>
          progress.update({ done: r.added + r.alreadyThere, total: wanted, rows: r.added + r.alreadyThere }),
        ).finally(() => progress.stop());
        console.log(`synthetic learners wanted: ${report.wanted}, added: ${report.added}, already there: ${report.alreadyThere}`);
        return 0;
      }
      case 'export-learners': {
        const countOption = option(args, '--count');
        const count = countOption === undefined ? undefined : Number(countOption);
        if (count !== undefined && !(Number.isInteger(count) && count > 0))
          throw new Error('--count needs a whole number above 0');
        const out = option(args, '--out');
        const file = verifyFileOfLearners(new LearnerRegister(db), count);
        await pipeline(file.content, out ? fs.createWriteStream(out) : process.stdout);
        if (out) console.log(`${file.rows()} learners written to ${out} (verify-learner batch layout)`);
        return 0;
      }
      case 'load-synonyms': {
        const pairs = readSynonymPairs(needFile());
        await db.transaction(() => new ReferenceListStore(db).replaceSynonyms(pairs));
        console.log(`${pairs.length} synonym pairs loaded`);
        return 0;
      }
      case 'load-prohibited-postcodes': {
        const { postcodes, rejected } = readPostcodes(needFile());
        await db.transaction(() => new ReferenceListStore(db).replaceProhibitedPostcodes(postcodes));
        console.log(`${postcodes.length} postcodes loaded; ${rejected.length} rows were not postcodes: ${rejected.join(', ')}`);
        return rejected.length === 0 ? 0 : 3;
      }
      case 'load-prohibited-text': {
        const phrases = readPhrases(needFile());
        await db.transaction(() => new ReferenceListStore(db).replaceProhibitedText(phrases));
        console.log(`${phrases.length} phrases loaded`);
        return 0;
      }
      case 'sync-qualifications': {
        const limit = option(args, '--limit');
        const client = new OfqualRegisterClient({ baseUrl: option(args, '--base') });
        const report = await syncQualifications(db, client, { audit, limit: limit === undefined ? undefined : Number(limit) });
        const resumed = report.resumedFromPage ? ` (resumed at page ${report.resumedFromPage})` : '';
        console.log(
          `pages fetched: ${report.pagesFetched}${resumed}, received: ${report.received} of ${report.total}, ` +
            `upserted: ${report.upserted}, skipped: ${report.skipped.length}, in ${report.durationMs} ms`,
        );
        if (!report.complete) console.log('  stopped before the last page; run again to continue');
        printSkipped(report.skipped);
        return report.complete && report.skipped.length === 0 ? 0 : 3;
      }
      case 'import-qualifications': {
        const register = option(args, '--register') ?? 'ofqual';
        if (register !== 'ofqual' && register !== 'qiw') throw new Error('--register is ofqual or qiw');
        const report = await importQualificationsCsv(db, needFile(), { audit, register });
        console.log(
          `rows read: ${report.rows}, upserted: ${report.upserted}, skipped: ${report.skipped.length}, ` +
            `dates read ${report.dateOrder}, in ${report.durationMs} ms`,
        );
        printSkipped(report.skipped);
        return report.skipped.length === 0 ? 0 : 3;
      }
      case 'create-operator': {
        const created = await createOperatorCommand(db, audit, config, args);
        for (const line of created) console.log(line);
        return 0;
      }
      case 'edc-monthly-report': {
        const report = await edcMonthlyReportCommand({ db, audit, clock: systemClock, config }, option(args, '--month'));
        for (const line of report.lines) console.log(line);
        return report.exitCode;
      }
      default:
        console.error(`Unknown command "${command}".\n\n${USAGE}`);
        return 2;
    }
  } finally {
    await dataSource.destroy();
  }
}

function printSkipped(skipped: SkippedRecord[]): void {
  for (const s of skipped) console.log(`  ${s.line === undefined ? '' : `line ${s.line} `}${s.number}: ${s.reason}`);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(
      isDomainError(error) ? `${error.code}: ${error.message}` : error instanceof Error ? error.message : String(error),
    );
    process.exit(1);
  },
);
