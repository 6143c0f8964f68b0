import type { DataSource } from 'typeorm';
import type { TestDatabase } from './databases';
import { type RunningGateway, startGateway } from './running-gateway';
import {
  aoVerifyLearner,
  COMPAT_PASSWORD,
  envelope,
  firstText,
  lrsVerifyLearner,
  passwordTextHeader,
  postSoap,
  type SoapReply,
} from './soap-messages';

/** What the attacks on authentication, lockout, account state and encoding share: requests, snapshots, comparisons. */

export const SAMPLE = { uln: '1026893096', givenName: 'Sample', familyName: 'Testname' };
export const AO1_ORG_PASSWORD = 'AO1WebService#01';
export const WRONG_ORG_PASSWORD = 'WrongWebService9';
const EXTERNAL_NS = 'http://api.lrs.qcf.gov.uk/services';
const MODEL_NS = 'http://api.lrs.qcf.gov.uk/model';

export const aoCall = (running: RunningGateway, header: string, body = aoVerifyLearner(SAMPLE)) =>
  postSoap(`${running.baseUrl}/soap/ao`, envelope(body, header));

export const aoBasicCall = (running: RunningGateway, username: string, password: string) =>
  postSoap(`${running.baseUrl}/soap/ao`, envelope(aoVerifyLearner(SAMPLE)), {
    Authorization: `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`,
  });

export const lrsCall = (running: RunningGateway, userName: string, orgPassword = AO1_ORG_PASSWORD) =>
  postSoap(`${running.baseUrl}/LearnerService.svc`, envelope(lrsVerifyLearner(SAMPLE, { userName, orgPassword })), {
    SOAPAction: '"http://tempuri.org/LearnerPortType/verifyLearner"',
  });

/** GetAchievementBatchJob of a job that does not exist: ResponseCode WSRC0018 once the caller is let in, a WSEC fault before. */
export const externalCall = (running: RunningGateway, userName: string, orgPassword = AO1_ORG_PASSWORD) =>
  postSoap(
    `${running.baseUrl}/ExternalService.svc`,
    envelope(
      `<ser:GetAchievementBatchJob xmlns:ser="${EXTERNAL_NS}" xmlns:mod="${MODEL_NS}"><ser:invokingUser>` +
        `<mod:OrgPassword>${orgPassword}</mod:OrgPassword><mod:OrganisationRef>AOB001</mod:OrganisationRef>` +
        `<mod:UserName>${userName}</mod:UserName></ser:invokingUser><ser:jobId>999999</ser:jobId></ser:GetAchievementBatchJob>`,
    ),
  );

/** The code a reply carries: the response code, the AO fault's stable code, or the LRS fault's WSEC code. */
export function codeIn(reply: SoapReply): string | undefined {
  return firstText(reply.body, 'ResponseCode') ?? firstText(reply.body, 'Code') ?? firstText(reply.body, 'ErrorCode');
}

/** The stable code inside an ExternalService DomainFault (its ErrorDetail is base64 of "CODE: message [...]"). */
export function externalDetailCode(reply: SoapReply): string | undefined {
  const detail = firstText(reply.body, 'ErrorDetail');
  return detail === undefined ? undefined : /^([A-Z_]+):/.exec(Buffer.from(detail, 'base64').toString('utf8'))?.[1];
}

/**
 * A reply as an attacker sees it, less what differs on every call (correlation id, timestamps):
 * two refusals that compare equal tell the attacker nothing apart.
 */
export function asSeen(reply: SoapReply): { status: number; body: string } {
  const correlationId = reply.headers.get('x-correlation-id') ?? '\u0000';
  const body = reply.body
    .replace(
      /<ErrorDetail>([^<]*)<\/ErrorDetail>/g,
      (_, detail: string) => `<ErrorDetail>${Buffer.from(detail, 'base64').toString('utf8')}</ErrorDetail>`,
    )
    .split(correlationId)
    .join('<correlation id>')
    .replace(/<ErrorTimestamp>[^<]*<\/ErrorTimestamp>/g, '<ErrorTimestamp/>');
  return { status: reply.status, body };
}

/** What an attack must leave as it was: the accounts, the nonces seen and the mail waiting to go. */
export async function accountsSnapshot(dataSource: DataSource): Promise<unknown> {
  const users = await dataSource.query(
    'SELECT username, status, failed_attempts, password_hash, password_is_one_time FROM users ORDER BY id',
  );
  const [nonces] = await dataSource.query('SELECT COUNT(*) AS n FROM wsse_nonces');
  const [mail] = await dataSource.query('SELECT COUNT(*) AS n FROM outbox_messages');
  return {
    users: (users as Record<string, unknown>[]).map((u) => ({
      ...u,
      failed_attempts: Number(u.failed_attempts),
      password_is_one_time: Boolean(Number(u.password_is_one_time)),
    })),
    nonces: Number(nonces.n),
    mail: Number(mail.n),
  };
}

/** The gateway still serves: /healthz answers and an ordinary verification succeeds. */
export async function expectStillServing(running: RunningGateway, header: string): Promise<void> {
  const health = await fetch(`${running.baseUrl}/healthz`);
  if (health.status !== 200) throw new Error(`/healthz answered ${health.status}`);
  const reply = await aoCall(running, header);
  if (codeIn(reply) !== 'WSVRC001') throw new Error(`an ordinary VerifyLearner answered ${codeIn(reply)}`);
}

export { COMPAT_PASSWORD };

/** One gateway for a describe block of attacks: started before them, stopped after. */
export function gatewayUnderAttack(database: TestDatabase, env: Record<string, string> = {}) {
  let running: RunningGateway | undefined;
  beforeAll(async () => {
    running = await startGateway({ database, env });
  });
  afterAll(() => running?.stop());
  const gateway = () => {
    if (!running) throw new Error('the gateway has not started');
    return running;
  };
  return {
    get running() {
      return gateway();
    },
    snapshot: () => accountsSnapshot(gateway().gateway.dataSource),
    /** /healthz answers and victor.vance still verifies a learner. */
    stillServing: () => expectStillServing(gateway(), passwordTextHeader('victor.vance')),
  };
}
