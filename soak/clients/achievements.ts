import { firstText } from '../../test/support/soap-messages';
import { faultMessage } from '../caller';
import type { AchievementAction } from '../ledger';
import type { AchievementKey } from '../learners';
import {
  changeStatus,
  createAchievement,
  findAchievement,
  getDataChallenge,
  listDataChallenges,
  raiseDataChallenge,
  resolveDataChallenge,
  setDataChallengeInProgress,
  type Request,
  updateGrade,
} from '../messages';
import { actionDate, type ClientContext, expectFields } from './context';

interface Step {
  action: AchievementAction;
  kind: string;
  request(key: AchievementKey): Request;
  status: string;
  grade: string;
  /** The fault a retry gets when the lost first attempt did commit (guide 5.1-5.2 state machine). */
  alreadyDone: string;
}

/** create → update → withdraw → reinstate: each step's outcome follows from the previous one. */
const LIFECYCLE: Step[] = [
  {
    action: 'CREATE',
    kind: 'CreateAchievement',
    request: (key) => createAchievement(key, 'B'),
    status: 'ACTIVE',
    grade: 'B',
    alreadyDone: 'ACHIEVEMENT_EXISTS',
  },
  {
    action: 'UPDATE',
    kind: 'UpdateAchievement',
    request: (key) => updateGrade(key, 'A', actionDate()),
    status: 'ACTIVE',
    grade: 'A',
    alreadyDone: 'ACHIEVEMENT_UNCHANGED',
  },
  {
    action: 'WITHDRAW',
    kind: 'WithdrawAchievement',
    request: (key) => changeStatus('WithdrawAchievement', key, actionDate(), 'ACHINVALID'),
    status: 'WITHDRAWN',
    grade: 'A',
    alreadyDone: 'ACHIEVEMENT_ALREADY_WITHDRAWN',
  },
  {
    action: 'REINSTATE',
    kind: 'ReinstateAchievement',
    request: (key) => changeStatus('ReinstateAchievement', key, actionDate(), 'SUBINERROR'),
    status: 'ACTIVE',
    grade: 'A',
    alreadyDone: 'ACHIEVEMENT_NOT_WITHDRAWN',
  },
];

/** One step on one key; the ledger learns of it only when the gateway accepted it. */
async function step(context: ClientContext, key: AchievementKey, s: Step): Promise<boolean> {
  const outcome = await context.caller.good({
    kind: s.kind,
    request: s.request(key),
    check: expectFields({ Status: s.status, Grade: s.grade }),
    change: { alreadyDone: [s.alreadyDone] },
  });
  if (outcome.ok) context.ledger.accepted(key, s.action, outcome.correlationId);
  return outcome.ok;
}

/** Achievement lifecycles on fresh keys; one in four is read back at the end with all four events. */
export async function lifecycleClient(context: ClientContext): Promise<void> {
  while (context.traffic.running) {
    const key = context.pool.nextKey();
    let completed = true;
    for (const s of LIFECYCLE) {
      if (!context.traffic.running || !(await step(context, key, s))) {
        completed = false;
        break;
      }
    }
    if (completed && Math.random() < 0.25) {
      await context.caller.good({
        kind: 'FindAchievement',
        request: findAchievement(key),
        check: (reply) =>
          expectFields({ Status: 'ACTIVE', Grade: 'A' })(reply) ??
          ((reply.body.match(/<ao:Event>/g) ?? []).length === 4 ? undefined : 'not exactly four events'),
      });
    }
  }
}

/**
 * Event data challenges (guide 6): an achievement is created, a school raises a challenge on it,
 * the AO lists, reads, sets it in progress and resolves it. Raising and resolving each put a
 * mail in the outbox.
 */
export async function dataChallengeClient(context: ClientContext): Promise<void> {
  let round = 0;
  while (context.traffic.running) {
    const key = context.pool.nextKey();
    if (!(await step(context, key, LIFECYCLE[0]))) continue;
    const raised = await context.caller.good({
      kind: 'RaiseDataChallenge',
      request: raiseDataChallenge(key),
      check: expectFields({ Status: 'NEW' }),
      change: { alreadyDone: ['DATA_CHALLENGE_OPEN_EXISTS'] },
    });
    if (!raised.ok) continue;
    const id = Number(
      raised.reconciled ? /data challenge (\d+)/.exec(faultMessage(raised.reply.body))?.[1] : firstText(raised.reply.body, 'Id'),
    );
    context.ledger.challenges.set(id, { id, raisedAs: raised.correlationId });
    await readChallenges(context, id);
    const inProgress = await context.caller.good({
      kind: 'SetDataChallengesInProgress',
      request: setDataChallengeInProgress(id),
      check: expectFields({ Status: 'IN_PROGRESS' }),
      change: { alreadyDone: [] },
    });
    if (!inProgress.ok) continue;
    context.ledger.challenge(id).inProgressAs = inProgress.correlationId;
    const status = round++ % 2 === 0 ? 'RESOLVED_UPHELD' : 'RESOLVED_REJECTED';
    const resolved = await context.caller.good({
      kind: 'UpdateDataChallenge',
      request: resolveDataChallenge(id, status),
      check: expectFields({ Status: status }),
      change: { alreadyDone: ['DATA_CHALLENGE_CLOSED'] },
    });
    if (resolved.ok) context.ledger.challenge(id).resolved = { correlationId: resolved.correlationId, status };
  }
}

async function readChallenges(context: ClientContext, id: number): Promise<void> {
  const listed = await context.caller.good({
    kind: 'ListDataChallenges',
    request: listDataChallenges(),
    check: (reply) => (reply.status === 200 && firstText(reply.body, 'TotalCount') !== undefined ? undefined : 'no list'),
  });
  if (listed.ok)
    context.ledger.readAudits.push({ correlationId: listed.correlationId, operation: 'ListDataChallenges', outcomes: ['OK'] });
  const read = await context.caller.good({
    kind: 'GetDataChallenge',
    request: getDataChallenge(id),
    check: expectFields({ Id: String(id), Status: 'NEW' }),
  });
  if (read.ok)
    context.ledger.readAudits.push({ correlationId: read.correlationId, operation: 'GetDataChallenge', outcomes: ['OK'] });
}
