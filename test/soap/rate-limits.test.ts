import { admin } from '../support/admin-client';
import { eachDatabase, testDatabaseNames, testDatabase } from '../support/databases';
import { scrape } from '../support/metrics-scrape';
import { type RunningGateway, startGateway } from '../support/running-gateway';
import {
  aoVerifyLearner,
  envelope,
  firstText,
  lrsVerifyLearner,
  passwordTextHeader,
  postSoap,
  type SoapReply,
} from '../support/soap-messages';

const EXACT = { uln: '1026893096', givenName: 'Sample', familyName: 'Testname' };
const EXTERNAL_NS = 'http://api.lrs.qcf.gov.uk/services';
const MODEL_NS = 'http://api.lrs.qcf.gov.uk/model';

/** Limits small enough to reach in a test, on everything that is not under test set high. */
const limits = (overrides: Record<string, string>) => ({
  RATE_LIMIT_WINDOW_SECONDS: '600',
  RATE_LIMIT_SOAP_PER_ORGANISATION: '1000000',
  RATE_LIMIT_SOAP_PER_ADDRESS: '1000000',
  RATE_LIMIT_ADMIN_PER_ORGANISATION: '1000000',
  RATE_LIMIT_ADMIN_PER_ADDRESS: '1000000',
  ...overrides,
});

const aoVerify = (running: RunningGateway, user: string, password?: string) =>
  postSoap(`${running.baseUrl}/soap/ao`, envelope(aoVerifyLearner(EXACT), passwordTextHeader(user, password)));

const lrsVerify = (running: RunningGateway) =>
  postSoap(`${running.baseUrl}/LearnerService.svc`, envelope(lrsVerifyLearner(EXACT)));

const externalGetJob = (running: RunningGateway) =>
  postSoap(
    `${running.baseUrl}/ExternalService.svc`,
    envelope(
      `<ser:GetAchievementBatchJob xmlns:ser="${EXTERNAL_NS}" xmlns:mod="${MODEL_NS}"><ser:invokingUser>` +
        '<mod:OrgPassword>AO1WebService#01</mod:OrgPassword><mod:OrganisationRef>AOB001</mod:OrganisationRef>' +
        '<mod:UserName>rita.reeves</mod:UserName></ser:invokingUser><ser:jobId>999999</ser:jobId></ser:GetAchievementBatchJob>',
    ),
  );

function expectRefusedInFault(reply: SoapReply): string {
  expect(reply.status).toBe(500);
  const retryAfter = Number(reply.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(600);
  return reply.headers.get('x-correlation-id') ?? '';
}

describe.each(eachDatabase())('rate limits on %s', (_name, database) => {
  let running: RunningGateway;
  beforeAll(async () => {
    running = await startGateway({
      database,
      env: limits({ RATE_LIMIT_SOAP_PER_ORGANISATION: '4', RATE_LIMIT_ADMIN_PER_ORGANISATION: '3' }),
    });
  });
  afterAll(() => running.stop());

  test("an organisation's SOAP budget is one across the three SOAP surfaces; past it each surface answers in its own fault shape", async () => {
    // AOB001 spends its four calls on all three surfaces (a refusal after authentication counts too).
    expect(firstText((await aoVerify(running, 'victor.vance')).body, 'ResponseCode')).toBe('WSVRC001');
    expect(firstText((await aoVerify(running, 'victor.vance')).body, 'ResponseCode')).toBe('WSVRC001');
    expect((await lrsVerify(running)).status).toBe(200);
    expect(firstText((await externalGetJob(running)).body, 'ResponseCode')).toBe('WSRC0018');

    const ao = await aoVerify(running, 'victor.vance');
    const aoId = expectRefusedInFault(ao);
    expect(firstText(ao.body, 'faultcode')).toBe('soapenv:Server');
    expect(firstText(ao.body, 'Code')).toBe('RATE_LIMITED');
    expect(firstText(ao.body, 'CorrelationId')).toBe(aoId);

    const lrs = await lrsVerify(running);
    const lrsId = expectRefusedInFault(lrs);
    expect(firstText(lrs.body, 'faultstring')).toBe('uk.gov.miap.lrs.api.exceptions.MIAPAPIException');
    expect(firstText(lrs.body, 'ErrorCode')).toBe('WSEC0004');
    expect(firstText(lrs.body, 'FurtherDetails')).toMatch(new RegExp(`retry after \\d+ s \\[correlation id ${lrsId}\\]$`));

    const external = await externalGetJob(running);
    const externalId = expectRefusedInFault(external);
    expect(firstText(external.body, 'ErrorCode')).toBe('WSEC0004');
    const detail = Buffer.from(firstText(external.body, 'ErrorDetail') ?? '', 'base64').toString('utf8');
    expect(detail).toMatch(new RegExp(`^RATE_LIMITED: .* \\[correlation id ${externalId}\\]$`));

    // Another organisation has its own budget.
    expect(firstText((await aoVerify(running, 'nadia.novak')).body, 'ResponseCode')).toBe('WSVRC001');

    // Refusals after authentication are audited like any other; the metrics count them by scope.
    await running.gateway.audit.flush();
    const audited = await running.gateway.dataSource.query(
      "SELECT username FROM audit_entries WHERE outcome = 'RATE_LIMITED' ORDER BY id",
    );
    expect(audited.map((row: { username: string }) => row.username)).toEqual(['victor.vance', 'victor.vance', 'rita.reeves']);
    const metrics = await scrape(running.baseUrl);
    expect(metrics.value('lrs_gateway_rate_limited_total', { surface: 'soap', scope: 'organisation' })).toBe(3);
    expect(
      metrics.value('lrs_gateway_requests_total', { surface: 'soap-ao', operation: 'VerifyLearner', outcome: 'RATE_LIMITED' }),
    ).toBe(1);
  });

  test('the admin API answers 429 with Retry-After and the JSON error once an organisation is over its budget', async () => {
    for (let i = 0; i < 3; i++) expect((await admin(running.baseUrl, 'GET', '/self', { user: 'leo.lyons' })).status).toBe(200);
    const refused = await admin(running.baseUrl, 'GET', '/self', { user: 'leo.lyons' });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.body.error).toEqual({
      code: 'RATE_LIMITED',
      message: expect.stringMatching(/^Too many requests from your organisation; retry after \d+ s$/),
      correlationId: refused.headers.get('x-correlation-id'),
    });
    // Budgets are per organisation and per surface: AOB001 spent its SOAP budget above, not its admin one.
    expect((await admin(running.baseUrl, 'GET', '/self', { user: 'alice.archer' })).status).toBe(200);
  });
});

