import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { eachDatabase } from '../support/databases';
import { type RunningGateway, startGateway } from '../support/running-gateway';
import { SmtpSink } from '../support/smtp-sink';
import { allTexts, envelope, firstText, passwordTextHeader, postSoap } from '../support/soap-messages';

const execFileAsync = promisify(execFile);
const AO = 'urn:lrs-gateway:ao:1';
const DESK = 'service-desk@lrs.test.invalid';
const AO_ONE_RESOLVER = 'edc-resolver.aob001@compatibilitytest.example';
/** A past award date; the action date is today, as the gateway sees it (never after today). */
const AWARD_DATE = '2025-06-20';
const today = () => new Date().toISOString().slice(0, 10);

const EXPECTED = [
  { step: 'create', status: 'ACTIVE', grade: 'C', underDataChallenge: false },
  {
    step: 'raise',
    status: 'NEW',
    type: 'INFORMATION_WRONG',
    problemType: 'GRADE_WRONG',
    grade: 'C',
    raisedBy: 'lena.lowe',
    raisedByOrganisation: '10099903',
    assignedTo: '10099901',
    comments: [],
    actions: [],
  },
  { step: 'list', statuses: ['NEW'], total: 1 },
  { step: 'set-in-progress', statuses: ['IN_PROGRESS'] },
  { step: 'find-under-challenge', status: 'ACTIVE', grade: 'C', underDataChallenge: true },
  { step: 'update-grade', status: 'ACTIVE', grade: 'B', underDataChallenge: true },
  { step: 'resolve-without-comment', fault: 'DATA_CHALLENGE_COMMENT_REQUIRED' },
  {
    step: 'resolve',
    status: 'RESOLVED_UPHELD',
    grade: 'B',
    comments: [
      ['IN_PROGRESS', '', 'quentin.quinn'],
      ['RESOLVED_UPHELD', 'Grade corrected from C to B', 'quentin.quinn'],
    ],
    actions: ['UPDATE'],
  },
  { step: 'other-ao-reads', fault: 'DATA_CHALLENGE_NOT_FOUND' },
  { step: 'school-works', fault: 'ROLE_REQUIRED' },
  { step: 'school-reads-outcome', status: 'RESOLVED_UPHELD', grade: 'B', raisedBy: 'lena.lowe', actions: ['UPDATE'] },
  { step: 'find-after', status: 'ACTIVE', grade: 'B', underDataChallenge: false },
];

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.each(eachDatabase())('an event data challenge over SOAP on %s', (_name, database) => {
  let running: RunningGateway;
  const sink = new SmtpSink();
  const call = (username: string, operation: string, body: string) =>
    postSoap(
      `${running.baseUrl}/soap/ao`,
      envelope(`<ao:${operation} xmlns:ao="${AO}">${body}</ao:${operation}>`, passwordTextHeader(username)),
      {
        SOAPAction: `"${AO}/${operation}"`,
      },
    );

  beforeAll(async () => {
    await sink.start();
    running = await startGateway({
      database,
      env: { SMTP_URL: sink.url, MAIL_DELIVERY_INTERVAL_MS: '100', SERVICE_DESK_EMAIL: DESK, EDC_REPORT_SCHEDULE: 'off' },
    });
  });
  afterAll(async () => {
    await running.stop();
    await sink.stop();
  });

  test('zeep: raised by the school, worked and resolved upheld by the AO, the outcome read by the school; both mails sent', async () => {
    const script = path.join(__dirname, '..', 'interop', 'data_challenge_journey_zeep.py');
    const { stdout } = await execFileAsync('/usr/bin/python3', [script, running.baseUrl, AWARD_DATE, today()], {
      timeout: 60_000,
    }).catch((error: { code?: number; stderr?: string }) => {
      throw new Error(
        error.code === 3 ? `zeep missing: apt-get install python3-zeep\n${error.stderr}` : String(error.stderr ?? error),
      );
    });
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toEqual(EXPECTED.map((expected) => expect.objectContaining(expected)));
    const id = lines[1].id as number;
    expect(lines[2].ids).toEqual([id]);

    const raisedMail = await until('the new challenge mail', () =>
      sink.received.find((m) => m.raw.includes(`New event data challenge ${id} `)),
    );
    expect(raisedMail.to).toEqual([AO_ONE_RESOLVER]);
    const resolvedMail = await until('the resolution mail', () =>
      sink.received.find((m) => m.raw.includes(`Event data challenge ${id} RESOLVED_UPHELD`)),
    );
    expect(resolvedMail.to).toEqual([DESK]);
  });

  test('refusals over the wire carry their stable code; the answers that are given conform to the schema', async () => {
    const reference = `<ao:Achievement><ao:ULN>2000000087</ao:ULN><ao:AimReference>603/5678/9</ao:AimReference><ao:AwardDate>${AWARD_DATE}</ao:AwardDate></ao:Achievement>`;
    const raise = (type: string, problem: string) =>
      `${reference}<ao:Type>${type}</ao:Type><ao:ProblemType>${problem}</ao:ProblemType><ao:Description>Wrong</ao:Description>`;
    const faultOf = async (reply: Promise<{ status: number; body: string }>) => {
      const { status, body } = await reply;
      return status === 500 ? firstText(body, 'Code') : `HTTP ${status}`;
    };

    expect(await faultOf(call('quentin.quinn', 'RaiseDataChallenge', raise('INFORMATION_WRONG', 'GRADE_WRONG')))).toBe(
      'ROLE_REQUIRED',
    );
    // Appendix A: the super user role gives user management only; single-learner verification acts on no achievement.
    for (const username of ['alice.archer', 'victor.vance', 'barbara.bates']) {
      for (const [operation, body] of [
        ['ListDataChallenges', ''],
        ['GetDataChallenge', '<ao:Id>1</ao:Id>'],
        ['SetDataChallengesInProgress', '<ao:Id>1</ao:Id>'],
        ['UpdateDataChallenge', '<ao:Id>1</ao:Id><ao:Status>IN_PROGRESS</ao:Status>'],
      ]) {
        expect([username, operation, await faultOf(call(username, operation, body))]).toEqual([username, operation, 'ROLE_REQUIRED']);
      }
    }
    expect(await faultOf(call('lena.lowe', 'RaiseDataChallenge', raise('INFORMATION_WRONG', 'DISPUTED')))).toBe(
      'DATA_CHALLENGE_TYPE_MISMATCH',
    );
    expect(await faultOf(call('lena.lowe', 'RaiseDataChallenge', raise('DIFFERENT_LEARNER', 'ULN_SHARED_BY_TWO_LEARNERS')))).toBe(
      'DATA_CHALLENGE_TYPE_NOT_ALLOWED',
    );
    expect(await faultOf(call('morgan.mills', 'UpdateDataChallenge', '<ao:Id>1</ao:Id><ao:Status>CLOSED</ao:Status>'))).toBe(
      'MESSAGE_INVALID',
    );
    expect(await faultOf(call('morgan.mills', 'GetDataChallenge', '<ao:Id>987654</ao:Id>'))).toBe('DATA_CHALLENGE_NOT_FOUND');
    expect(await faultOf(call('leo.lyons', 'GetDataChallenge', '<ao:Id>1</ao:Id>'))).toBe('ROLE_REQUIRED');
    const tooMany = Array.from({ length: 101 }, (_v, i) => `<ao:Id>${i + 1}</ao:Id>`).join('');
    expect(await faultOf(call('morgan.mills', 'SetDataChallengesInProgress', tooMany))).toBe('MESSAGE_INVALID');
    const key =
      '<ao:Key><ao:ULN>2000000087</ao:ULN><ao:GivenName>James</ao:GivenName><ao:FamilyName>Smith</ao:FamilyName>' +
      `<ao:AimReference>603/5678/9</ao:AimReference><ao:AwardDate>${AWARD_DATE}</ao:AwardDate></ao:Key>`;
    expect(
      await faultOf(
        call(
          'quentin.quinn',
          'UpdateAchievement',
          `${key}<ao:Changes><ao:Grade>A</ao:Grade></ao:Changes><ao:ActionDate>${today()}</ao:ActionDate><ao:DataChallengeId>987654</ao:DataChallengeId>`,
        ),
      ),
    ).toBe('DATA_CHALLENGE_NOT_FOUND');

    const aoTwoList = await call(
      'nadia.novak',
      'ListDataChallenges',
      '<ao:Status>RESOLVED_UPHELD</ao:Status><ao:PageSize>10</ao:PageSize>',
    );
    expect(aoTwoList.status).toBe(200);
    expect(allTexts(aoTwoList.body, 'Id')).toEqual([]);
    expect(firstText(aoTwoList.body, 'TotalCount')).toBe('0');
    const aoOneList = await call('rita.reeves', 'ListDataChallenges', '<ao:Status>RESOLVED_UPHELD</ao:Status>');
    expect(allTexts(aoOneList.body, 'Id')).toHaveLength(1);
    expect(firstText(aoOneList.body, 'RaisedByOrganisationName')).toBe('Compat Test School');
  });
});
