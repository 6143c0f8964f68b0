import { admin } from '../support/admin-client';
import { type ConsoleClient as Client, ConsoleClient, formToken } from '../support/console-client';
import { eachDatabase } from '../support/databases';
import { type RunningGateway, startGateway } from '../support/running-gateway';
import { envelope, lrsVerifyLearner, postSoap } from '../support/soap-messages';
import { httpsRequest, makeTestPki, type TestPki } from '../support/test-certificates';

/**
 * The console's sessions, forms and pages over HTTP, without a browser (the browser journey is
 * console.browser.test.ts): the cookie, CSRF, lockout shared with the admin API, expiry, and each
 * page running the admin routes as its user (docs/decisions/0088-the-compatibility-console.md).
 */
const LRS_ACTION = { SOAPAction: '"http://tempuri.org/LearnerPortType/verifyLearner"' };
const SAMPLE = { uln: '1026893096', givenName: 'Sample', familyName: 'Testname' };
const START = Date.parse('2026-12-07T09:00:00Z');

describe.each(eachDatabase())('the compatibility console over HTTP on %s', (_name, database) => {
  let running: RunningGateway;
  let now = START;
  beforeAll(async () => {
    running = await startGateway({
      database,
      clock: { now: () => new Date(now) },
      env: { CONSOLE_SESSION_IDLE_MINUTES: '30', CONSOLE_SESSION_MAX_HOURS: '8' },
    });
  });
  afterAll(() => running.stop());
  beforeEach(() => {
    now = START;
  });

  const signedIn = async (username: string) => {
    const client = new ConsoleClient(running.baseUrl);
    const reply = await client.signIn(username);
    expect(reply.status).toBe(303);
    return client;
  };
  const journalled = async (correlationId: string, body: string) => {
    await postSoap(`${running.baseUrl}/LearnerService.svc`, envelope(body), { ...LRS_ACTION, 'X-Correlation-Id': correlationId });
    await running.gateway.journal.flush();
    const found = await admin(running.baseUrl, 'GET', `/journal?correlationId=${correlationId}`, { user: 'dana.dixon' });
    return (found.body.entries as { id: number }[])[0].id;
  };

  test('signing in sets a session cookie that is HttpOnly, SameSite=Strict and, over plain HTTP, not Secure', async () => {
    const client = new ConsoleClient(running.baseUrl);
    const reply = await client.signIn('dana.dixon');
    expect(reply.status).toBe(303);
    expect(reply.location).toBe('/console');
    const session = reply.setCookies.find((line) => line.startsWith('lrs_console_session='));
    expect(session).toMatch(/^lrs_console_session=[A-Za-z0-9_-]{43}; Path=\/console; HttpOnly; SameSite=Strict$/);
    const home = await client.get('/console');
    expect(home.status).toBe(200);
    expect(home.html).toContain('dana.dixon (10099901)');
  });

  test('wrong passwords count towards lockout exactly as HTTP Basic ones do, and a suspended user cannot sign in', async () => {
    const client = new ConsoleClient(running.baseUrl);
    for (const attempt of [1, 2]) {
      const wrong = await client.signIn('quentin.quinn', `Wrong-Password-${attempt}`);
      expect(wrong.status).toBe(401);
      expect(wrong.html).toContain('Enter a correct username and password');
      expect(wrong.setCookies.some((line) => line.startsWith('lrs_console_session='))).toBe(false);
    }
    // The third wrong password, over the admin API, reaches the threshold the console's two began.
    const third = await admin(running.baseUrl, 'GET', '/self', { user: 'quentin.quinn', password: 'Wrong-Password-3' });
    expect(third.body.error?.code).toBe('AUTH_FAILED');
    const rows = await running.gateway.dataSource.query("SELECT status FROM users WHERE username = 'quentin.quinn'");
    expect(rows[0].status).toBe('SUSPENDED');
    const right = await client.signIn('quentin.quinn');
    expect(right.status).toBe(401);
  });

  test('the login form is refused without its own token, and nobody is signed in', async () => {
    const client = new ConsoleClient(running.baseUrl);
    await client.get('/console/login');
    const forged = await client.post('/console/login', {
      _csrf: 'x'.repeat(43),
      username: 'dana.dixon',
      password: 'Compat-Test-2026',
    });
    expect(forged.status).toBe(403);
    expect(forged.setCookies.some((line) => line.startsWith('lrs_console_session='))).toBe(false);
    const stranger = new ConsoleClient(running.baseUrl);
    const token = formToken((await stranger.get('/console/login')).html);
    const elsewhere = await client.post(
      '/console/login',
      { _csrf: token, username: 'dana.dixon', password: 'Compat-Test-2026' },
      { Origin: 'http://attacker.example' },
    );
    expect(elsewhere.status).toBe(403);
  });

  test('a form posted without the session token, or from another site, is refused and changes nothing', async () => {
    const client = await signedIn('dana.dixon');
    const form = { action: 'HTTP_503', count: '1', expiresInMinutes: '5' };
    expect((await client.post('/console/faults', form)).status).toBe(403);
    const token = await client.tokenOf('/console/faults');
    expect((await client.post('/console/faults', { ...form, _csrf: `${token.slice(1)}x` })).status).toBe(403);
    const other = await signedIn('alice.archer');
    expect((await client.post('/console/faults', { ...form, _csrf: await other.tokenOf('/console/faults') })).status).toBe(403);
    expect((await client.post('/console/faults', { ...form, _csrf: token }, { Origin: 'http://attacker.example' })).status).toBe(
      403,
    );
    const armed = await admin(running.baseUrl, 'GET', '/fault-injections', { user: 'dana.dixon' });
    expect(armed.body.injections).toEqual([]);
  });

  test('without a session a page sends the browser to sign in, and the live updates answer 401', async () => {
    const client = new ConsoleClient(running.baseUrl);
    const page = await client.get('/console/journal');
    expect(page.status).toBe(303);
    expect(page.location).toBe('/console/login');
    const updates = await client.get('/console/journal/updates?afterId=0', { Accept: 'application/json' });
    expect(updates.status).toBe(401);
    client.cookies.set('lrs_console_session', 'A'.repeat(43));
    expect((await client.get('/console')).location).toBe('/console/login');
  });

  test('signing out ends the session on the server: the old cookie opens nothing', async () => {
    const client = await signedIn('dana.dixon');
    const cookie = client.cookies.get('lrs_console_session') as string;
    const out = await client.post('/console/logout', { _csrf: await client.tokenOf('/console') });
    expect(out.location).toBe('/console/login?ended=SIGNED_OUT');
    const replay = new ConsoleClient(running.baseUrl);
    replay.cookies.set('lrs_console_session', cookie);
    expect((await replay.get('/console')).status).toBe(303);
  });

  test('a session ends when unused for the idle time, and at its time limit however much it is used', async () => {
    const idle = await signedIn('dana.dixon');
    now += 29 * 60_000;
    expect((await idle.get('/console')).status).toBe(200);
    now += 30 * 60_000;
    expect((await idle.get('/console')).location).toBe('/console/login?ended=IDLE');
    expect((await idle.get('/console')).location).toBe('/console/login');

    now = START;
    const busy = await signedIn('dana.dixon');
    // Used every 25 minutes, so never idle for long.
    for (let minutes = 25; minutes < 8 * 60; minutes += 25) {
      now = START + minutes * 60_000;
      expect((await busy.get('/console')).status).toBe(200);
    }
    now = START + 8 * 3_600_000;
    expect((await busy.get('/console')).location).toBe('/console/login?ended=TOO_OLD');
  });

  test('a user suspended while signed in is out at their next page', async () => {
    const client = await signedIn('devon.drake');
    expect((await client.get('/console')).status).toBe(200);
    await running.gateway.dataSource.query("UPDATE users SET status = 'SUSPENDED' WHERE username = 'devon.drake'");
    expect((await client.get('/console')).location).toBe('/console/login?ended=ACCOUNT');
    await running.gateway.dataSource.query("UPDATE users SET status = 'ACTIVE' WHERE username = 'devon.drake'");
  });

  test("pages run the admin routes as their user: another organisation's exchange is not found, a missing role is refused", async () => {
    const id = await journalled('console-scope-0001', lrsVerifyLearner(SAMPLE));
    const school = await signedIn('leo.lyons');
    const probe = await school.get(`/console/journal/${id}`);
    expect(probe.status).toBe(404);
    expect(probe.html).toContain('JOURNAL_ENTRY_NOT_FOUND');
    const ao = await signedIn('victor.vance');
    const refused = await ao.get('/console/journal');
    expect(refused.status).toBe(403);
    expect(refused.html).toContain('ROLE_REQUIRED');
    expect((await ao.get('/console')).html).not.toContain('href="/console/journal"');
    const own = await signedIn('dana.dixon');
    expect((await own.get(`/console/journal/${id}`)).status).toBe(200);
  });

  test('every page forbids inline script and framing, is never cached, and loads its assets from the gateway', async () => {
    const client = await signedIn('dana.dixon');
    for (const path of ['/console/login', '/console', '/console/journal', '/console/faults', '/console/sandbox']) {
      const reply = await client.get(path);
      const policy = reply.headers.get('content-security-policy') ?? '';
      expect(policy).toContain("default-src 'none'");
      expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'(;|$)/);
      expect(policy).not.toContain('unsafe-inline');
      expect(policy).toContain("frame-ancestors 'none'");
      expect(reply.headers.get('x-frame-options')).toBe('DENY');
      expect(reply.headers.get('cache-control')).toBe('no-store');
      for (const [, asset] of reply.html.matchAll(/(?:href|src)="(\/[^"]+\.(?:css|js|svg|ico|png|json))"/g)) {
        expect((await client.get(asset)).status).toBe(200);
      }
      // Links may lead elsewhere (the footer's licence); nothing the page loads comes from elsewhere.
      expect(reply.html).not.toMatch(/(?:<link[^>]*href|src)="(?:https?:)?\/\//);
    }
    const css = await client.get('/console/assets/govuk-frontend.min.css');
    expect(css.html).not.toContain('url(/assets/');
    const font = /url\((\/console\/assets\/fonts\/[^)]+\.woff2)\)/.exec(css.html)?.[1] as string;
    expect((await client.get(font)).status).toBe(200);
  });

  test('what a caller sent is shown as text: markup in a body never reaches the page as markup', async () => {
    const hostile = lrsVerifyLearner(SAMPLE)
      .replace(
        '<FamilyName>Testname</FamilyName>',
        '<FamilyName><script>alert(1)</script><img src=x onerror=alert(2)></FamilyName>',
      )
      .replace('<GivenName>', '<GivenName x="&quot;><script>alert(3)</script>">');
    const id = await journalled('console-hostile-01', hostile);
    const page = await (await signedIn('dana.dixon')).get(`/console/journal/${id}`);
    expect(page.status).toBe(200);
    expect(page.html.match(/<script\b/g)).toHaveLength(2); // the GOV.UK template's line and the console's module
    expect(page.html).not.toContain('<img src=x');
    expect(page.html).toContain('&lt;</span><span class="app-code__name">script</span>');
  });

  test('the journal filters: an unreadable time is an error on its field, a good filter narrows the list', async () => {
    const id = await journalled('console-filter-01', lrsVerifyLearner(SAMPLE));
    const client = await signedIn('dana.dixon');
    const bad = await client.get('/console/journal?from=yesterday&operation=verifyLearner');
    expect(bad.status).toBe(200);
    expect(bad.html).toContain('Error: Request journal');
    expect(bad.html).toContain('href="#from"');
    const narrowed = await client.get('/console/journal?correlationId=console-filter-01');
    expect(narrowed.html).toContain(`href="/console/journal/${id}"`);
    expect(narrowed.html.match(/href="\/console\/journal\/\d+"/g)).toHaveLength(1);
    const updates = await client.get(`/console/journal/updates?afterId=${id - 1}&correlationId=console-filter-01`, {
      Accept: 'application/json',
    });
    expect(JSON.parse(updates.html).rows.map((row: { id: number }) => row.id)).toEqual([id]);
  });

  test('the coverage checklist links a behaviour seen to its exchange, and its report downloads', async () => {
    const id = await journalled('console-coverage-1', lrsVerifyLearner(SAMPLE));
    const client = await signedIn('dana.dixon');
    const page = await client.get('/console/coverage');
    expect(page.status).toBe(200);
    expect(page.html).toContain('verifyLearner');
    expect(page.html).toMatch(/href="\/console\/journal\/\d+">Seen/);
    expect(page.html).toContain('Not yet');
    const report = await client.get('/console/coverage/report');
    expect(report.status).toBe(200);
    expect(report.headers.get('content-disposition')).toBe('attachment; filename="lrs-coverage-10099901.html"');
    expect(report.html).toContain('verifyLearner');
    expect(id).toBeGreaterThan(0);
  });

  test('fault injection: armed from the form with its token, listed, and disarmed', async () => {
    const client = await signedIn('dana.dixon');
    const _csrf = await client.tokenOf('/console/faults');
    const invalid = await client.post('/console/faults', { _csrf, action: 'DELAY', count: '1', expiresInMinutes: '5' });
    expect(invalid.status).toBe(400);
    expect(invalid.html).toContain('href="#delayMs"');
    const unknown = await client.post('/console/faults', {
      _csrf,
      action: 'HTTP_503',
      operation: 'noSuchCall',
      count: '1',
      expiresInMinutes: '5',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.html).toContain('href="#operation"');
    const armed = await client.post('/console/faults', {
      _csrf,
      action: 'FAULT',
      fault: 'WSEC0004',
      operation: 'verifyLearner',
      count: '2',
      expiresInMinutes: '5',
    });
    expect(armed.location).toBe('/console/faults?done=armed');
    const listed = await admin(running.baseUrl, 'GET', '/fault-injections', { user: 'dana.dixon' });
    const [injection] = listed.body.injections as { id: number; remaining: number }[];
    expect(injection.remaining).toBe(2);
    expect((await client.get('/console/faults')).html).toContain(`/console/faults/${injection.id}/disarm`);
    await client.post(`/console/faults/${injection.id}/disarm`, { _csrf });
    expect((await admin(running.baseUrl, 'GET', '/fault-injections', { user: 'dana.dixon' })).body.injections).toEqual([]);
  });

  test('snapshots saved, listed and deleted, and a reset reported, from the sandbox page', async () => {
    const client = await signedIn('alice.archer');
    const _csrf = await client.tokenOf('/console/sandbox');
    expect((await client.post('/console/sandbox/snapshots', { _csrf, name: 'has space' })).status).toBe(400);
    const saved = await client.post('/console/sandbox/snapshots', { _csrf, name: 'before-tests' });
    expect(saved.location).toBe('/console/sandbox?done=saved&name=before-tests');
    expect((await client.get(saved.location as string)).html).toContain('Snapshot before-tests saved.');
    const reset = await client.post('/console/sandbox/reset', { _csrf });
    expect(reset.location).toMatch(/^\/console\/sandbox\?done=reset&achievements=\d+&dataChallenges=\d+$/);
    await client.post('/console/sandbox/snapshots/before-tests/delete', { _csrf });
    expect((await admin(running.baseUrl, 'GET', '/sandbox/snapshots', { user: 'alice.archer' })).body.snapshots).toEqual([]);
  });

  test("batch jobs: listed with their progress, one job's progress as JSON for the page's script", async () => {
    const upload = await fetch(`${running.baseUrl}/admin/batches?type=VERIFY_LEARNER&format=CSV&fileName=console.csv`, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${Buffer.from('morgan.mills:Compat-Test-2026').toString('base64')}`,
        'Content-Type': 'text/csv',
      },
      body: 'MISIdentifier,ULN,FamilyName,GivenName,DateOfBirth,Gender\nMIS-001,1026893096,Testname,Sample,1976-08-16,2\n',
    });
    const { jobId } = (await upload.json()) as { jobId: number };
    await running.gateway.batches.worker.drain();
    const client = await signedIn('morgan.mills');
    expect((await client.get('/console/batches')).html).toContain(`href="/console/batches/${jobId}"`);
    const progress = await client.get(`/console/batches/${jobId}/progress`, { Accept: 'application/json' });
    expect(JSON.parse(progress.html)).toMatchObject({ id: jobId, running: false, progress: { value: 1, max: 1 } });
    expect((await client.get(`/console/batches/${jobId}`)).html).toContain('1 of 1 rows done');
    const output = await client.get(`/console/batches/${jobId}/output`);
    expect(output.status).toBe(200);
    expect(output.html).toContain('MIS-001');
  });
});

// The Secure flag and the sandbox switch are settings, not storage: one database is enough to show them.
describe('the console of a deployment with HTTPS and no sandbox', () => {
  let pki: TestPki;
  let running: RunningGateway;
  beforeAll(async () => {
    pki = makeTestPki();
    running = await startGateway({
      env: { TLS_CERT_FILE: pki.server.certFile, TLS_KEY_FILE: pki.server.keyFile, SANDBOX: 'off' },
    });
  });
  afterAll(async () => {
    await running.stop();
    pki.remove();
  });

  const request = (path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}) =>
    httpsRequest(`${running.baseUrl}${path}`, { serverCaFile: pki.serverCaFile, ...options });

  const signIn = async (): Promise<Client> => {
    const form = await request('/console/login');
    const loginCookie = String((form.headers['set-cookie'] as string[])[0]).split(';')[0];
    const reply = await request('/console/login', {
      method: 'POST',
      headers: { Cookie: loginCookie, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: formToken(form.body), username: 'dana.dixon', password: 'Compat-Test-2026' }).toString(),
    });
    const cookies = reply.headers['set-cookie'] as string[];
    expect(cookies.find((line) => line.startsWith('lrs_console_session='))).toMatch(/; HttpOnly; SameSite=Strict; Secure$/);
    const client = new ConsoleClient(running.baseUrl);
    client.cookies.set('lrs_console_session', cookies[0].split(';')[0].split('=')[1]);
    return client;
  };

  test('the session cookie is Secure, and the sandbox pages say they are not available here', async () => {
    const cookie = (await signIn()).cookies.get('lrs_console_session') as string;
    for (const path of ['/console/faults', '/console/sandbox']) {
      const page = await request(path, { headers: { Cookie: `lrs_console_session=${cookie}` } });
      expect(page.status).toBe(200);
      expect(page.body).toContain('Not available in this deployment');
    }
  });
});
