import fs from 'node:fs';
import path from 'node:path';
import nock from 'nock';
import { eachDatabase } from '../support/databases';
import { admin } from '../support/admin-client';
import { type RunningGateway, startGateway } from '../support/running-gateway';

const OFQUAL = 'https://register-api.test.invalid';
const page = (n: number) =>
  JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'ofqual', `page-${n}.json`), 'utf8'));

describe.each(eachDatabase())('operator calls on the qualification register, on %s', (_name, database) => {
  let running: RunningGateway;
  beforeAll(async () => {
    running = await startGateway({ database, env: { OFQUAL_API_BASE: OFQUAL } });
  });
  afterAll(async () => {
    nock.cleanAll();
    await running.stop();
  });

  test('an operator reads a qualification, in either reference form', async () => {
    const reply = await admin(running.baseUrl, 'GET', '/qualifications/603%2F5678%2F9', { user: 'olga.ortiz' });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ reference: '60356789', grades: ['A*', 'A', 'B', 'C', 'D', 'E', 'U'], source: 'SEED' });
    const shared = await admin(running.baseUrl, 'GET', '/qualifications/60410103', { user: 'olga.ortiz' });
    expect(shared.body.sharedWith).toEqual(['10099901']);
  });

  test('an operator sets the grades of a qualification, and achievements then use them', async () => {
    const reply = await admin(running.baseUrl, 'PUT', '/qualifications/50050503/grades', {
      user: 'olga.ortiz',
      body: { grades: ['Pass', 'Merit'] },
    });
    expect(reply.status).toBe(200);
    expect(reply.body.grades).toEqual(['Pass', 'Merit']);
    const audited = await running.gateway.dataSource.query(
      "SELECT username FROM audit_entries WHERE operation = 'SetQualificationGrades' AND subject = '50050503'",
    );
    expect(audited).toEqual([{ username: 'olga.ortiz' }]);
  });

  test.each([
    ['no credentials', {}, 401, 'AUTH_REQUIRED'],
    ['a wrong password', { user: 'olga.ortiz', password: 'nope' }, 401, 'AUTH_FAILED'],
    ['a user without the operator role', { user: 'alice.archer' }, 403, 'ROLE_REQUIRED'],
    ['an empty grade list', { user: 'olga.ortiz', body: { grades: [] } }, 400, 'REQUEST_INVALID'],
    ['an unknown field', { user: 'olga.ortiz', body: { grades: ['A'], extra: 1 } }, 400, 'REQUEST_INVALID'],
    ['a grade with the separator', { user: 'olga.ortiz', body: { grades: ['A|B'] } }, 400, 'REQUEST_INVALID'],
    ['broken JSON', { user: 'olga.ortiz', rawBody: '{"grades": [' }, 400, 'REQUEST_INVALID'],
  ])('setting grades with %s is refused', async (_what, options, status, code) => {
    const reply = await admin(running.baseUrl, 'PUT', '/qualifications/60356789/grades', options);
    expect(reply.status).toBe(status);
    expect(reply.body.error?.code).toBe(code);
    expect(JSON.stringify(reply.body)).not.toMatch(/at \w+ \(|node_modules|\.ts:/);
  });

  test('an unknown qualification is a 404 with a stable code', async () => {
    const reply = await admin(running.baseUrl, 'GET', '/qualifications/99999999', { user: 'olga.ortiz' });
    expect(reply.status).toBe(404);
    expect(reply.body.error?.code).toBe('QUALIFICATION_UNKNOWN');
  });

  test('an operator runs the Ofqual sync: three pages, counted and upserted', async () => {
    const scope = nock(OFQUAL)
      .get('/api/Qualifications')
      .query({ page: '1', limit: '2' })
      .reply(200, page(1))
      .get('/api/Qualifications')
      .query({ page: '2', limit: '2' })
      .reply(200, page(2))
      .get('/api/Qualifications')
      .query({ page: '3', limit: '2' })
      .reply(200, page(3));
    const reply = await admin(running.baseUrl, 'POST', '/qualifications/sync', { user: 'olga.ortiz', body: { limit: 2 } });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ pagesFetched: 3, total: 5, complete: true });
    expect(scope.isDone()).toBe(true);
  });
});
