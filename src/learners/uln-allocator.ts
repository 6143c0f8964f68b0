import type { Clock } from '../platform/clock';
import type { Database } from '../platform/database';
import { RegistrationStore } from './registration.store';
import { ulnCheckDigit } from './uln';

/**
 * The ULNs the gateway issues (docs/decisions/0084-uln-allocation.md): the nine leading digits
 * count up from 900000000, a range no compatibility or synthetic learner uses, each followed by
 * its check digit.
 */
export const FIRST_ISSUED_PREFIX = 900_000_000;
const LAST_PREFIX = 999_999_999;

/**
 * The ULN of the nth number drawn (from 1), or undefined when its nine digits have no check digit
 * (a remainder of 0: about one number in eleven is never a ULN).
 */
export function ulnOfDraw(draw: number): string | undefined {
  const prefix = FIRST_ISSUED_PREFIX + draw - 1;
  if (!Number.isSafeInteger(draw) || draw < 1 || prefix > LAST_PREFIX) {
    throw new RangeError(`ULN draw ${draw} is outside the issuing range`);
  }
  const check = ulnCheckDigit(String(prefix));
  return check === undefined ? undefined : `${prefix}${check}`;
}

/**
 * Issues new ULNs. Each number is drawn by inserting a row of `uln_sequence`: the database gives
 * every insert its own id, however many registrations run at once and in however many processes,
 * so no two registrations ever draw the same number, and a number drawn is never drawn again.
 * Numbers that are not ULNs, and ULNs already on the register (imported or seeded), are passed over.
 */
export class UlnAllocator {
  private readonly store: RegistrationStore;

  constructor(
    db: Database,
    private readonly clock: Clock,
  ) {
    this.store = new RegistrationStore(db);
  }

  /** A ULN no learner holds, drawn in the registration's transaction (the one the caller has open). */
  async allocate(): Promise<string> {
    for (;;) {
      const uln = ulnOfDraw(await this.store.drawNumber(this.clock.now()));
      if (uln === undefined) continue;
      if (!(await this.store.isHeld(uln))) return uln;
    }
  }
}
