import type { Database } from '../platform/database';
import type { LearnerRecord } from '../learners/learner-record';
import { LearnerStore } from '../learners/learner.store';
import { KNOWN_ULNS } from './seed';
import { syntheticLearnerSequence } from './synthetic-learners';

const CHUNK = 1000;
/** ULNs of the synthetic range run to 600 million; ten million learners is a register far beyond a test's needs. */
export const MAX_SYNTHETIC_LEARNERS = 10_000_000;

export interface GrowReport {
  /** Synthetic learners wanted on the register. */
  wanted: number;
  added: number;
  alreadyThere: number;
}

/**
 * `grow-learners N`: makes sure the first N synthetic learners of the compatibility data set are
 * on the register, adding only those missing. Users, passwords and every other learner are left as
 * they are; the same N twice adds nothing, and a larger N adds the next ones of the same sequence
 * (the learners a first start with SYNTHETIC_LEARNERS=N would have made). Memory stays flat: a
 * thousand learners at a time, each in its own transaction.
 */
export async function growSyntheticLearners(
  db: Database,
  wanted: number,
  onProgress: (report: GrowReport) => void = () => undefined,
): Promise<GrowReport> {
  const learners = new LearnerStore(db);
  const report: GrowReport = { wanted, added: 0, alreadyThere: 0 };
  const sequence = syntheticLearnerSequence(undefined, KNOWN_ULNS);
  let seen = 0;
  while (seen < wanted) {
    const chunk: LearnerRecord[] = [];
    for (; chunk.length < CHUNK && seen < wanted; seen++) chunk.push(sequence.next().value as LearnerRecord);
    await db.transaction(async () => {
      const there = await learners.held(chunk.map((l) => l.uln));
      const missing = chunk.filter((l) => !there.has(l.uln));
      await learners.upsert(missing);
      report.added += missing.length;
      report.alreadyThere += there.size;
    });
    onProgress(report);
  }
  return report;
}
