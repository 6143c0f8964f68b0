import { type RunningGateway, startGateway } from '../support/running-gateway';

describe('health and readiness', () => {
  let running: RunningGateway;
  beforeAll(async () => {
    running = await startGateway();
  });
  afterAll(() => running.stop());

  test('/healthz answers while the process serves; /readyz while its database answers', async () => {
    expect(await (await fetch(`${running.baseUrl}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${running.baseUrl}/readyz`);
    expect(ready.status).toBe(200);
  });

  test('an unknown path gets a JSON error with a stable code and a correlation id', async () => {
    const reply = await fetch(`${running.baseUrl}/nowhere`, { headers: { 'X-Correlation-Id': 'test-correlation-1' } });
    expect(reply.status).toBe(404);
    expect(await reply.json()).toEqual({
      error: { code: 'NOT_FOUND', message: 'No such resource', correlationId: 'test-correlation-1' },
    });
  });

  test('/readyz says 503 when the database is gone, and /healthz still answers', async () => {
    await running.gateway.dataSource.destroy();
    const ready = await fetch(`${running.baseUrl}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'not ready', database: 'unreachable' });
    expect((await fetch(`${running.baseUrl}/healthz`)).status).toBe(200);
  });
});
