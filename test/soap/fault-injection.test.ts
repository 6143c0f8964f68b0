import type { Clock } from '../../src/platform/clock';
import { admin } from '../support/admin-client';
import { eachDatabase } from '../support/databases';
import { type RunningGateway, startGateway } from '../support/running-gateway';
import { envelope, firstText, lrsVerifyLearner, postSoap } from '../support/soap-messages';

const LRS_ACTION = { SOAPAction: '"http://tempuri.org/LearnerPortType/verifyLearner"' };
const SAMPLE = { uln: '1026893096', givenName: 'Sample', familyName: 'Testname' };
const AO_TWO = { ukprn: '10099902', orgPassword: 'AO2WebService#02', userName: 'nadia.novak' };

/** A clock the test moves on, so expiry is tested without waiting. */
function movableClock(): Clock & { advance(ms: number): void } {
  let offset = 0;
  return { now: () => new Date(Date.now() + offset), advance: (ms) => (offset += ms) };
}

describe.each(eachDatabase())('fault injection on %s', (_name, database) => {
  let running: RunningGateway;
  const clock = movableClock();
  beforeAll(async () => {
    running = await startGateway({ database, clock, env: { SANDBOX: 'on' } });
  });
  afterAll(() => running.stop());

  const inject = (body: Record<string, unknown>, user = 'dana.dixon') =>
    admin(running.baseUrl, 'POST', '/fault-injections', { user, body: { count: 1, expiresInSeconds: 600, ...body } });
  const verify = (credentials = {}, signal?: AbortSignal) =>
    fetch(`${running.baseUrl}/LearnerService.svc`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/xml; charset=utf-8', ...LRS_ACTION },
      body: envelope(lrsVerifyLearner(SAMPLE, credentials)),
      signal,
    });

  test('HTTP 503 for the next call of AO One only: AO Two is untouched, and the call after is served', async () => {
    const created = await inject({ action: 'HTTP_503', operation: 'verifyLearner' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ action: 'HTTP_503', operation: 'verifyLearner', remaining: 1, createdBy: 'dana.dixon' });
    expect((await verify(AO_TWO)).status).toBe(200);
    const injected = await verify();
    expect([injected.status, injected.headers.get('retry-after')]).toEqual([503, '5']);
    expect((await verify()).status).toBe(200);
  });

  test('a fault of the contract: WSEC0004, as the real service answers out of hours', async () => {
    await inject({ action: 'FAULT', fault: 'WSEC0004', count: 2 });
    for (let i = 0; i < 2; i += 1) {
      const reply = await postSoap(`${running.baseUrl}/LearnerService.svc`, envelope(lrsVerifyLearner(SAMPLE)), LRS_ACTION);
      expect([reply.status, firstText(reply.body, 'ErrorCode')]).toEqual([500, 'WSEC0004']);
    }
    expect((await verify()).status).toBe(200);
  });

  test('a reset connection, and a call left to time out, while the service keeps serving', async () => {
    await inject({ action: 'RESET' });
    await expect(verify()).rejects.toThrow();
    await inject({ action: 'TIMEOUT' });
    await expect(verify({}, AbortSignal.timeout(500))).rejects.toThrow();
    expect((await verify()).status).toBe(200);
  });

  test('a delay holds the answer back at least as long as asked, and the answer is the real one', async () => {
    await inject({ action: 'DELAY', delayMs: 400 });
    const started = Date.now();
    const reply = await verify();
    expect(reply.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
  });

  test('an injection scoped to another operation leaves this one alone; an expired one applies to nothing', async () => {
    await inject({ action: 'HTTP_503', operation: 'submitVerifyBatch' });
    expect((await verify()).status).toBe(200);
    await inject({ action: 'HTTP_503', expiresInSeconds: 60 });
    clock.advance(61_000);
    expect((await verify()).status).toBe(200);
  });

  test('each one is listed until spent, disarmed by its organisation only, and in the journal when it applies', async () => {
    const created = await inject({ action: 'HTTP_503', count: 3 });
    const id = created.body.id as number;
    const listed = await admin(running.baseUrl, 'GET', '/fault-injections', { user: 'dana.dixon' });
    expect((listed.body.injections as { id: number }[]).map((i) => i.id)).toContain(id);
    const notTheirs = await admin(running.baseUrl, 'DELETE', `/fault-injections/${id}`, { user: 'owen.oakley' });
    expect(notTheirs.body.error?.code).toBe('FAULT_INJECTION_NOT_FOUND');
    expect((await verify()).status).toBe(503);
    await running.gateway.journal.flush();
    const journal = await admin(running.baseUrl, 'GET', '/journal?outcome=INJECTED_HTTP_503', { user: 'dana.dixon' });
    expect((journal.body.entries as unknown[]).length).toBeGreaterThan(0);
    const removed = await admin(running.baseUrl, 'DELETE', `/fault-injections/${id}`, { user: 'alice.archer' });
    expect(removed.body).toMatchObject({ id, remaining: 2 });
    expect((await verify()).status).toBe(200);
  });

  test.each([
    [{ action: 'EXPLODE' }],
    [{ action: 'DELAY' }],
    [{ action: 'FAULT', fault: 'WSEC9999' }],
    [{ action: 'RESET', operation: 'notAnOperation' }],
    [{ action: 'RESET', count: 0 }],
  ])('%j is refused REQUEST_INVALID and arms nothing', async (body) => {
    const reply = await inject(body);
    expect([reply.status, reply.body.error?.code]).toEqual([400, 'REQUEST_INVALID']);
    expect((await verify()).status).toBe(200);
  });

  test('only developers and super users script faults', async () => {
    const reply = await inject({ action: 'RESET' }, 'victor.vance');
    expect(reply.body.error?.code).toBe('ROLE_REQUIRED');
  });
});

describe.each(eachDatabase())('a deployment without fault injection, on %s', (_name, database) => {
  let running: RunningGateway;
  beforeAll(async () => {
    running = await startGateway({ database, env: { SANDBOX: 'off' } });
  });
  afterAll(() => running.stop());

  test('refuses to arm one at all', async () => {
    const reply = await admin(running.baseUrl, 'POST', '/fault-injections', {
      user: 'dana.dixon',
      body: { action: 'HTTP_503', count: 1, expiresInSeconds: 60 },
    });
    expect([reply.status, reply.body.error?.code]).toEqual([403, 'SANDBOX_DISABLED']);
    const listed = await admin(running.baseUrl, 'GET', '/fault-injections', { user: 'dana.dixon' });
    expect(listed.body).toEqual({ enabled: false, injections: [] });
  });
});
