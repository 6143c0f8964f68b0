import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import * as soap from 'soap';
import { eachDatabase } from '../support/databases';
import { type RunningGateway, startGateway } from '../support/running-gateway';
import { COMPAT_PASSWORD } from '../support/soap-messages';

const execFileAsync = promisify(execFile);

/** Today's date from the gateway's point of view: awards must not be after it. */
const AWARD_DATE = '2025-06-20';

interface JourneyLine {
  step: string;
  status?: string;
  grade?: string;
  events?: number;
  fault?: string;
  totalCredits?: number;
}

const EXPECTED: JourneyLine[] = [
  { step: 'create', status: 'ACTIVE', grade: 'C', events: 1 },
  { step: 'find', status: 'ACTIVE', grade: 'C', events: 1 },
  { step: 'update', status: 'ACTIVE', grade: 'B', events: 2 },
  { step: 'withdraw', status: 'WITHDRAWN', grade: 'B', events: 3 },
  { step: 'update-withdrawn', fault: 'ACHIEVEMENT_WITHDRAWN' },
  { step: 'reinstate', status: 'ACTIVE', grade: 'B', events: 4 },
  { step: 'withdraw-by-other-ao', fault: 'ACHIEVEMENT_NOT_FOUND' },
];

describe.each(eachDatabase())('an achievement journey over SOAP on %s', (_name, database) => {
  let running: RunningGateway;
  beforeAll(async () => {
    running = await startGateway({ database });
  });
  afterAll(() => running.stop());

  test('node-soap client: create, find, update, withdraw, refused update, reinstate, refused by another AO', async () => {
    const clientFor = async (username: string) => {
      const client = await soap.createClientAsync(`${running.baseUrl}/soap/ao?wsdl`);
      client.setSecurity(new soap.WSSecurity(username, COMPAT_PASSWORD, { passwordType: 'PasswordText', hasTimeStamp: false }));
      return client;
    };
    const aoOne = await clientFor('quentin.quinn');
    const aoTwo = await clientFor('nadia.novak');
    const learner = { ULN: '2000000087', GivenName: 'James', FamilyName: 'Smith' };
    const key = { ...learner, AimReference: '603/5678/9', AwardDate: AWARD_DATE };
    const answeredReferences: (string | undefined)[] = [];
    const run = async (
      step: string,
      call: () => Promise<[{ Achievement?: { Status: string; Grade: string; Event: unknown[]; AimReference: string } }]>,
    ) => {
      try {
        const [reply] = await call();
        const a = reply.Achievement;
        answeredReferences.push(a?.AimReference);
        return { step, status: a?.Status, grade: a?.Grade, events: a ? [a.Event].flat().length : undefined };
      } catch (error) {
        const body = (error as { body?: string }).body ?? '';
        return { step, fault: /<ao:Code>([A-Z_]+)<\/ao:Code>/.exec(body)?.[1] ?? String(error) };
      }
    };
    const lines = [
      await run('create', () =>
        aoOne.CreateAchievementAsync({
          Learner: learner,
          Achievement: { AimReference: '603/5678/9', AwardDate: AWARD_DATE, Grade: 'C' },
        }),
      ),
      await run('find', () => aoOne.FindAchievementAsync({ Key: key })),
      await run('update', () => aoOne.UpdateAchievementAsync({ Key: key, Changes: { Grade: 'B' }, ActionDate: '2026-11-01' })),
      await run('withdraw', () =>
        aoOne.WithdrawAchievementAsync({ Key: key, ActionDate: '2026-11-02', ActionReason: 'ACHINVALID' }),
      ),
      await run('update-withdrawn', () =>
        aoOne.UpdateAchievementAsync({ Key: key, Changes: { Grade: 'A' }, ActionDate: '2026-11-03' }),
      ),
      await run('reinstate', () =>
        aoOne.ReinstateAchievementAsync({ Key: key, ActionDate: '2026-11-04', ActionReason: 'SUBINERROR' }),
      ),
      await run('withdraw-by-other-ao', () =>
        aoTwo.WithdrawAchievementAsync({ Key: key, ActionDate: '2026-11-05', ActionReason: 'SUBINERROR' }),
      ),
    ];
    expect(lines.map((l) => Object.fromEntries(Object.entries(l).filter(([, v]) => v !== undefined)))).toEqual(EXPECTED);
    // Sent as 603/5678/9, answered as 603/5678/9; sent in the 8-character form, answered in it.
    expect(answeredReferences.filter((r) => r !== undefined)).toEqual(Array(5).fill('603/5678/9'));
    const [byEightCharacters] = await aoOne.FindAchievementAsync({ Key: { ...key, AimReference: '60356789' } });
    expect(byEightCharacters.Achievement.AimReference).toBe('60356789');
  });

  test('zeep: the same journey, then a credit check', async () => {
    const script = path.join(__dirname, '..', 'interop', 'achievement_journey_zeep.py');
    const { stdout } = await execFileAsync(
      '/usr/bin/python3',
      [script, running.baseUrl, '2000000222', 'Sally Ann', 'Jones', AWARD_DATE],
      {
        timeout: 60_000,
      },
    ).catch((error: { code?: number; stderr?: string }) => {
      throw new Error(
        error.code === 3 ? `zeep missing: apt-get install python3-zeep\n${error.stderr}` : String(error.stderr ?? error),
      );
    });
    const lines: JourneyLine[] = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.slice(0, EXPECTED.length)).toEqual(EXPECTED);
    expect(lines[EXPECTED.length]).toMatchObject({ step: 'credit-check', totalCredits: 0 });
  });
});
