import { type AchievementKey, keyId } from './learners';

export type AchievementAction = 'CREATE' | 'UPDATE' | 'WITHDRAW' | 'REINSTATE';

/** One accepted change, with the correlation id it was sent under (its event and audit entry carry it). */
export interface AcceptedStep {
  action: AchievementAction;
  correlationId: string;
}

export interface BatchRowPlan {
  key: AchievementKey;
  action: AchievementAction;
}

export interface AcceptedBatch {
  jobId: number;
  type: 'VERIFY_LEARNER' | 'ACHIEVEMENT';
  rows: number;
  /** Achievement batches: the rows in file order. */
  plan: BatchRowPlan[];
}

export interface AcceptedChallenge {
  id: number;
  raisedAs: string;
  inProgressAs?: string;
  resolved?: { correlationId: string; status: string };
}

/** A read-only call or a refusal whose audit entry is expected: this correlation id, this outcome. */
export interface ExpectedAudit {
  correlationId: string;
  operation?: string;
  outcomes: readonly string[];
}

/**
 * What the server accepted, as the clients saw it: the truth the database is checked against
 * at the end. Only accepted operations are written here; refused and unavailable ones are not.
 */
export class Ledger {
  readonly achievements = new Map<string, { key: AchievementKey; steps: AcceptedStep[] }>();
  readonly batches: AcceptedBatch[] = [];
  readonly challenges = new Map<number, AcceptedChallenge>();
  readonly readAudits: ExpectedAudit[] = [];
  readonly refusalAudits: ExpectedAudit[] = [];
  /** Wrong OrgPasswords refused as such: the organisation's super users are then told. */
  wrongOrgPasswords = 0;

  accepted(key: AchievementKey, action: AchievementAction, correlationId: string): void {
    const id = keyId(key);
    const entry = this.achievements.get(id) ?? { key, steps: [] };
    entry.steps.push({ action, correlationId });
    this.achievements.set(id, entry);
  }

  challenge(id: number): AcceptedChallenge {
    const held = this.challenges.get(id);
    if (!held) throw new Error(`data challenge ${id} is not in the ledger`);
    return held;
  }
}

/** Where a sequence of accepted actions leaves an achievement: created with B, updated to A. */
export function expectedState(actions: readonly AchievementAction[], createdGrade = 'B', updatedGrade = 'A') {
  let status = 'ACTIVE';
  let grade = createdGrade;
  for (const action of actions) {
    if (action === 'UPDATE') grade = updatedGrade;
    if (action === 'WITHDRAW') status = 'WITHDRAWN';
    if (action === 'REINSTATE') status = 'ACTIVE';
  }
  return { status, grade };
}
