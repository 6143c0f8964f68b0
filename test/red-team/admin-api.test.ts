import { gzipSync } from 'node:zlib';
import { eachDatabase } from '../support/databases';
import { gatewayUnderAttack } from '../support/red-team';
import { COMPAT_PASSWORD } from '../support/soap-messages';

/**
 * Hostile bodies and paths on the admin API (JSON): broken, oversized, compressed, deeply nested
 * or prototype-polluting bodies, bodies where none belongs, out-of-range paging, paths that climb
 * out of their route, verbs a route does not have. Each is refused with its JSON error code,
 * changes nothing, and the server keeps answering.
 */

const BODY_LIMIT = 64 * 1024;
const MIB = 1024 * 1024;

interface AdminAttack {
  what: string;
  method: string;
  path: string;
  body?: string | Buffer;
  headers?: Record<string, string>;
  status: number;
  code: string;
}

const PERSON = '"givenName": "Petra", "familyName": "Quill", "email": "petra.quill@awarding-one.example", "roles": ["QCF_USER"]';

const ATTACKS: AdminAttack[] = [
  {
    what: '[RT-ADMIN-01] a JSON body that is not well-formed is refused REQUEST_INVALID',
    method: 'POST',
    path: '/users',
    body: `{${PERSON}`,
    status: 400,
    code: 'REQUEST_INVALID',
  },
  {
    what: '[RT-ADMIN-02] a JSON body over BODY_LIMIT_BYTES is refused 413 MESSAGE_TOO_LARGE',
    method: 'POST',
    path: '/users',
    body: `{${PERSON}, "title": "${'x'.repeat(2 * BODY_LIMIT)}"}`,
    status: 413,
    code: 'MESSAGE_TOO_LARGE',
  },
  {
    what: '[RT-ADMIN-03] a gzip bomb of a JSON body (50 MiB of spaces) is refused 413 MESSAGE_TOO_LARGE when its inflated size passes the limit',
    method: 'POST',
    path: '/users',
    body: gzipSync(Buffer.concat([Buffer.from(`{${PERSON},`), Buffer.alloc(50 * MIB, ' '), Buffer.from('"title": "Dr"}')]), {
      level: 9,
    }),
    headers: { 'Content-Encoding': 'gzip' },
    status: 413,
    code: 'MESSAGE_TOO_LARGE',
  },
  {
    what: '[RT-ADMIN-04] a body that sets __proto__ (prototype pollution) is refused REQUEST_INVALID and pollutes nothing',
    method: 'POST',
    path: '/users',
    body: `{${PERSON}, "__proto__": {"isOperator": true, "roles": ["OPERATOR"]}}`,
    status: 400,
    code: 'REQUEST_INVALID',
  },
  {
    what: '[RT-ADMIN-05] a body that sets constructor.prototype is refused REQUEST_INVALID and pollutes nothing',
    method: 'PATCH',
    path: '/users/victor.vance',
    body: '{"givenName": "Victor", "constructor": {"prototype": {"isOperator": true}}}',
    status: 400,
    code: 'REQUEST_INVALID',
  },
  {
    what: '[RT-ADMIN-06] a body nested 20,000 deep is refused REQUEST_INVALID without exhausting the stack',
    method: 'PATCH',
    path: '/users/victor.vance',
    body: `{"givenName": ${'['.repeat(20_000)}${']'.repeat(20_000)}}`,
    status: 400,
    code: 'REQUEST_INVALID',
  },
  {
    what: '[RT-ADMIN-07] a body sent to a call that takes none is refused REQUEST_INVALID',
    method: 'POST',
    path: '/users/victor.vance/suspend',
    body: '{"status": "ACTIVE"}',
    status: 400,
    code: 'REQUEST_INVALID',
  },
  {
    what: '[RT-ADMIN-08] a page size beyond the maximum (100,000) is refused REQUEST_INVALID',
    method: 'GET',
    path: '/users?pageSize=100000',
    status: 400,
    code: 'REQUEST_INVALID',
  },
  {
    what: '[RT-ADMIN-09] an unknown query parameter is refused REQUEST_INVALID',
    method: 'GET',
    path: '/users?organisationUkprn=10099902',
    status: 400,
    code: 'REQUEST_INVALID',
  },
  {
    what: '[RT-ADMIN-10] a username that climbs out of its path (..%2F..%2Forganisations) answers USER_NOT_FOUND',
    method: 'GET',
    path: '/users/..%2F..%2Forganisations',
    status: 404,
    code: 'USER_NOT_FOUND',
  },
  {
    what: '[RT-ADMIN-11] a verb a route does not have (PUT /admin/users) answers NOT_FOUND',
    method: 'PUT',
    path: '/users',
    body: `{${PERSON}}`,
    status: 404,
    code: 'NOT_FOUND',
  },
];

describe.each(eachDatabase())('hostile admin API calls on %s', (_name, database) => {
  const target = gatewayUnderAttack(database, { env: { BODY_LIMIT_BYTES: String(BODY_LIMIT) } });

  test.each(ATTACKS.map((a) => [a.what, a] as const))('%s', async (_what, a) => {
    const started = performance.now();
    const response = await fetch(`${target.running().baseUrl}/admin${a.path}`, {
      method: a.method,
      headers: {
        Authorization: `Basic ${Buffer.from(`alice.archer:${COMPAT_PASSWORD}`).toString('base64')}`,
        ...(a.body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...a.headers,
      },
      body: a.body,
      signal: AbortSignal.timeout(10_000),
    });
    const body = (await response.json()) as { error?: { code: string } };
    const polluted = Object.keys(Object.prototype).concat(
      ['isOperator', 'roles'].filter((key) => key in ({} as Record<string, unknown>)),
    );
    expect({
      status: response.status,
      code: body.error?.code,
      answeredWithin5s: performance.now() - started < 5_000,
      polluted,
      ...(await target.aftermath()),
    }).toEqual({
      status: a.status,
      code: a.code,
      answeredWithin5s: true,
      polluted: [],
      tables: target.before(),
      healthz: 200,
    });
  });
});
