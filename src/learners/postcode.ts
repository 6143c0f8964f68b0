import { isValid, toNormalised } from 'postcode';

// MIAPPostCode (docs/contracts.md, "The Learner record") also admits British Forces post office codes.
const BFPO = /^BFPO ?(\d{1,4})$/i;

/** A UK postcode in its normal form ("CV4 9EE", "BFPO 1234"), or undefined when it is not one. */
export function normalisePostcode(raw: string): string | undefined {
  const trimmed = raw.trim().replace(/\s+/g, ' ');
  const forces = BFPO.exec(trimmed);
  if (forces) return `BFPO ${forces[1]}`;
  if (!isValid(trimmed)) return undefined;
  return toNormalised(trimmed) ?? undefined;
}
