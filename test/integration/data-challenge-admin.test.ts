import { admin } from '../support/admin-client';
import { eachDatabase } from '../support/databases';
import { type RunningGateway, startGateway } from '../support/running-gateway';

const PATH_AO_ONE = '/organisations/10099901/edc-resolver';
const PATH_AO_TWO = '/organisations/10099902/edc-resolver';

describe.each(eachDatabase())(
  "an AO's nominated EDC resolver address (guide 6.1), through the admin API, on %s",
  (_name, database) => {
    let running: RunningGateway;
    beforeAll(async () => {
      running = await startGateway({ database, env: { EDC_REPORT_SCHEDULE: 'off' } });
    });
    afterAll(() => running.stop());

    test('the compatibility AOs come with one', async () => {
      const reply = await admin(running.baseUrl, 'get', PATH_AO_ONE, { user: 'alice.archer' });
      expect(reply).toMatchObject({
        status: 200,
        body: {
          ukprn: '10099901',
          name: 'Compat Awarding Body One',
          edcResolverEmail: 'edc-resolver.aob001@compatibilitytest.example',
        },
      });
    });

    test("the AO's super user sets and clears its own; the change is audited", async () => {
      const set = await admin(running.baseUrl, 'put', PATH_AO_ONE, {
        user: 'alice.archer',
        body: { edcResolverEmail: 'edc.team@ao-one.example' },
      });
      expect(set).toMatchObject({ status: 200, body: { edcResolverEmail: 'edc.team@ao-one.example' } });
      const cleared = await admin(running.baseUrl, 'put', PATH_AO_ONE, {
        user: 'alice.archer',
        body: { edcResolverEmail: null },
      });
      expect(cleared.body.edcResolverEmail).toBeNull();
      const audited = await running.gateway.dataSource.query(
        "SELECT username, subject FROM audit_entries WHERE operation = 'SetEdcResolverEmail' ORDER BY id",
      );
      expect(audited).toEqual([
        { username: 'alice.archer', subject: '10099901' },
        { username: 'alice.archer', subject: '10099901' },
      ]);
    });

    test("an operator sets any AO's", async () => {
      const reply = await admin(running.baseUrl, 'put', PATH_AO_TWO, {
        user: 'olga.ortiz',
        body: { edcResolverEmail: 'resolver@ao-two.example' },
      });
      expect(reply).toMatchObject({ status: 200, body: { ukprn: '10099902', edcResolverEmail: 'resolver@ao-two.example' } });
    });

    test.each([
      ["another AO's super user", 'owen.oakley', 'put', PATH_AO_ONE, 404, 'NOT_FOUND'],
      ["another AO's super user reading", 'owen.oakley', 'get', PATH_AO_ONE, 404, 'NOT_FOUND'],
      ['an AO user without the super user role', 'quentin.quinn', 'put', PATH_AO_ONE, 403, 'ROLE_REQUIRED'],
      ["a school's super user, for the school", 'leo.lyons', 'put', '/organisations/10099903/edc-resolver', 404, 'NOT_FOUND'],
      ['an operator, for a school', 'olga.ortiz', 'put', '/organisations/10099903/edc-resolver', 404, 'NOT_FOUND'],
      ['an operator, for a UKPRN nobody has', 'olga.ortiz', 'put', '/organisations/10000000/edc-resolver', 404, 'NOT_FOUND'],
    ])('%s is refused', async (_who, user, method, path, status, code) => {
      const before = await running.gateway.dataSource.query('SELECT ukprn, edc_resolver_email FROM organisations ORDER BY id');
      const reply = await admin(running.baseUrl, method, path, {
        user,
        body: method === 'put' ? { edcResolverEmail: 'x@y.example' } : undefined,
      });
      expect(reply.status).toBe(status);
      expect(reply.body.error?.code).toBe(code);
      expect(await running.gateway.dataSource.query('SELECT ukprn, edc_resolver_email FROM organisations ORDER BY id')).toEqual(
        before,
      );
    });

    test.each([
      ['not an address', { edcResolverEmail: 'not an address' }],
      ['a missing field', {}],
      ['an extra field', { edcResolverEmail: 'a@b.example', cc: 'c@d.example' }],
    ])('a body with %s is refused with REQUEST_INVALID', async (_what, body) => {
      const reply = await admin(running.baseUrl, 'put', PATH_AO_TWO, { user: 'olga.ortiz', body });
      expect(reply).toMatchObject({ status: 400, body: { error: { code: 'REQUEST_INVALID' } } });
    });
  },
);
