import { adminGet, type Request, verifyOnAo, verifyOnLearnerService } from '../messages';
import { type ClientContext, expectFields } from './context';

/**
 * VerifyLearner on the AO gateway and verifyLearner on the LRS-compatible LearnerService, in
 * turn: register learners with their exact details (WSVRC001), and one in ten a valid ULN that
 * is not on the register (WSVRC006). Each answer is audited; the ledger expects that entry.
 */
export async function verifyClient(context: ClientContext): Promise<void> {
  let n = 0;
  while (context.traffic.running) {
    const onAo = n++ % 2 === 0;
    const unknown = Math.random() < 0.1;
    const learner = context.pool.random();
    const asked = unknown ? { ...learner, uln: context.pool.unknownUln() } : learner;
    const expected = unknown ? 'WSVRC006' : 'WSVRC001';
    const outcome = await context.caller.good({
      kind: onAo ? 'VerifyLearner (AO)' : 'verifyLearner (LRS)',
      request: onAo ? verifyOnAo(asked, Math.random() < 0.5) : verifyOnLearnerService(asked),
      check: expectFields({ ResponseCode: expected }),
    });
    if (outcome.ok)
      context.ledger.readAudits.push({ correlationId: outcome.correlationId, operation: 'VerifyLearner', outcomes: [expected] });
  }
}

/** Admin API reads by a super user, an operator and an ordinary user. */
const ADMIN_READS: Request[] = [
  adminGet('alice.archer', '/users'),
  adminGet('olga.ortiz', '/organisations'),
  adminGet('victor.vance', '/self'),
  adminGet('alice.archer', '/audit-trail?pageSize=20'),
];

export async function adminClient(context: ClientContext): Promise<void> {
  let n = 0;
  while (context.traffic.running) {
    const request = ADMIN_READS[n++ % ADMIN_READS.length];
    await context.caller.good({
      kind: 'admin GET',
      request,
      check: (reply) => (reply.status === 200 && reply.body.startsWith('{') ? undefined : reply.body.slice(0, 160)),
    });
  }
}
