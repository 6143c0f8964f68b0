import fs from 'node:fs';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { admin } from '../support/admin-client';
import { eachDatabase } from '../support/databases';
import { type RunningGateway, startGateway } from '../support/running-gateway';
import { envelope, lrsVerifyLearner, passwordTextHeader, postSoap } from '../support/soap-messages';
import { runZeepScript } from '../support/zeep-script';

/**
 * The compatibility console in a real browser (Debian's chromium driven by puppeteer-core): signing
 * in with the keyboard alone, a zeep call appearing in the journal by itself, the exchange view
 * and its diagnostic, batch progress followed live, the sandbox forms, and axe-core on every page
 * (docs/decisions/0088-the-compatibility-console.md). CONSOLE_SCREENSHOTS=1 writes each page to
 * docs/console/.
 *
 * On each database, as every other test: the journey reads what the server stored (the journal,
 * coverage, batch progress, snapshots), and a page must show it the same from either.
 */
const CHROMIUM = '/usr/bin/chromium';
const AXE = fs.readFileSync(require.resolve('axe-core'), 'utf8');
const SCREENSHOTS = process.env.CONSOLE_SCREENSHOTS === '1' ? path.join(__dirname, '..', '..', 'docs', 'console') : undefined;
const LRS_ACTION = { SOAPAction: '"http://tempuri.org/LearnerPortType/verifyLearner"' };
const SAMPLE = { uln: '1026893096', givenName: 'Sample', familyName: 'Testname' };

if (!fs.existsSync(CHROMIUM)) {
  process.stderr.write(`console.browser.test.ts SKIPPED: ${CHROMIUM} is absent (apt-get install chromium)\n`);
}
const inBrowser = fs.existsSync(CHROMIUM) ? describe : describe.skip;

/** The page's globals as the functions puppeteer runs in it see them (this project compiles without the DOM library). */
interface InPage {
  document: {
    activeElement: { id: string; matches(selector: string): boolean } | null;
    querySelector(selector: string): { textContent: string | null } | null;
    querySelectorAll(selector: string): ArrayLike<{ textContent: string | null }>;
  };
  __pwned?: number;
  axe: { run(): Promise<{ violations: { id: string; nodes: { html: string }[] }[] }> };
}

