import { COMPATIBILITY_SECRET_ANSWER, COMPATIBILITY_SECRET_QUESTION } from '../../src/compatibility/compatibility-organisations';
import { admin } from '../support/admin-client';
import { eachDatabase } from '../support/databases';
import { type RunningGateway, startGateway } from '../support/running-gateway';
import {
  aoVerifyLearner,
  COMPAT_PASSWORD,
  envelope,
  lrsVerifyLearner,
  passwordTextHeader,
  postSoap,
} from '../support/soap-messages';

interface Entry {
  id: number;
  organisation: string | null;
  operation: string;
  outcome: string;
  surface: string;
  correlationId: string;
  requestBody?: string | null;
  responseBody?: string | null;
  diagnostics: { kind: string; summary: string }[];
}

const LRS_ACTION = { SOAPAction: '"http://tempuri.org/LearnerPortType/verifyLearner"' };
const SAMPLE = { uln: '1026893096', givenName: 'Sample', familyName: 'Testname' };

describe.each(eachDatabase())('the request journal on %s', (_name, database) => {
  let running: RunningGateway;
  beforeAll(async () => {
    running = await startGateway({ database });
  });
  afterAll(() => running.stop());

  /** Every exchange written so far is in the journal: the journal writes in batches. */
  const settled = () => running.gateway.journal.flush();
  const journalOf = async (user: string, query = '') => {
    await settled();
    const reply = await admin(running.baseUrl, 'GET', `/journal${query}`, { user });
    expect(reply.status).toBe(200);
    return reply.body.entries as Entry[];
  };
  const byCorrelation = async (user: string, correlationId: string) =>
    (await journalOf(user, `?correlationId=${correlationId}`))[0];
  const entry = async (user: string, id: number) => admin(running.baseUrl, 'GET', `/journal/${id}`, { user });

  test("a call is kept with both bodies, its password taken out, and read by the organisation's developer", async () => {
    const reply = await postSoap(
      `${running.baseUrl}/soap/ao`,
      envelope(aoVerifyLearner(SAMPLE), passwordTextHeader('victor.vance')),
      {
        'X-Correlation-Id': 'journal-ok-0001',
      },
    );
    expect(reply.status).toBe(200);
    const summary = await byCorrelation('dana.dixon', 'journal-ok-0001');
    expect(summary).toMatchObject({ organisation: '10099901', operation: 'VerifyLearner', outcome: 'OK', surface: 'soap-ao' });
    const full = await entry('dana.dixon', summary.id);
    expect(full.status).toBe(200);
    expect(full.body.requestBody).toContain('<ao:ULN>1026893096</ao:ULN>');
    expect(full.body.requestBody).not.toContain(COMPAT_PASSWORD);
    expect(full.body.responseBody).toContain('WSVRC001');
  });

  test('children qualified where the LRS contract wants them unqualified: refused, kept, and explained', async () => {
    const qualified = lrsVerifyLearner(SAMPLE).replace(/<(\/?)(UKPRN|OrgPassword|UserName|LearnerToVerify)>/g, '<$1rep:$2>');
    const reply = await postSoap(`${running.baseUrl}/LearnerService.svc`, envelope(qualified), {
      ...LRS_ACTION,
      'X-Correlation-Id': 'journal-qualified-01',
    });
    expect(reply.status).toBe(500);
    const kept = await byCorrelation('dana.dixon', 'journal-qualified-01');
    expect(kept.outcome).toBe('MESSAGE_INVALID');
    expect(kept.diagnostics[0].kind).toBe('QUALIFIED_WHERE_UNQUALIFIED');
    const full = await entry('dana.dixon', kept.id);
    expect(full.body.requestBody).not.toContain('AO1WebService#01');
  });

  test('a wrong OrgPassword is told to the organisation as such, and the caller is told no more than before', async () => {
    const reply = await postSoap(
      `${running.baseUrl}/LearnerService.svc`,
      envelope(lrsVerifyLearner(SAMPLE, { orgPassword: 'WrongPassword#00' })),
      { ...LRS_ACTION, 'X-Correlation-Id': 'journal-orgpass-01' },
    );
    expect(reply.status).toBe(500);
    expect(reply.body).not.toContain('OrgPassword');
    const kept = await byCorrelation('dana.dixon', 'journal-orgpass-01');
    expect(kept.diagnostics[0]).toMatchObject({ kind: 'AUTHENTICATION' });
    expect(kept.diagnostics[0].summary).toContain('web-services password');
    const full = await entry('dana.dixon', kept.id);
    expect(full.body.requestBody).not.toContain('WrongPassword#00');
  });

  test("another organisation's developer sees none of it, not even by id", async () => {
    const ours = await journalOf('dana.dixon');
    expect(ours.length).toBeGreaterThan(0);
    const theirs = await journalOf('devon.drake');
    expect(theirs.map((e) => e.organisation).filter((o) => o !== '10099903')).toEqual([]);
    const probe = await entry('devon.drake', ours[0].id);
    expect(probe.status).toBe(404);
    expect(probe.body.error?.code).toBe('JOURNAL_ENTRY_NOT_FOUND');
    const other = await admin(running.baseUrl, 'GET', '/journal?organisation=10099901', { user: 'devon.drake' });
    expect(other.body.error?.code).toBe('ROLE_REQUIRED');
  });

  test('a user without the developer or super user role may not read it', async () => {
    const reply = await admin(running.baseUrl, 'GET', '/journal', { user: 'victor.vance' });
    expect(reply.body.error?.code).toBe('ROLE_REQUIRED');
  });

  test('admin API exchanges are kept too, their secrets taken out; reading the journal is not', async () => {
    const reply = await admin(running.baseUrl, 'PUT', '/self/secret-question', {
      user: 'alice.archer',
      body: { question: COMPATIBILITY_SECRET_QUESTION, answer: COMPATIBILITY_SECRET_ANSWER },
    });
    expect(reply.status).toBe(200);
    const kept = (await journalOf('alice.archer', '?surface=admin')).filter((e) => e.operation !== 'GET /journal');
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.some((e) => e.operation.startsWith('GET /journal'))).toBe(false);
    const full = await entry('alice.archer', kept[0].id);
    expect(JSON.stringify(full.body)).not.toContain(COMPATIBILITY_SECRET_ANSWER);
    expect(JSON.stringify(full.body)).not.toContain(COMPAT_PASSWORD);
  });

  test('filters: outcome REFUSED, operation, and following live with afterId', async () => {
    const refused = await journalOf('dana.dixon', '?outcome=REFUSED');
    expect(refused.length).toBeGreaterThanOrEqual(2);
    expect(refused.every((e) => e.outcome !== 'OK')).toBe(true);
    const newest = (await journalOf('dana.dixon'))[0].id;
    await postSoap(`${running.baseUrl}/soap/ao`, envelope(aoVerifyLearner(SAMPLE), passwordTextHeader('victor.vance')));
    const after = await journalOf('dana.dixon', `?afterId=${newest}&operation=VerifyLearner`);
    expect(after.length).toBe(1);
    const bad = await admin(running.baseUrl, 'GET', '/journal?afterId=abc', { user: 'dana.dixon' });
    expect(bad.body.error?.code).toBe('REQUEST_INVALID');
  });

  test('the coverage checklist marks what was seen, with the exchange, and says what produces the rest', async () => {
    await settled();
    const reply = await admin(running.baseUrl, 'GET', '/coverage', { user: 'dana.dixon' });
    expect(reply.status).toBe(200);
    const lines = reply.body.behaviours as { operation: string; key: string; seenIn: number | null; howTo: string }[];
    const line = (operation: string, key: string) => lines.find((l) => l.operation === operation && l.key === key);
    expect(line('VerifyLearner', 'ResponseCode:WSVRC001')?.seenIn).toEqual(expect.any(Number));
    expect(line('verifyLearner', 'Fault:MESSAGE_INVALID')?.seenIn).toEqual(expect.any(Number));
    expect(line('verifyLearner', 'ResponseCode:WSVRC006')).toMatchObject({ seenIn: null });
    expect(line('verifyLearner', 'ResponseCode:WSVRC006')?.howTo).toContain('ULN');
    expect(lines.some((l) => l.operation === 'CreateAchievement')).toBe(false);
    expect(reply.body.seen).toBe(lines.filter((l) => l.seenIn !== null).length);

    const report = await fetch(`${running.baseUrl}/admin/coverage/report`, {
      headers: { Authorization: `Basic ${Buffer.from(`dana.dixon:${COMPAT_PASSWORD}`).toString('base64')}` },
    });
    expect(report.headers.get('content-type')).toContain('text/html');
    const html = await report.text();
    expect(html).toContain('Compat Awarding Body One');
    expect(html).toContain('not yet');
    expect(html).not.toMatch(/<script|<link|src=/);

    const school = await admin(running.baseUrl, 'GET', '/coverage', { user: 'devon.drake' });
    expect((school.body.behaviours as { operation: string }[]).some((l) => l.operation === 'VerifyLearner')).toBe(false);
  });

  test('an operator turns a journal off: nothing more is kept for that organisation', async () => {
    const off = await admin(running.baseUrl, 'PUT', '/organisations/10099901/journal', {
      user: 'olga.ortiz',
      body: { enabled: false },
    });
    expect(off.body).toEqual({ organisation: '10099901', enabled: false });
    const before = (await journalOf('dana.dixon'))[0].id;
    await postSoap(`${running.baseUrl}/soap/ao`, envelope(aoVerifyLearner(SAMPLE), passwordTextHeader('victor.vance')));
    expect(await journalOf('dana.dixon', `?afterId=${before}`)).toEqual([]);
    await admin(running.baseUrl, 'PUT', '/organisations/10099901/journal', { user: 'olga.ortiz', body: { enabled: true } });
    const notOperator = await admin(running.baseUrl, 'PUT', '/organisations/10099901/journal', {
      user: 'alice.archer',
      body: { enabled: false },
    });
    expect(notOperator.body.error?.code).toBe('ROLE_REQUIRED');
  });
});
