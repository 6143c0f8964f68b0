import type { Readable } from 'node:stream';
import type { LearnerRegister } from '../learners/learner-register';
import type { HeldLearner } from '../learners/verification.rules';
import { VERIFY_LAYOUT } from './batch-layouts';
import { writeCsvRows } from './formats/csv-rows';

/**
 * `export-learners`: learners of the register as a verify-learner batch file (the CSV layout of
 * docs/batch-files/verify-learner.template.csv), each row as its learner's record holds it, so
 * a vendor can build a file of N real test learners that all verify. MISIdentifier numbers the rows.
 */
export function verifyFileOfLearners(register: LearnerRegister, limit?: number): { content: Readable; rows: () => number } {
  let n = 0;
  async function* rows() {
    for await (const learner of register.inUlnOrder(limit)) {
      n++;
      yield rowOf(learner, n);
    }
  }
  return { content: writeCsvRows(rows(), VERIFY_LAYOUT.columns), rows: () => n };
}

function rowOf(learner: HeldLearner, n: number): Record<string, string> {
  return {
    MISIdentifier: `LRN${String(n).padStart(7, '0')}`,
    ULN: learner.uln,
    FamilyName: learner.familyName,
    GivenName: learner.givenName,
    DateOfBirth: learner.dateOfBirth,
    Gender: String(learner.gender),
  };
}
