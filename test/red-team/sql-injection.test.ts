import { admin } from '../support/admin-client';
import { eachDatabase } from '../support/databases';
import { aoProbe, gatewayUnderAttack, probe } from '../support/red-team';
import { envelope, firstText, lrsVerifyLearner } from '../support/soap-messages';

/**
 * SQL injection in every search, filter and lookup a caller can type into: the admin API's user
 * search and audit trail, and the learner and organisation fields of the SOAP surfaces. Each
 * payload is either refused by the schema or taken as the literal text it is (it matches
 * nothing); the database is unchanged and the server keeps answering. The payloads cover both
 * dialects: quotes, comments (-- and #), stacked statements, UNION, MariaDB's backslash escape.
 */
const PAYLOADS = [
  "' OR '1'='1",
  "x'; DROP TABLE users; --",
  '" OR ""="',
  "%' UNION SELECT username FROM users --",
  "\\' OR 1=1 #",
  '1 OR 1=1',
];

/** Payloads short enough for a 35-character name field. */
const NAME_PAYLOADS = PAYLOADS.filter((p) => p.length <= 35);

describe.each(eachDatabase())('SQL injection on %s', (_name, database) => {
  const target = gatewayUnderAttack(database);
  const baseUrl = () => target.running().baseUrl;

  /** Every payload's outcome, the tables and /healthz, against what they must be. */
  async function expectHeld(outcomes: Record<string, unknown>, wanted: unknown) {
    expect({ outcomes, ...(await target.aftermath()) }).toEqual({
      outcomes: Object.fromEntries(Object.keys(outcomes).map((payload) => [payload, wanted])),
      tables: target.before(),
      healthz: 200,
    });
  }

  async function eachPayload(payloads: string[], attempt: (payload: string) => Promise<unknown>) {
    const outcomes: Record<string, unknown> = {};
    for (const payload of payloads) outcomes[payload] = await attempt(payload);
    return outcomes;
  }

  const adminOutcome = async (path: string, user = 'alice.archer') => {
    const reply = await admin(baseUrl(), 'GET', path, { user });
    return reply.status === 200
      ? { status: 200, total: reply.body.total }
      : { status: reply.status, code: reply.body.error?.code };
  };

  test.each([
    ['[RT-SQLI-01] SQL in the user search by username matches nothing', 'username'],
    ['[RT-SQLI-02] SQL in the user search by given name matches nothing', 'givenName'],
    ['[RT-SQLI-03] SQL in the user search by family name matches nothing', 'familyName'],
  ])('%s', async (_what, field) => {
    const outcomes = await eachPayload(NAME_PAYLOADS, (p) => adminOutcome(`/users?${field}=${encodeURIComponent(p)}`));
    await expectHeld(outcomes, { status: 200, total: 0 });
  });

  test.each([
    ['[RT-SQLI-04] SQL in the user search by status is refused REQUEST_INVALID', '/users?status='],
    ['[RT-SQLI-05] SQL in the user search by role is refused REQUEST_INVALID', '/users?role='],
    ['[RT-SQLI-06] SQL in the user search page number is refused REQUEST_INVALID', '/users?page='],
    ['[RT-SQLI-07] SQL in the audit-trail date filter is refused REQUEST_INVALID', '/audit-trail?from='],
  ])('%s', async (_what, path) => {
    const outcomes = await eachPayload(PAYLOADS, (p) => adminOutcome(`${path}${encodeURIComponent(p)}`));
    await expectHeld(outcomes, { status: 400, code: 'REQUEST_INVALID' });
  });

  test.each([
    ['[RT-SQLI-08] SQL in the audit-trail filter by username matches nothing', 'username'],
    ['[RT-SQLI-09] SQL in the audit-trail filter by operation matches nothing', 'operation'],
  ])('%s', async (_what, field) => {
    const outcomes = await eachPayload(NAME_PAYLOADS, (p) => adminOutcome(`/audit-trail?${field}=${encodeURIComponent(p)}`));
    await expectHeld(outcomes, { status: 200, total: 0 });
  });

  test('[RT-SQLI-10] SQL as the username in a user path answers USER_NOT_FOUND', async () => {
    const outcomes = await eachPayload(PAYLOADS, (p) => adminOutcome(`/users/${encodeURIComponent(p)}`));
    await expectHeld(outcomes, { status: 404, code: 'USER_NOT_FOUND' });
  });

  test("[RT-SQLI-11] SQL in an AO gateway VerifyLearner's names matches no learner", async () => {
    const outcomes = await eachPayload(NAME_PAYLOADS, async (p) => {
      const text = p.replace(/"/g, '&quot;');
      const reply = await aoProbe(
        baseUrl(),
        'victor.vance',
        'VerifyLearner',
        `<ao:ULN>1026893096</ao:ULN><ao:GivenName>${text}</ao:GivenName><ao:FamilyName>${text}</ao:FamilyName>`,
      );
      return firstText(reply.body, 'ResponseCode') ?? firstText(reply.body, 'Code');
    });
    await expectHeld(outcomes, 'WSVRC005');
  });

  test("[RT-SQLI-12] SQL in a LearnerService verifyLearner's names matches no learner", async () => {
    const outcomes = await eachPayload(NAME_PAYLOADS, async (p) => {
      const text = p.replace(/"/g, '&quot;');
      const reply = await probe(baseUrl(), '/LearnerService.svc', {
        body: envelope(lrsVerifyLearner({ uln: '1026893096', givenName: text, familyName: text })),
      });
      return firstText(reply.body, 'ResponseCode') ?? firstText(reply.body, 'ErrorCode');
    });
    await expectHeld(outcomes, 'WSVRC005');
  });

  test("[RT-SQLI-13] SQL in an achievement key's names finds no achievement (ACHIEVEMENT_NOT_FOUND)", async () => {
    const outcomes = await eachPayload(NAME_PAYLOADS, async (p) => {
      const text = p.replace(/"/g, '&quot;');
      const reply = await aoProbe(
        baseUrl(),
        'quentin.quinn',
        'FindAchievement',
        `<ao:Key><ao:ULN>2000000087</ao:ULN><ao:GivenName>${text}</ao:GivenName><ao:FamilyName>${text}</ao:FamilyName>` +
          '<ao:AimReference>603/5678/9</ao:AimReference><ao:AwardDate>2025-06-20</ao:AwardDate></ao:Key>',
      );
      return firstText(reply.body, 'Code');
    });
    await expectHeld(outcomes, 'ACHIEVEMENT_NOT_FOUND');
  });

  test('[RT-SQLI-14] SQL as the OrganisationRef of LearnerService.svc is refused by the schema (WSEC0001)', async () => {
    const outcomes = await eachPayload(NAME_PAYLOADS, async (p) => {
      const reply = await probe(baseUrl(), '/LearnerService.svc', {
        body: envelope(
          lrsVerifyLearner(
            { uln: '1026893096', givenName: 'Sample', familyName: 'Testname' },
            { organisationRef: p.replace(/"/g, '&quot;') },
          ),
        ),
      });
      return firstText(reply.body, 'ErrorCode');
    });
    await expectHeld(outcomes, 'WSEC0001');
  });

  test('[RT-SQLI-15] SQL as the UserName of ExternalService.svc is refused (WSEC0005)', async () => {
    const outcomes = await eachPayload(NAME_PAYLOADS, async (p) => {
      const reply = await probe(baseUrl(), '/ExternalService.svc', {
        body: envelope(
          '<ser:GetAchievementBatchJob xmlns:ser="http://api.lrs.qcf.gov.uk/services" xmlns:mod="http://api.lrs.qcf.gov.uk/model">' +
            '<ser:invokingUser><mod:OrgPassword>AO1WebService#01</mod:OrgPassword><mod:OrganisationRef>AOB001</mod:OrganisationRef>' +
            `<mod:UserName>${p.replace(/"/g, '&quot;')}</mod:UserName></ser:invokingUser><ser:jobId>1</ser:jobId></ser:GetAchievementBatchJob>`,
        ),
      });
      return firstText(reply.body, 'ErrorCode');
    });
    await expectHeld(outcomes, 'WSEC0005');
  });
});
