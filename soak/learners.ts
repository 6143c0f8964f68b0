import type { AchievementKey } from '../src/achievements/achievement.service';
import { KNOWN_LEARNERS } from '../src/compatibility/known-learners';
import { syntheticLearners } from '../src/compatibility/synthetic-learners';
import { ulnCheckDigit } from '../src/learners/uln';

export interface SoakLearner {
  uln: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  gender: number;
}

export type { AchievementKey };

/** AO One's A level (compatibility data), operational since 2015-09-01, grades A*-U. */
export const AIM_REFERENCE = '603/5678/9';
/** The same reference as the database stores it. */
export const STORED_AIM_REFERENCE = '60356789';
const FIRST_AWARD_DAY = Date.UTC(2015, 8, 1);

export function keyId(key: { uln: string; awardDate: string }): string {
  return `${key.uln}/${key.awardDate}`;
}

/**
 * The learners the gateway seeds (the same generator and seed as src/compatibility/seed.ts),
 * and the achievement keys handed to clients: each key is given out once, so every lifecycle
 * and every batch row works on a key no one else touches and its outcome is predictable.
 */
export class LearnerPool {
  private readonly learners: SoakLearner[];
  private readonly taken: Set<string>;
  private handedOut = 0;

  constructor(count: number) {
    const known = new Set(KNOWN_LEARNERS.map((l) => l.uln));
    this.learners = syntheticLearners(count, undefined, known).map((l) => ({
      uln: l.uln,
      givenName: l.givenName,
      familyName: l.familyName,
      dateOfBirth: l.dateOfBirth as string,
      gender: l.gender as number,
    }));
    this.taken = new Set([...known, ...this.learners.map((l) => l.uln)]);
  }

  random(): SoakLearner {
    return this.learners[Math.floor(Math.random() * this.learners.length)];
  }

  /** A key never handed out before: learners first, then the next award date. */
  nextKey(): AchievementKey {
    const n = this.handedOut++;
    const learner = this.learners[n % this.learners.length];
    const day = Math.floor(n / this.learners.length);
    return {
      uln: learner.uln,
      givenName: learner.givenName,
      familyName: learner.familyName,
      aimReference: AIM_REFERENCE,
      awardDate: new Date(FIRST_AWARD_DAY + day * 86_400_000).toISOString().slice(0, 10),
    };
  }

  /** A valid ULN that is not on the register (verification answers WSVRC006). */
  unknownUln(): string {
    for (;;) {
      const firstNine = String(900_000_000 + Math.floor(Math.random() * 99_999_999));
      const check = ulnCheckDigit(firstNine);
      if (check !== undefined && !this.taken.has(firstNine + check)) return firstNine + check;
    }
  }
}
