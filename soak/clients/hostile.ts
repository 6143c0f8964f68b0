import { pause } from '../caller';
import type { SoakLearner } from '../learners';
import { aoCall, type Request, verifyOnAo, verifyOnLearnerService } from '../messages';
import type { ClientContext } from './context';

interface HostileCase {
  kind: string;
  request(learner: SoakLearner): Request;
  /** The fault code the reply must carry (AO: ao:Code; LRS: its WSEC ErrorCode). */
  codes: readonly string[];
  /** The outcome its audit entry must record (the stable code). */
  audited: readonly string[];
}

function withBody(request: Request, body: string): Request {
  return { ...request, body };
}

/** Nested entities: would expand to a billion characters if the parser expanded them. */
function billionLaughs(envelope: string): string {
  const entities = ['<!ENTITY lol0 "lol">'];
  for (let i = 1; i <= 9; i++) entities.push(`<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`);
  return envelope
    .replace('<soapenv:Envelope', `<!DOCTYPE soapenv:Envelope [${entities.join('')}]><soapenv:Envelope`)
    .replace(/<ao:FamilyName>[^<]*</, '<ao:FamilyName>&lol9;<');
}

function deeplyNested(envelope: string, depth: number): string {
  return envelope.replace('</ao:GivenName>', `</ao:GivenName>${'<x>'.repeat(depth)}${'</x>'.repeat(depth)}`);
}

const AUTH = ['AUTH_FAILED', 'AUTH_ACCOUNT_SUSPENDED'];
const WRONG_ORG_PASSWORD = 'hostile: wrong OrgPassword (LRS)';

/**
 * Requests the gateway must refuse with a fault and that must not disturb anything else: a
 * DOCTYPE with entities, malformed XML, a body over the 1 MiB limit, nesting past the depth limit,
 * a wrong password (for users no good client uses: owen.oakley of AO Two, who is locked out
 * after three, and a user who does not exist) and a wrong OrgPassword on the LRS service.
 */
const CASES: HostileCase[] = [
  {
    kind: 'hostile: DOCTYPE/entities',
    request: (l) => withBody(verifyOnAo(l, false), billionLaughs(verifyOnAo(l, false).body as string)),
    codes: ['MESSAGE_FORBIDDEN_CONSTRUCT'],
    audited: ['MESSAGE_FORBIDDEN_CONSTRUCT'],
  },
  {
    kind: 'hostile: malformed XML',
    request: (l) => withBody(verifyOnAo(l, false), (verifyOnAo(l, false).body as string).replace('</ao:ULN>', '</ao:ULNx>')),
    codes: ['MESSAGE_MALFORMED'],
    audited: ['MESSAGE_MALFORMED'],
  },
  {
    kind: 'hostile: deep nesting',
    request: (l) => withBody(verifyOnAo(l, false), deeplyNested(verifyOnAo(l, false).body as string, 40)),
    codes: ['MESSAGE_LIMIT_EXCEEDED'],
    audited: ['MESSAGE_LIMIT_EXCEEDED'],
  },
  {
    kind: 'hostile: wrong password',
    request: () => aoCall('ListDataChallenges', 'owen.oakley', '', 'Not-The-Password-1'),
    codes: AUTH,
    audited: AUTH,
  },
  {
    kind: 'hostile: unknown user',
    request: () => aoCall('ListDataChallenges', 'mallory.nobody', '', 'Not-The-Password-1'),
    codes: ['AUTH_FAILED'],
    audited: ['AUTH_FAILED'],
  },
  {
    kind: WRONG_ORG_PASSWORD,
    request: (l) => verifyOnLearnerService(l, { ukprn: '10099902', orgPassword: 'WrongWebService9', userName: 'nadia.novak' }),
    codes: ['WSEC0005', 'WSEC0006'],
    audited: AUTH,
  },
  {
    kind: 'hostile: oversize body',
    request: (l) =>
      withBody(
        verifyOnAo(l, false),
        (verifyOnAo(l, false).body as string).replace('</ao:GivenName>', `</ao:GivenName>${' '.repeat(1_200_000)}`),
      ),
    codes: ['MESSAGE_TOO_LARGE'],
    audited: ['MESSAGE_TOO_LARGE'],
  },
];

/** Hostile requests at a modest pace (the oversize one moves 1.2 MB), each refusal's audit entry expected. */
export async function hostileClient(context: ClientContext): Promise<void> {
  let n = 0;
  while (context.traffic.running) {
    const hostile = CASES[n++ % CASES.length];
    const correlationId = await context.caller.hostile(hostile.kind, hostile.request(context.pool.random()), hostile.codes);
    if (correlationId) {
      context.ledger.refusalAudits.push({ correlationId, outcomes: hostile.audited });
      if (hostile.kind === WRONG_ORG_PASSWORD) context.ledger.wrongOrgPasswords += 1;
    }
    await pause(50);
  }
}
