import type { DataSource } from 'typeorm';
import { AchievementService } from '../../src/achievements/achievement.service';
import { AchievementStore } from '../../src/achievements/achievement.store';
import { QualificationStore } from '../../src/achievements/qualification.store';
import { DataChallengeService } from '../../src/data-challenges/data-challenge.service';
import { DataChallengeStore } from '../../src/data-challenges/data-challenge.store';
import { edcMonthlyReportCommand } from '../../src/data-challenges/monthly-report.command';
import { MonthlyReport } from '../../src/data-challenges/monthly-report';
import { MonthlyReportSchedule } from '../../src/data-challenges/report-schedule';
import { LearnerRegister } from '../../src/learners/learner-register';
import { ReferenceData } from '../../src/learners/reference-data';
import { ChangeCounters } from '../../src/platform/cache/change-counters';
import { AuditTrail } from '../../src/platform/audit/audit-trail';
import type { CallContext } from '../../src/platform/call-context';
import { fixedClock, systemClock } from '../../src/platform/clock';
import { Database } from '../../src/platform/database';
import { testLogger } from '../support/log-capture';
import { MailDelivery, smtpTransport } from '../../src/platform/mail/mail-delivery';
import { Outbox } from '../../src/platform/mail/outbox';
import { eachDatabase } from '../support/databases';
import { principalOf, seedTestData } from '../support/seeded';
import { type ReceivedMail, SmtpSink } from '../support/smtp-sink';

const clock = fixedClock('2026-11-28T12:00:00Z');
const DESK = 'service-desk@lrs.test.invalid';
const AO_ONE_RESOLVER = 'edc-resolver.aob001@compatibilitytest.example';
const AO_TWO_RESOLVER = 'edc-resolver.aob002@compatibilitytest.example';
const UK = { day: 1, time: '06:00', timeZone: 'Europe/London' };
const logger = testLogger();
const deliveryOptions = { intervalMs: 50, batchSize: 5, leaseMs: 60_000, maxAttempts: 10, baseBackoffMs: 1, maxBackoffMs: 5 };

/** The text of a received mail: headers unfolded, quoted-printable undone. */
function textOf(mail: ReceivedMail): string {
  return mail.raw
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    .replace(/\r?\n[ \t]+/g, ' ');
}

function subjectOf(mail: ReceivedMail): string {
  return /^Subject: (.*)$/m.exec(textOf(mail))?.[1].trim() ?? '';
}