describe.each(eachDatabase())('per source address on %s', (_name, database) => {
  let running: RunningGateway;
  beforeAll(async () => {
    running = await startGateway({
      database,
      env: limits({ RATE_LIMIT_SOAP_PER_ADDRESS: '3', RATE_LIMIT_ADMIN_PER_ADDRESS: '2' }),
    });
  });
  afterAll(() => running.stop());

  test('an address over its budget is refused before authentication, and the refusal is not audited', async () => {
    for (let i = 0; i < 3; i++) {
      expect(firstText((await aoVerify(running, 'nobody.known', 'Wrong-Password-1')).body, 'Code')).toBe('AUTH_FAILED');
    }
    const refused = await aoVerify(running, 'victor.vance');
    expectRefusedInFault(refused);
    expect(firstText(refused.body, 'Code')).toBe('RATE_LIMITED');
    expect(firstText(refused.body, 'Message')).toMatch(/^Too many requests from your address/);
    // A contract document is on the same path and the same budget.
    expect((await fetch(`${running.baseUrl}/LearnerService.svc?wsdl`)).status).toBe(500);

    await running.gateway.audit.flush();
    const audited = await running.gateway.dataSource.query(
      "SELECT COUNT(*) AS n FROM audit_entries WHERE outcome = 'RATE_LIMITED'",
    );
    expect(Number(audited[0].n)).toBe(0);

    for (let i = 0; i < 2; i++) expect((await admin(running.baseUrl, 'GET', '/self')).status).toBe(401);
    const adminRefused = await admin(running.baseUrl, 'GET', '/self', { user: 'leo.lyons' });
    expect(adminRefused.status).toBe(429);
    expect(adminRefused.body.error?.code).toBe('RATE_LIMITED');
    expect((await scrape(running.baseUrl)).value('lrs_gateway_rate_limited_total', { surface: 'admin', scope: 'address' })).toBe(
      1,
    );
  });
});

const mariadb = testDatabaseNames().includes('mariadb') ? describe : describe.skip;

mariadb('two gateway processes on one MariaDB', () => {
  let first: RunningGateway;
  let second: RunningGateway;
  beforeAll(async () => {
    // 10: exact (a block of 1); 400: taken from the database in blocks of 2.
    const env = limits({ RATE_LIMIT_SOAP_PER_ORGANISATION: '10', RATE_LIMIT_ADMIN_PER_ORGANISATION: '400' });
    first = await startGateway({ database: testDatabase('mariadb'), env });
    second = await startGateway({ alongside: first, env });
  });
  afterAll(async () => {
    await second.stop();
    await first.stop();
  });

  test('hold an organisation to one budget in total: 16 calls at once, 8 to each, give 10 answers and 6 refusals', async () => {
    const replies = await Promise.all(
      Array.from({ length: 16 }, (_, i) => aoVerify(i % 2 === 0 ? first : second, 'victor.vance')),
    );
    const codes = replies.map((reply) => firstText(reply.body, 'ResponseCode') ?? firstText(reply.body, 'Code'));
    expect(codes.filter((code) => code === 'WSVRC001')).toHaveLength(10);
    expect(codes.filter((code) => code === 'RATE_LIMITED')).toHaveLength(6);
    const refusedBy = (running: RunningGateway) =>
      scrape(running.baseUrl).then((m) => m.value('lrs_gateway_rate_limited_total', { surface: 'soap', scope: 'organisation' }));
    expect((await refusedBy(first)) + (await refusedBy(second))).toBe(6);
    // The budget lives in the database (a process that saw it spent refuses the rest without asking again).
    const rows = await first.gateway.dataSource.query("SELECT points FROM rate_limits WHERE `key` LIKE 'soap-organisation:%'");
    expect(rows).toHaveLength(1);
    expect(Number(rows[0].points)).toBeGreaterThanOrEqual(10);
  });

  test('taking the budget in blocks, they still admit no more than the limit, and fall short by at most a block each', async () => {
    let admitted = 0;
    let refused = 0;
    for (let wave = 0; wave < 45; wave++) {
      const replies = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          admin((i % 2 === 0 ? first : second).baseUrl, 'GET', '/self', { user: 'nadia.novak' }),
        ),
      );
      admitted += replies.filter((reply) => reply.status === 200).length;
      refused += replies.filter((reply) => reply.status === 429).length;
    }
    expect(admitted + refused).toBe(450);
    expect(admitted).toBeLessThanOrEqual(400);
    expect(admitted).toBeGreaterThanOrEqual(400 - 2 * 2);
  });
});
