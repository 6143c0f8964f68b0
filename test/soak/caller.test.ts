import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Availability } from '../../soak/availability';
import { Caller, type GoodCall } from '../../soak/caller';
import { LoopbackClient } from '../../soak/http';
import { Traffic } from '../../soak/traffic';

/**
 * How the soak's client classifies outcomes and reconciles a change whose first attempt was
 * lost, against a scripted server on 127.0.0.1: each request gets the next scripted answer.
 */
type Answer = 'lose' | 'ok' | { fault: string };

function scriptedServer(script: Answer[]) {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      seen.push(String(req.headers['x-correlation-id']));
      const answer = script.shift() ?? 'ok';
      if (answer === 'lose') return req.socket.destroy(); // read, maybe carried out, never answered
      if (answer === 'ok') return res.end('<ao:Status>ACTIVE</ao:Status>');
      res.statusCode = 500;
      res.end(`<soapenv:Fault><detail><ao:Code>${answer.fault}</ao:Code><ao:Message>x</ao:Message></detail></soapenv:Fault>`);
    });
  });
  return { server, seen };
}

async function run(script: Answer[], options: { window: boolean; change: boolean }) {
  const { server, seen } = scriptedServer(script);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const client = new LoopbackClient((server.address() as AddressInfo).port);
  const traffic = new Traffic(60_000, 100);
  const availability = new Availability({ down: () => client.drain(), up: () => client.resume() });
  if (options.window) {
    availability.down();
    setTimeout(() => availability.up(), 100);
  }
  const call: GoodCall = {
    kind: 'CreateAchievement',
    request: { method: 'POST', path: '/soap/ao', headers: {}, body: '<x/>' },
    check: (reply) => (reply.status === 200 ? undefined : 'fault'),
    change: options.change ? { alreadyDone: ['ACHIEVEMENT_EXISTS'] } : undefined,
  };
  try {
    const outcome = await new Caller(client, traffic, availability, 'test').good(call);
    const stats = traffic.kinds.get('CreateAchievement');
    return {
      ok: outcome.ok,
      reconciled: outcome.ok && outcome.reconciled,
      sameCorrelationId: seen.length > 1 && seen.every((id) => id === seen[0]),
      attempts: seen.length,
      accepted: stats?.accepted,
      unavailable: stats?.unavailable,
      failed: stats?.failed,
    };
  } finally {
    client.close();
    server.close();
  }
}

describe('the soak client', () => {
  test('a change lost in the restart window and then found already done counts once, under one correlation id', async () => {
    expect(await run(['lose', { fault: 'ACHIEVEMENT_EXISTS' }], { window: true, change: true })).toEqual({
      ok: true,
      reconciled: true,
      sameCorrelationId: true,
      attempts: 2,
      accepted: 1,
      unavailable: 1,
      failed: 0,
    });
  });

  test('a change lost in the window and not carried out is simply carried out by the retry', async () => {
    expect(await run(['lose', 'ok'], { window: true, change: true })).toMatchObject({ ok: true, reconciled: false, attempts: 2 });
  });

  test('"already done" without a lost attempt before it is a failure, not a reconciliation', async () => {
    expect(await run([{ fault: 'ACHIEVEMENT_EXISTS' }], { window: true, change: true })).toMatchObject({
      ok: false,
      attempts: 1,
      failed: 1,
    });
  });

  test('a read retried after a loss gets a new correlation id, and "already done" means nothing to it', async () => {
    expect(await run(['lose', { fault: 'ACHIEVEMENT_EXISTS' }], { window: true, change: false })).toMatchObject({
      ok: false,
      sameCorrelationId: false,
      attempts: 2,
      unavailable: 1,
      failed: 1,
    });
  });

  test('a connection lost outside any restart window is a failure', async () => {
    expect(await run(['lose'], { window: false, change: true })).toMatchObject({
      ok: false,
      attempts: 1,
      failed: 1,
      unavailable: 0,
    });
  });
});