/** The base64 attachments of a received mail, decoded, by file name. */
function attachmentsOf(mail: ReceivedMail): Record<string, string> {
  const found: Record<string, string> = {};
  const unfolded = mail.raw.replace(/\r?\n[ \t]+/g, ' ');
  for (const m of unfolded.matchAll(/Content-Disposition: attachment; filename=([^\r\n]+)\r?\n\r?\n([A-Za-z0-9+/=\r\n]+)/g)) {
    found[m[1].replace(/"/g, '')] = Buffer.from(m[2].replace(/\s/g, ''), 'base64').toString('utf8');
  }
  return found;
}

describe.each(eachDatabase())('data challenge notifications on %s', (_name, database) => {
  let dataSource: DataSource;
  let db: Database;
  let outbox: Outbox;
  let challenges: DataChallengeService;
  let achievements: AchievementService;
  let report: MonthlyReport;
  const sink = new SmtpSink();
  const as: Record<string, CallContext> = {};
  const deliverer = () =>
    new MailDelivery(outbox, smtpTransport(sink.url, 'LRS Gateway <no-reply@test.invalid>'), logger, deliveryOptions);
  const deliverAll = async () => {
    const delivery = deliverer();
    const sent = await delivery.deliverDue();
    await delivery.stop();
    return sent;
  };
  const received = (subject: string) => sink.received.filter((m) => subjectOf(m) === subject);

  beforeAll(async () => {
    dataSource = await database.open();
    await seedTestData(dataSource, clock);
    db = new Database(dataSource);
    const audit = new AuditTrail(db, clock);
    const learners = new LearnerRegister(db);
    // Delivery runs on real time (retries wait for their backoff); the use cases on the fixed clock.
    outbox = new Outbox(db, systemClock);
    const store = new DataChallengeStore(db);
    challenges = new DataChallengeService(db, store, new AchievementStore(db), learners, outbox, audit, clock, {
      serviceDeskEmail: DESK,
      assignment: 'automatic',
    });
    const qualifications = new QualificationStore(db);
    achievements = new AchievementService(
      db,
      new AchievementStore(db),
      learners,
      qualifications,
      new ReferenceData(db, new ChangeCounters(db)),
      audit,
      clock,
      {
        acceptPossibleMatch: false,
      },
    );
    report = new MonthlyReport(db, store, outbox, audit, clock, DESK);
    for (const username of ['lena.lowe', 'quentin.quinn', 'nadia.novak']) {
      as[username] = {
        principal: await principalOf(dataSource, username),
        correlationId: `test-${username}`,
        surface: 'soap-ao',
      };
    }
    await sink.start();
  });
  afterAll(async () => {
    await sink.stop();
    await database.drop();
  });

  /** An achievement challenged by the school: AO One's A level unless AO Two's diploma is asked for. */
  async function raised(awardDate: string, ao: 'one' | 'two' = 'one') {
    const learner = { uln: '2000000087', givenName: 'James', familyName: 'Smith' };
    const aimReference = ao === 'one' ? '603/5678/9' : '604/6061/1';
    await achievements.create(
      { learner, aimReference, awardDate, grade: ao === 'one' ? 'C' : 'Pass' },
      as[ao === 'one' ? 'quentin.quinn' : 'nadia.novak'],
    );
    return challenges.raise(
      {
        uln: learner.uln,
        aimReference,
        awardDate,
        type: 'INFORMATION_WRONG',
        problemType: 'GRADE_WRONG',
        description: 'B, not C',
      },
      as['lena.lowe'],
    );
  }

  test("a new challenge reaches the AO's resolver; its resolution reaches the service desk", async () => {
    const { id } = await raised('2024-09-01');
    expect(await deliverAll()).toBe(1);
    const [newMail] = received(`New event data challenge ${id} for Compat Awarding Body One`);
    expect(newMail.to).toEqual([AO_ONE_RESOLVER]);
    expect(textOf(newMail)).toContain('603/5678/9 Compat GCE A Level in History');
    expect(textOf(newMail)).toContain('Raised by: Compat Test School (UKPRN 10099903)');
    expect(textOf(newMail)).not.toContain('2000000087');

    await challenges.setInProgress([id], as['quentin.quinn']);
    await challenges.update({ id, status: 'RESOLVED_REJECTED', comment: 'Our records show grade C' }, as['quentin.quinn']);
    expect(await deliverAll()).toBe(1);
    const [resolution] = received(`Event data challenge ${id} RESOLVED_REJECTED`);
    expect(resolution.to).toEqual([DESK]);
    expect(textOf(resolution)).toContain('Our records show grade C');
    expect(textOf(resolution)).toContain('Compat Awarding Body One (UKPRN 10099901) has resolved');
  });

  test('without a nominated resolver the most recently active super user is told (guide 3.1), else the service desk', async () => {
    await dataSource.query("UPDATE organisations SET edc_resolver_email = NULL WHERE ukprn = '10099902'");
    const signedIn = (username: string, at: string) =>
      dataSource.query('UPDATE users SET last_login_at = ? WHERE username = ?', [at, username]);
    try {
      await signedIn('owen.oakley', '2026-11-20 09:00:00.000');
      await signedIn('nadia.novak', '2026-11-27 09:00:00.000');
      const first = await raised('2024-09-02', 'two');
      await signedIn('owen.oakley', '2026-11-28 08:00:00.000');
      const second = await raised('2024-08-04', 'two');
      await dataSource.query("UPDATE users SET status = 'SUSPENDED' WHERE username IN ('owen.oakley', 'nadia.novak')");
      const third = await raised('2024-08-05', 'two');
      await deliverAll();
      const to = (id: number) =>
        received(`[no EDC resolver nominated by 10099902] New event data challenge ${id} for Compat Awarding Body Two`)[0].to;
      expect([to(first.id), to(second.id), to(third.id)]).toEqual([
        ['nadia.novak@compatibilitytest.example'],
        ['owen.oakley@compatibilitytest.example'],
        [DESK],
      ]);
    } finally {
      await dataSource.query('UPDATE organisations SET edc_resolver_email = ? WHERE ukprn = ?', [AO_TWO_RESOLVER, '10099902']);
      await dataSource.query("UPDATE users SET status = 'ACTIVE' WHERE username IN ('owen.oakley', 'nadia.novak')");
      // Out of the monthly reports the later tests count.
      await dataSource.query(
        "UPDATE data_challenges SET status = 'RESOLVED_REJECTED', open_achievement_id = NULL WHERE achievement_id IN (SELECT id FROM achievements WHERE award_date IN ('2024-08-04', '2024-08-05'))",
      );
    }
  });

  test('with the SMTP server down the mail waits in the outbox, then arrives once, also after restarts', async () => {
    const port = sink.port;
    await sink.stop();
    const { id } = await raised('2024-09-03');
    expect(await deliverAll()).toBe(0);
    const [waiting] = await dataSource.query('SELECT status, attempts FROM outbox_messages WHERE dedupe_key = ?', [
      `edc-raised:${id}`,
    ]);
    expect(waiting).toMatchObject({ status: 'PENDING', attempts: 1 });
    await sink.start(port);
    await new Promise((resolve) => setTimeout(resolve, 20)); // past the (tiny) backoff
    expect(await deliverAll()).toBe(1);
    expect(await deliverAll()).toBe(0); // a restarted process finds nothing left to send
    expect(received(`New event data challenge ${id} for Compat Awarding Body One`)).toHaveLength(1);
  });

  test('the monthly report: one message per AO with its open challenges as CSV, never twice for a month', async () => {
    const aoTwo = await raised('2024-09-04', 'two');
    const first = await report.run('2026-12');
    expect(first.organisations.map((o) => [o.ukprn, o.to, o.queued])).toEqual([
      ['10099901', AO_ONE_RESOLVER, true],
      ['10099902', AO_TWO_RESOLVER, true],
    ]);
    const again = await report.run('2026-12');
    expect(again.organisations.every((o) => !o.queued)).toBe(true);
    await deliverAll();

    const [aoOneMail] = received('Open event data challenges for Compat Awarding Body One, 2026-12: 1');
    expect(aoOneMail.to).toEqual([AO_ONE_RESOLVER]);
    const csv = attachmentsOf(aoOneMail)['open-data-challenges-10099901-2026-12.csv'];
    const rows = csv.trimEnd().split('\r\n');
    expect(rows[0]).toBe(
      'Id,Status,Type,ProblemType,ULN,AimReference,Title,AwardDate,RaisedByUKPRN,RaisedByOrganisation,RaisedAt,LastChangedAt,DaysOpen',
    );
    // The rejected challenge of the first test is resolved; the one raised while SMTP was down is open.
    expect(rows.slice(1).map((r) => r.split(',').slice(1, 8))).toEqual([
      ['NEW', 'INFORMATION_WRONG', 'GRADE_WRONG', '2000000087', '603/5678/9', 'Compat GCE A Level in History', '2024-09-03'],
    ]);
    const [aoTwoMail] = received('Open event data challenges for Compat Awarding Body Two, 2026-12: 2');
    expect(aoTwoMail.to).toEqual([AO_TWO_RESOLVER]);
    const aoTwoRows = attachmentsOf(aoTwoMail)['open-data-challenges-10099902-2026-12.csv'].trimEnd().split('\r\n');
    expect(aoTwoRows.slice(1).map((r) => Number(r.split(',')[0]))).toContain(aoTwo.id);
    expect(sink.received.filter((m) => subjectOf(m).startsWith('Open event data challenges'))).toHaveLength(2);
  });

  test('the schedule: two processes at 06:00 on the 1st send one report per AO; a restart sends none', async () => {
    const at = fixedClock('2027-02-01T06:00:30Z');
    const scheduled = new MonthlyReport(db, new DataChallengeStore(db), outbox, new AuditTrail(db, at), at, DESK);
    const processes = [1, 2].map(() => new MonthlyReportSchedule((month) => scheduled.run(month), UK, at, logger));
    for (const p of processes) p.start();
    await Promise.all(processes.map((p) => p.inFlight));
    await Promise.all(processes.map((p) => p.stop()));
    const keys = async () =>
      (
        await dataSource.query(
          "SELECT dedupe_key FROM outbox_messages WHERE dedupe_key LIKE 'edc-monthly:%:2027-02' ORDER BY dedupe_key",
        )
      ).map((r: { dedupe_key: string }) => r.dedupe_key);
    expect(await keys()).toEqual(['edc-monthly:10099901:2027-02', 'edc-monthly:10099902:2027-02']);

    const restarted = new MonthlyReportSchedule((month) => scheduled.run(month), UK, fixedClock('2027-02-01T08:00:00Z'), logger);
    restarted.start();
    await restarted.inFlight;
    await restarted.stop();
    expect(await keys()).toHaveLength(2);

    let ran = false;
    const midMonth = new MonthlyReportSchedule(async () => (ran = true), UK, fixedClock('2027-02-14T06:00:00Z'), logger);
    midMonth.start();
    await midMonth.stop();
    expect(ran).toBe(false);
  });

  test('the CLI command queues the month it is asked for and delivers it', async () => {
    const config = {
      serviceDeskEmail: DESK,
      edcReportTimeZone: 'Europe/London',
      smtpUrl: sink.url,
      mailFrom: 'LRS Gateway <no-reply@test.invalid>',
      mailDir: '/nonexistent',
      mailMaxAttempts: 3,
      logLevel: 'error' as const,
    };
    const audit = new AuditTrail(db, clock);
    const run = () => edcMonthlyReportCommand({ db, audit, clock, config }, '2027-03');
    const first = await run();
    expect(first.lines[0]).toMatch(
      /^monthly data challenge report for 2027-03: 2 awarding organisation\(s\) with open challenges, 2 report\(s\) queued now; \d+ message\(s\) delivered/,
    );
    expect(first.lines.slice(1)).toEqual([
      `  10099901 Compat Awarding Body One: 1 open, queued for ${AO_ONE_RESOLVER}`,
      `  10099902 Compat Awarding Body Two: 2 open, queued for ${AO_TWO_RESOLVER}`,
    ]);
    const second = await run();
    expect(second.lines[1]).toContain('already queued earlier');
    expect(sink.received.filter((m) => subjectOf(m).includes(', 2027-03: '))).toHaveLength(2);
    expect(await edcMonthlyReportCommand({ db, audit, clock, config }, '2027-3').catch((e: Error) => e.message)).toContain(
      '--month must be yyyy-mm',
    );
  });
});
