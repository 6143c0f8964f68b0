import type { ErrorCode } from '../../src/platform/error-codes';
import {
  AO,
  basic,
  envelopeWithFields,
  expectedFault,
  type FaultObservation,
  GOOD_LEARNER,
  LRS,
  newCorrelationId,
  observeFault,
  ordinaryEnvelope,
  type RequestSpec,
  send,
  VICTOR_LRS,
  withDoctype,
  WRONG_ORG_PASSWORD,
  WRONG_PASSWORD,
} from '../support/hostile-soap';
import {
  auditOutcomes,
  describeHostileInput,
  type HostileCase,
  snapshot,
  userChanges,
  victorCounted,
} from '../support/hostile-suite';
import { envelope, passwordDigestHeader, passwordTextHeader } from '../support/soap-messages';

/**
 * Who is calling, and in what encoding, on the AO gateway and LearnerService.svc: wrong, unknown,
 * suspended and role-less callers, stale tokens, and documents in encodings other than UTF-8.
 * Each refusal is checked as every hostile input is (test/support/hostile-suite.ts); the XML and
 * SOAP attacks are in test/red-team/xml.test.ts.
 */

const CASES: HostileCase[] = [
  {
    what: 'a DOCTYPE smuggled in UTF-16 (the pre-scan reads UTF-8)',
    request: (s) => ({
      body: Buffer.concat([
        Buffer.from([0xff, 0xfe]),
        Buffer.from(
          withDoctype(
            envelope(s.request(s.learnerFields({ ...GOOD_LEARNER, givenName: '&xxe;' })), s.header).replace(
              'encoding="utf-8"',
              'encoding="UTF-16"',
            ),
            '<!DOCTYPE soapenv:Envelope [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
          ),
          'utf16le',
        ),
      ]),
      headers: { 'content-type': 'text/xml; charset=utf-16' },
    }),
    code: 'MESSAGE_ENCODING_UNSUPPORTED', // UTF-8 only: docs/decisions/0049-utf8-only-requests.md
    alsoAcceptable: ['MESSAGE_MALFORMED', 'MESSAGE_FORBIDDEN_CONSTRUCT'],
  },
  {
    what: 'a DOCTYPE smuggled in UTF-7 (+ADw- is "<")',
    request: (s) => ({
      body: ordinaryEnvelope(s)
        .replace('encoding="utf-8"', 'encoding="UTF-7"')
        .replace(
          /^(<\?xml[^>]*\?>)/,
          '$1+ADw-!DOCTYPE soapenv:Envelope +AFs-+ADw-!ENTITY xxe SYSTEM +ACI-file:///etc/passwd+ACI-+AD4-+AF0-+AD4-',
        ),
    }),
    code: 'MESSAGE_ENCODING_UNSUPPORTED',
    alsoAcceptable: ['MESSAGE_MALFORMED', 'MESSAGE_FORBIDDEN_CONSTRUCT'],
  },
  {
    what: 'an XML declaration naming an encoding libxml2 cannot read (EBCDIC)',
    request: (s) => ({ body: ordinaryEnvelope(s).replace('encoding="utf-8"', 'encoding="IBM037"') }),
    code: 'MESSAGE_ENCODING_UNSUPPORTED',
  },

  // --- who is calling (AO gateway)
  {
    what: 'AO: a wrong password (WS-Security PasswordText)',
    surfaces: ['AO'],
    request: (s) => ({
      body: envelopeWithFields(s, s.learnerFields(GOOD_LEARNER), passwordTextHeader('victor.vance', WRONG_PASSWORD)),
    }),
    code: 'AUTH_FAILED',
    userChanges: victorCounted,
  },
  {
    what: "AO: SQL in the username (x' OR '1'='1)",
    surfaces: ['AO'],
    request: (s) => ({
      body: envelopeWithFields(s, s.learnerFields(GOOD_LEARNER), passwordTextHeader("x' OR '1'='1' --")),
    }),
    code: 'AUTH_FAILED',
  },
  {
    what: 'AO: an unknown user',
    surfaces: ['AO'],
    request: (s) => ({ body: envelopeWithFields(s, s.learnerFields(GOOD_LEARNER), passwordTextHeader('nobody.known')) }),
    code: 'AUTH_FAILED',
  },
  {
    what: 'AO: no credentials at all (no Security header, no Basic)',
    surfaces: ['AO'],
    request: (s) => ({ body: envelopeWithFields(s, s.learnerFields(GOOD_LEARNER), '') }),
    code: 'AUTH_REQUIRED',
    // Clients configured for HTTP Basic (.NET Credentials, java.net.Authenticator) send it only when challenged.
    challenge: 'Basic realm="lrs-gateway AO gateway", charset="UTF-8"',
  },
  {
    what: 'AO: a Security header without a UsernameToken',
    surfaces: ['AO'],
    request: (s) => ({
      body: envelopeWithFields(
        s,
        s.learnerFields(GOOD_LEARNER),
        '<wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"/>',
      ),
    }),
    code: 'AUTH_REQUIRED',
  },
  {
    what: 'AO: a suspended user (simon.stone), right password',
    surfaces: ['AO'],
    request: (s) => ({ body: envelopeWithFields(s, s.learnerFields(GOOD_LEARNER), passwordTextHeader('simon.stone')) }),
    code: 'AUTH_FAILED', // as a wrong password: docs/decisions/0045-refusals-before-proof.md
  },
  {
    what: 'AO: a user without the role (alice.archer)',
    surfaces: ['AO'],
    request: (s) => ({ body: envelopeWithFields(s, s.learnerFields(GOOD_LEARNER), passwordTextHeader('alice.archer')) }),
    code: 'ROLE_REQUIRED',
  },
  {
    what: 'AO: a PasswordDigest whose Created is 1 hour old',
    surfaces: ['AO'],
    request: (s) => ({
      body: envelopeWithFields(
        s,
        s.learnerFields(GOOD_LEARNER),
        passwordDigestHeader('victor.vance', undefined, { created: new Date(Date.now() - 3_600_000).toISOString() }),
      ),
    }),
    code: 'AUTH_TOKEN_EXPIRED',
  },
  {
    what: 'AO: a PasswordDigest whose Created is 1 hour in the future',
    surfaces: ['AO'],
    request: (s) => ({
      body: envelopeWithFields(
        s,
        s.learnerFields(GOOD_LEARNER),
        passwordDigestHeader('victor.vance', undefined, { created: new Date(Date.now() + 3_600_000).toISOString() }),
      ),
    }),
    code: 'AUTH_TOKEN_EXPIRED',
  },
  {
    what: 'AO: HTTP Basic with a wrong password',
    surfaces: ['AO'],
    request: (s) => ({
      body: envelopeWithFields(s, s.learnerFields(GOOD_LEARNER), ''),
      headers: { authorization: basic('victor.vance', WRONG_PASSWORD) },
    }),
    code: 'AUTH_FAILED',
    userChanges: victorCounted,
  },
  {
    what: 'AO: HTTP Basic for a suspended user (simon.stone), right password',
    surfaces: ['AO'],
    request: (s) => ({
      body: envelopeWithFields(s, s.learnerFields(GOOD_LEARNER), ''),
      headers: { authorization: basic('simon.stone', 'Compat-Test-2026') },
    }),
    code: 'AUTH_FAILED', // as a wrong password: docs/decisions/0045-refusals-before-proof.md
  },
  {
    what: 'AO: HTTP Basic for a user without the role (alice.archer)',
    surfaces: ['AO'],
    request: (s) => ({
      body: envelopeWithFields(s, s.learnerFields(GOOD_LEARNER), ''),
      headers: { authorization: basic('alice.archer', 'Compat-Test-2026') },
    }),
    code: 'ROLE_REQUIRED',
  },

  // --- who is calling (LRS LearnerService: credentials in the body)
  {
    what: 'LRS: a wrong OrgPassword',
    surfaces: ['LRS'],
    request: (s) => ({
      body: envelope(s.request(s.learnerFields(GOOD_LEARNER), { ...VICTOR_LRS, orgPassword: WRONG_ORG_PASSWORD })),
    }),
    code: 'AUTH_FAILED', // the organisation's, not counted against victor.vance (docs/decisions/0047-organisation-password-failures.md)
  },
  {
    what: "LRS: SQL in the UserName (x' OR '1'='1)",
    surfaces: ['LRS'],
    request: (s) => ({
      body: envelope(s.request(s.learnerFields(GOOD_LEARNER), { ...VICTOR_LRS, userName: "x' OR '1'='1' --" })),
    }),
    code: 'AUTH_FAILED',
  },
  {
    what: 'LRS: an unknown user',
    surfaces: ['LRS'],
    request: (s) => ({ body: envelope(s.request(s.learnerFields(GOOD_LEARNER), { ...VICTOR_LRS, userName: 'nobody.known' })) }),
    code: 'AUTH_FAILED',
  },
  {
    what: 'LRS: no UKPRN and no OrganisationRef',
    surfaces: ['LRS'],
    request: (s) => ({ body: envelope(s.request(s.learnerFields(GOOD_LEARNER), { ...VICTOR_LRS, ukprn: undefined })) }),
    code: 'ORGANISATION_UNKNOWN',
  },
  {
    what: 'LRS: an unknown UKPRN',
    surfaces: ['LRS'],
    request: (s) => ({ body: envelope(s.request(s.learnerFields(GOOD_LEARNER), { ...VICTOR_LRS, ukprn: '10000001' })) }),
    code: 'ORGANISATION_UNKNOWN',
  },
  {
    what: 'LRS: a suspended user (simon.stone)',
    surfaces: ['LRS'],
    request: (s) => ({ body: envelope(s.request(s.learnerFields(GOOD_LEARNER), { ...VICTOR_LRS, userName: 'simon.stone' })) }),
    code: 'AUTH_FAILED', // as a wrong password: docs/decisions/0045-refusals-before-proof.md
  },
  {
    what: 'LRS: a user without the role (alice.archer)',
    surfaces: ['LRS'],
    request: (s) => ({ body: envelope(s.request(s.learnerFields(GOOD_LEARNER), { ...VICTOR_LRS, userName: 'alice.archer' })) }),
    code: 'ROLE_REQUIRED',
  },
];