inBrowser.each(eachDatabase())('the compatibility console in a browser, on %s', (_name, database) => {
  let running: RunningGateway;
  let browser: Browser;
  /** What the pages said went wrong: a script error or a Content-Security-Policy refusal fails the journey. */
  const complaints: string[] = [];

  beforeAll(async () => {
    // Batches wait for the test to work them, so that their progress can be watched changing.
    running = await startGateway({ database, env: { BATCH_WORKER_IN_PROCESS: 'false' } });
    browser = await puppeteer.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--headless=new'] });
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
    await running?.stop();
  });

  const url = (pathname: string) => `${running.baseUrl}${pathname}`;

  async function newPage(): Promise<Page> {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.setViewport({ width: 1200, height: 900 });
    page.on('pageerror', (error) => complaints.push(`page error: ${String(error)}`));
    page.on('console', (message) => {
      if (message.type() === 'error') complaints.push(`console: ${message.text()}`);
    });
    return page;
  }

  /** axe-core on the page as it is: no violation of any rule. Injected by the DevTools protocol, which the page's CSP does not govern. */
  async function accessible(page: Page, name: string): Promise<void> {
    await page.evaluate(AXE);
    const violations = await page.evaluate(async () => {
      const result = await (globalThis as unknown as InPage).axe.run();
      return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html.slice(0, 120)).join(' | ')}`);
    });
    expect({ page: name, violations }).toEqual({ page: name, violations: [] });
    if (SCREENSHOTS) await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
  }

  /** Presses Tab until the element is focused: how a keyboard user gets there. */
  async function tabTo(page: Page, selector: string): Promise<void> {
    for (let presses = 0; presses < 30; presses++) {
      if (await page.evaluate((s) => (globalThis as unknown as InPage).document.activeElement?.matches(s) ?? false, selector))
        return;
      await page.keyboard.press('Tab');
    }
    throw new Error(`${selector} cannot be reached with Tab`);
  }

  async function signInWithKeyboard(page: Page, username: string): Promise<void> {
    await page.goto(url('/console/login'));
    await tabTo(page, '#username');
    await page.keyboard.type(username);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (globalThis as unknown as InPage).document.activeElement?.id)).toBe('password');
    await page.keyboard.type('Compat-Test-2026');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(new URL(page.url()).pathname).toBe('/console');
  }

  /** The journal row of the newest exchange of this operation, once the page's live updates have put it there. */
  const liveRow = (page: Page, operation: string, outcome: string) =>
    page.waitForFunction(
      (op, out) =>
        Array.from((globalThis as unknown as InPage).document.querySelectorAll('[data-journal-rows] tr.app-journal__new')).find(
          (row) => row.textContent?.includes(op) && row.textContent.includes(out),
        ),
      { timeout: 10_000 },
      operation,
      outcome,
    );

  test('a developer signs in with the keyboard, watches a zeep call arrive, opens it and reads a diagnostic', async () => {
    const page = await newPage();
    await page.goto(url('/console/login'));
    await accessible(page, 'login');
    await signInWithKeyboard(page, 'dana.dixon');
    await accessible(page, 'home');

    await page.goto(url('/console/journal'));
    await accessible(page, 'journal-empty');
    const zeep = JSON.stringify([{ id: 'console', learner: { uln: '2000000087', givenName: 'Jim', familyName: 'Smith' } }]);
    const lines = await runZeepScript('verify_learner_zeep.py', [running.baseUrl, zeep]);
    expect(lines).toContain('"service": "lrs"');
    await liveRow(page, 'verifyLearner', 'OK');
    expect(await page.$eval('[data-live-status]', (e) => e.textContent)).toMatch(/new exchange/);

    // Opened from the keyboard too: to the row's link, then Enter.
    await tabTo(page, 'tr.app-journal__new a[href^="/console/journal/"]');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(await page.$eval('h1', (e) => e.textContent)).toBe('verifyLearner');
    expect(await page.$$eval('.app-code:first-of-type .app-code__line', (lines) => lines.length)).toBeGreaterThan(5);
    expect(await page.$$eval('.app-code__name', (names) => names.map((n) => n.textContent))).toContain('LearnerToVerify');
    await accessible(page, 'exchange-ok');

    // Children qualified where the contract wants them unqualified: refused, and the journal says why.
    await page.goto(url('/console/journal'));
    const qualified = lrsVerifyLearner(SAMPLE).replace(/<(\/?)(UKPRN|OrgPassword|UserName|LearnerToVerify)>/g, '<$1rep:$2>');
    const reply = await postSoap(url('/LearnerService.svc'), envelope(qualified), LRS_ACTION);
    expect(reply.status).toBe(500);
    await liveRow(page, 'verifyLearner', 'MESSAGE_INVALID');
    await accessible(page, 'journal');
    await Promise.all([page.waitForNavigation(), page.click('tr.app-journal__new:first-child a')]);
    const diagnostic = await page.$eval('.app-diagnostics', (e) => e.textContent ?? '');
    expect(diagnostic).toContain('Qualified where unqualified');
    expect(diagnostic).toContain('UKPRN');
    const target = await page.$eval('.app-diagnostic a', (a) => a.getAttribute('href'));
    expect(await page.$eval(target as string, (line) => line.classList.contains('app-code__line--flagged'))).toBe(true);
    expect(await page.$eval(`${target} .app-code__name`, (e) => e.textContent)).toBe('rep:UKPRN');
    await accessible(page, 'exchange-refused');

    // The coverage checklist links what was seen to the exchange that showed it.
    await page.goto(url('/console/coverage'));
    expect(await page.$$eval('a[href^="/console/journal/"]', (links) => links.length)).toBeGreaterThan(1);
    await accessible(page, 'coverage');

    // A filter with a mistake in it.
    await page.goto(url('/console/journal?from=not-a-time'));
    expect(await page.$eval('.govuk-error-summary', (e) => e.textContent)).toContain('From must be a date');
    await accessible(page, 'journal-filter-error');
    await page.close();
  }, 60_000);

  test('markup a caller sent is shown, never run', async () => {
    await running.gateway.journal.flush();
    const hostile = lrsVerifyLearner(SAMPLE).replace(
      'Testname',
      '<img src="x" onerror="window.__pwned = 1"/><script>window.__pwned = 2</script>',
    );
    await postSoap(url('/LearnerService.svc'), envelope(hostile), { ...LRS_ACTION, 'X-Correlation-Id': 'console-hostile-02' });
    await running.gateway.journal.flush();
    const found = await admin(running.baseUrl, 'GET', '/journal?correlationId=console-hostile-02', { user: 'dana.dixon' });
    const page = await newPage();
    await signInWithKeyboard(page, 'dana.dixon');
    await page.goto(url(`/console/journal/${(found.body.entries as { id: number }[])[0].id}`));
    expect(await page.evaluate(() => (globalThis as unknown as InPage).__pwned)).toBeUndefined();
    expect(await page.$$('main img')).toHaveLength(0);
    expect(await page.$eval('.app-code', (e) => e.textContent)).toContain('window.__pwned = 2');
    await page.close();
  });

  test('a batch job is followed live from waiting to finished', async () => {
    const upload = await fetch(url('/admin/batches?type=VERIFY_LEARNER&format=CSV&fileName=browser.csv'), {
      method: 'POST',
      headers: {
        Authorization: `Basic ${Buffer.from('morgan.mills:Compat-Test-2026').toString('base64')}`,
        'Content-Type': 'text/csv',
      },
      body: fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'batch-files', 'verify-learner.example.csv')),
    });
    const { jobId } = (await upload.json()) as { jobId: number };
    const page = await newPage();
    await signInWithKeyboard(page, 'morgan.mills');
    await page.goto(url('/console/batches'));
    expect(await page.$eval(`tr[data-batch-live] [data-field="status"]`, (e) => e.textContent?.trim())).toBe('Waiting');
    await accessible(page, 'batches');
    await page.goto(url(`/console/batches/${jobId}`));
    await accessible(page, 'batch-waiting');
    await running.gateway.batches.worker.drain();
    await page.waitForFunction(
      () => (globalThis as unknown as InPage).document.querySelector('[data-field="status"]')?.textContent === 'Successful',
      {
        timeout: 10_000,
      },
    );
    expect(await page.$eval('#finished-note', (e) => e.hasAttribute('hidden'))).toBe(false);
    expect(await page.$eval('[data-field="progress"]', (e) => e.textContent)).toMatch(/^(\d+) of \1 rows done/);
    await page.reload();
    await accessible(page, 'batch');
    await page.close();
  });

  const achievementsOf = async (ukprn: string) =>
    Number(
      (
        (await running.gateway.dataSource.query(
          'SELECT COUNT(*) AS n FROM achievements a JOIN organisations o ON o.id = a.awarding_organisation_id WHERE o.ukprn = ?',
          [ukprn],
        )) as { n: number | string }[]
      )[0].n,
    );
  const createAchievement = (aim: string, grade: string, username: string) =>
    envelope(
      '<ao:CreateAchievement xmlns:ao="urn:lrs-gateway:ao:1">' +
        '<ao:Learner><ao:ULN>1026893096</ao:ULN><ao:GivenName>Sample</ao:GivenName><ao:FamilyName>Testname</ao:FamilyName></ao:Learner>' +
        `<ao:Achievement><ao:AimReference>${aim}</ao:AimReference><ao:AwardDate>2020-06-01</ao:AwardDate><ao:Grade>${grade}</ao:Grade></ao:Achievement>` +
        '</ao:CreateAchievement>',
      passwordTextHeader(username),
    );

  test('fault injection (a zeep client gets the 503), a reset, and snapshots from their forms', async () => {
    const page = await newPage();
    await signInWithKeyboard(page, 'dana.dixon');
    await page.goto(url('/console/faults'));
    await accessible(page, 'faults');
    await page.click('input[name="action"][value="FAULT"]');
    await page.type('#fault', 'WSEC0004');
    await page.type('#operation', 'verifyLearner');
    await Promise.all([page.waitForNavigation(), page.click('form[action="/console/faults"] button')]);
    expect(await page.$eval('.govuk-notification-banner', (e) => e.textContent)).toContain('armed');
    await accessible(page, 'faults-armed');
    const refused = await postSoap(url('/LearnerService.svc'), envelope(lrsVerifyLearner(SAMPLE)), LRS_ACTION);
    expect(refused.body).toContain('WSEC0004');

    // An HTTP 503 for the next verifyLearner: the zeep client gets it, its call on the AO gateway does not.
    await page.goto(url('/console/faults'));
    await page.click('input[name="action"][value="HTTP_503"]');
    await page.type('#operation', 'verifyLearner');
    await Promise.all([page.waitForNavigation(), page.click('form[action="/console/faults"] button')]);
    const zeep = JSON.stringify([{ id: 'console-503', learner: { uln: '2000000087', givenName: 'Jim', familyName: 'Smith' } }]);
    const answers = (await runZeepScript('verify_learner_zeep.py', [running.baseUrl, zeep]))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { service: string; error?: string });
    expect(answers.find((a) => a.service === 'lrs')?.error).toMatch(/503/);
    expect(answers.find((a) => a.service === 'ao')?.error).toBeUndefined();

    // A reset from the console: AO One's achievements go, AO Two's remain.
    for (const [aim, grade, user] of [
      ['603/5678/9', 'B', 'quentin.quinn'],
      ['604/6061/1', 'Merit', 'nadia.novak'],
    ]) {
      const created = await postSoap(url('/soap/ao'), createAchievement(aim, grade, user));
      expect(created.status).toBe(200);
    }
    expect([await achievementsOf('10099901'), await achievementsOf('10099902')]).toEqual([1, 1]);
    await page.goto(url('/console/sandbox'));
    await Promise.all([page.waitForNavigation(), page.click('form[action="/console/sandbox/reset"] button')]);
    expect([await achievementsOf('10099901'), await achievementsOf('10099902')]).toEqual([0, 1]);

    await page.goto(url('/console/sandbox'));
    await page.type('#name', 'before-browser-tests');
    await Promise.all([page.waitForNavigation(), page.click('form[action="/console/sandbox/snapshots"] button')]);
    expect(await page.$eval('.govuk-notification-banner', (e) => e.textContent)).toContain('before-browser-tests saved');
    await accessible(page, 'sandbox');
    await page.goto(url('/console/no-such-page'));
    await accessible(page, 'not-found');
    await page.close();
  });

  test('nothing on any page broke a script or the Content-Security-Policy', () => {
    expect(complaints.filter((text) => !/status of 40[34]/.test(text))).toEqual([]);
  });
});
