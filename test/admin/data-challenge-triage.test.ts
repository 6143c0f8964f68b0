import type { CallContext } from '../../src/platform/call-context';
import { admin } from '../support/admin-client';
import { eachDatabase } from '../support/databases';
import { type RunningGateway, startGateway } from '../support/running-gateway';
import { principalOf } from '../support/seeded';
import { allTexts, envelope, firstText, passwordTextHeader, postSoap } from '../support/soap-messages';
import { codeOf } from './users-helpers';

const OLGA = { user: 'olga.ortiz' };
const JAMES = { uln: '2000000087', givenName: 'James', familyName: 'Smith' };
const AO_ONE_RESOLVER = 'edc-resolver.aob001@compatibilitytest.example';
const AO_TWO_RESOLVER = 'edc-resolver.aob002@compatibilitytest.example';

describe.each(eachDatabase())('the triage of event data challenges (guide 6.1), on %s', (_name, database) => {
  let running: RunningGateway;
  const as: Record<string, CallContext> = {};
  beforeAll(async () => {
    running = await startGateway({ database, env: { EDC_ASSIGNMENT: 'triage', EDC_REPORT_SCHEDULE: 'off' } });
    for (const username of ['lena.lowe', 'quentin.quinn', 'nadia.novak']) {
      as[username] = {
        principal: await principalOf(running.gateway.dataSource, username),
        correlationId: 'triage',
        surface: 'soap-ao',
      };
    }
  });
  afterAll(() => running.stop());

  const challenges = () => running.gateway.dataChallenges.service;
  /** An AO One achievement of James Smith's challenged by the school; the challenge's id. */
  async function raised(awardDate: string): Promise<number> {
    await running.gateway.achievements.create(
      { learner: JAMES, aimReference: '603/5678/9', awardDate, grade: 'C' },
      as['quentin.quinn'],
    );
    const challenge = await challenges().raise(
      {
        uln: JAMES.uln,
        aimReference: '603/5678/9',
        awardDate,
        type: 'INFORMATION_WRONG',
        problemType: 'GRADE_WRONG',
        description: 'The grade is B, not C',
      },
      as['lena.lowe'],
    );
    return challenge.id;
  }
  const mailsFor = async (id: number) =>
    (await running.gateway.dataSource.query(
      'SELECT recipient, dedupe_key FROM outbox_messages WHERE dedupe_key LIKE ? ORDER BY id',
      [`edc-%:${id}%`],
    )) as { recipient: string; dedupe_key: string }[];
  const aoSees = async (username: string, id: number) =>
    challenges()
      .get(id, as[username])
      .then(
        () => true,
        () => false,
      );
  const triage = (id: number, action: string, body: unknown) =>
    admin(running.baseUrl, 'POST', `/data-challenges/${id}/${action}`, { ...OLGA, body });

  test('a raised challenge waits for an operator; only once assigned is the AO told, and a reassignment tells the new AO', async () => {
    const id = await raised('2024-03-01');
    expect(await mailsFor(id)).toEqual([]);
    expect(await aoSees('quentin.quinn', id)).toBe(false);
    expect((await challenges().list({ status: 'AWAITING_TRIAGE' }, as['quentin.quinn'])).total).toBe(0);
    const waiting = await admin(running.baseUrl, 'GET', '/data-challenges/awaiting-triage', OLGA);
    expect(waiting.body).toMatchObject({
      total: 1,
      items: [
        {
          id,
          status: 'AWAITING_TRIAGE',
          description: 'The grade is B, not C',
          raisedBy: { ukprn: '10099903', username: 'lena.lowe' },
          assignedTo: { ukprn: '10099901' },
        },
      ],
    });

    const assigned = await triage(id, 'assign', { comment: 'Valid: grade dispute' });
    expect(assigned.body).toMatchObject({ id, status: 'NEW', assignedTo: { ukprn: '10099901' } });
    expect(await mailsFor(id)).toEqual([{ recipient: AO_ONE_RESOLVER, dedupe_key: `edc-raised:${id}` }]);
    expect(await aoSees('quentin.quinn', id)).toBe(true);
    expect((await admin(running.baseUrl, 'GET', '/data-challenges/awaiting-triage', OLGA)).body).toMatchObject({ total: 0 });

    const moved = await triage(id, 'reassign', { ukprn: '10099902', comment: 'The other AO awarded it' });
    expect(moved.body).toMatchObject({ status: 'NEW', assignedTo: { ukprn: '10099902' } });
    expect(await aoSees('quentin.quinn', id)).toBe(false);
    expect(await aoSees('nadia.novak', id)).toBe(true);
    const mails = await mailsFor(id);
    expect(mails.map((m) => m.recipient)).toEqual([AO_ONE_RESOLVER, AO_TWO_RESOLVER]);

    const audited = await running.gateway.dataSource.query(
      'SELECT operation, outcome, username FROM audit_entries WHERE subject = ? ORDER BY id',
      [`edc/${id}`],
    );
    expect(audited.filter((a: { username: string }) => a.username === 'olga.ortiz')).toEqual([
      { operation: 'AssignDataChallenge', outcome: 'NEW', username: 'olga.ortiz' },
      { operation: 'ReassignDataChallenge', outcome: 'NEW', username: 'olga.ortiz' },
    ]);
  });

  test('a challenge rejected as invalid never reaches the AO, and the raiser reads the reason over SOAP', async () => {
    const id = await raised('2024-03-02');
    const rejected = await triage(id, 'reject', { reason: 'The grade on the PLR is the one awarded' });
    expect(rejected.body).toMatchObject({ status: 'REJECTED_INVALID' });
    expect(await mailsFor(id)).toEqual([]);
    expect(await aoSees('quentin.quinn', id)).toBe(false);

    const body = `<ao:GetDataChallenge xmlns:ao="urn:lrs-gateway:ao:1"><ao:Id>${id}</ao:Id></ao:GetDataChallenge>`;
    const reply = await postSoap(`${running.baseUrl}/soap/ao`, envelope(body, passwordTextHeader('lena.lowe')));
    expect(reply.status).toBe(200);
    expect(firstText(reply.body, 'Status')).toBe('REJECTED_INVALID');
    expect(allTexts(reply.body, 'Text')).toEqual(['The grade on the PLR is the one awarded']);

    // A rejected challenge is closed: the achievement may be challenged again.
    const again = await challenges().raise(
      {
        uln: JAMES.uln,
        aimReference: '603/5678/9',
        awardDate: '2024-03-02',
        type: 'INFORMATION_WRONG',
        problemType: 'GRADE_WRONG',
        description: 'Second try',
      },
      as['lena.lowe'],
    );
    expect(again.status).toBe('AWAITING_TRIAGE');
  });

  test.each([
    ['assigning an assigned challenge', '2024-04-01', 'assign', {}, 409, 'DATA_CHALLENGE_TRANSITION_INVALID'],
    ['reassigning to the school', '2024-04-02', 'reassign', { ukprn: '10099903' }, 400, 'DATA_CHALLENGE_ASSIGNEE_INVALID'],
    ['reassigning to an unknown UKPRN', '2024-04-03', 'reassign', { ukprn: '19999999' }, 404, 'ORGANISATION_NOT_FOUND'],
    ['rejecting without a reason', '2024-04-04', 'reject', {}, 400, 'REQUEST_INVALID'],
  ])('%s is refused, changing nothing', async (_what, awardDate, action, body, status, code) => {
    const id = await raised(awardDate);
    if (action !== 'reject') await triage(id, 'assign', {});
    const before = await challenges().get(id, as['lena.lowe']);
    const reply = await triage(id, action, body);
    expect([reply.status, codeOf(reply)]).toEqual([status, code]);
    expect(await challenges().get(id, as['lena.lowe'])).toEqual(before);
  });

  test('only an operator triages', async () => {
    const reply = await admin(running.baseUrl, 'GET', '/data-challenges/awaiting-triage', { user: 'alice.archer' });
    expect([reply.status, codeOf(reply)]).toEqual([403, 'ROLE_REQUIRED']);
    const unknown = await triage(999_999, 'assign', {});
    expect([unknown.status, codeOf(unknown)]).toEqual([404, 'DATA_CHALLENGE_NOT_FOUND']);
  });
});