describeHostileInput('hostile input', [AO, LRS], CASES, (s, { running, ordinary }) => {
  // On the LRS surface the password sent is the organisation's, and a wrong one never suspends the user it
  // names (docs/decisions/0047-organisation-password-failures.md; test/red-team/lockout.test.ts).
  if (s.name !== 'AO') return;
  test('lockout: three wrong passwords suspend the account, then even the right password is refused', async () => {
    const dataSource = running().gateway.dataSource;
    // A user no other case needs; each database (describe.each row) starts fresh.
    const user = 'barbara.bates';
    const attempt = (right: boolean): RequestSpec => ({
      body: envelopeWithFields(s, s.learnerFields(GOOD_LEARNER), passwordTextHeader(user, right ? undefined : WRONG_PASSWORD)),
    });
    const before = await snapshot(running().gateway);
    const refusals: { fault: FaultObservation; audit: string[] }[] = [];
    for (const right of [false, false, false, true]) {
      const correlationId = newCorrelationId(s);
      const reply = await send(running().baseUrl, s, attempt(right), correlationId);
      refusals.push({
        fault: observeFault(s, reply, correlationId, false),
        audit: await auditOutcomes(running().gateway, correlationId),
      });
    }
    let lockouts: unknown[] = [];
    for (let i = 0; i < 20 && lockouts.length === 0; i++) {
      // The lockout entry is written behind the reply: flush, and give it a moment.
      await running().gateway.audit.flush();
      lockouts = await dataSource.query("SELECT outcome FROM audit_entries WHERE operation = 'SuspendAccount' AND username = ?", [
        user,
      ]);
      if (lockouts.length === 0) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const after = await snapshot(running().gateway);
    const followUp = await ordinary(s);

    const expectRefusal = (code: ErrorCode) => ({
      fault: { ...expectedFault(s, code, undefined, undefined, false), correlationIdInFault: true },
      audit: [`${s.auditSurface} ${code}`],
    });
    expect({
      refusals,
      account: after.users.get(user),
      users: userChanges(before, after),
      learnersUnchanged: after.learners === before.learners,
      lockoutAudited: lockouts.length,
      followUp,
    }).toEqual({
      refusals: [
        expectRefusal('AUTH_FAILED'),
        expectRefusal('AUTH_FAILED'),
        expectRefusal('AUTH_FAILED'),
        expectRefusal('AUTH_FAILED'),
      ],
      account: { status: 'SUSPENDED', failedAttempts: 3 },
      users: { [user]: { failedAttempts: 3, status: 'SUSPENDED' } },
      learnersUnchanged: true,
      lockoutAudited: 1,
      followUp: s.ordinaryAnswer,
    });
  });
});
