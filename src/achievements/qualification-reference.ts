import { fail, ok, type Result } from '../platform/errors';

/**
 * Unit and qualification reference numbers (docs/contracts.md, "Unit and qualification references", docs/achievements.md, "The Ofqual Register"): a
 * qualification number NNN/NNNN/C, a unit reference A/NNN/NNNN, or either in the
 * 8-character form without obliques (the learning aim reference form, e.g. 60129773).
 * Stored and compared in the 8-character form, upper case.
 */
export type AimReference = string & { readonly __brand: 'AimReference' };
export type ReferenceKind = 'QUALIFICATION' | 'UNIT';

const QUALIFICATION_NUMBER = /^(\d{3})\/(\d{4})\/([0-9A-Za-z])$/;
const UNIT_REFERENCE = /^([A-Za-z])\/(\d{3})\/(\d{4})$/;
const EIGHT_CHARACTERS = /^[0-9A-Za-z]{8}$/;

export function parseAimReference(raw: string): Result<AimReference> {
  const value = raw.trim();
  const qualification = QUALIFICATION_NUMBER.exec(value);
  if (qualification) return ok(`${qualification[1]}${qualification[2]}${qualification[3]}`.toUpperCase() as AimReference);
  const unit = UNIT_REFERENCE.exec(value);
  if (unit) return ok(`${unit[1]}${unit[2]}${unit[3]}`.toUpperCase() as AimReference);
  if (EIGHT_CHARACTERS.test(value)) return ok(value.toUpperCase() as AimReference);
  return fail('AIM_REFERENCE_INVALID', 'An aim reference is NNN/NNNN/C, A/NNN/NNNN or eight letters and digits');
}

/**
 * A reference in the form the caller sent it (603/5678/9 stays 603/5678/9), when it names the
 * stored one: the 8-character form is for comparison only. Otherwise the stored form.
 */
export function inFormSent(sent: string | undefined, stored: string): string {
  if (sent === undefined) return stored;
  const parsed = parseAimReference(sent);
  return parsed.ok && parsed.value === stored ? sent.trim() : stored;
}

/** The form people read: 601/2977/3 for a qualification, K/501/5773 for a unit. */
export function displayReference(reference: string): string {
  if (/^\d{7}[0-9A-Z]$/.test(reference)) return `${reference.slice(0, 3)}/${reference.slice(3, 7)}/${reference.slice(7)}`;
  if (/^[A-Z]\d{7}$/.test(reference)) return `${reference.slice(0, 1)}/${reference.slice(1, 4)}/${reference.slice(4)}`;
  return reference;
}

export function referenceKind(reference: string): ReferenceKind {
  return /^[A-Z]\d{7}$/.test(reference) ? 'UNIT' : 'QUALIFICATION';
}

/**
 * Ofqual's check character, derived from 8,220 published numbers (docs/achievements.md, "The Ofqual Register"):
 * (8·d1 + 7·d2 + … + 2·d7) mod 11, 10 written X. It misses some early 610/00xx numbers,
 * so a mismatch is a warning, never a refusal.
 */
export function qualificationCheckCharacter(firstSeven: string): string | undefined {
  if (!/^\d{7}$/.test(firstSeven)) return undefined;
  let sum = 0;
  for (let i = 0; i < 7; i++) sum += Number(firstSeven[i]) * (8 - i);
  const remainder = sum % 11;
  return remainder === 10 ? 'X' : String(remainder);
}
