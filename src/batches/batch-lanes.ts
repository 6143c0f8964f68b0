import type { BatchType } from './batch-layouts';
import type { BatchRow } from './formats/batch-row';

/**
 * Which lane of a job a row belongs to (docs/decisions/0095-batch-job-lanes.md). Every row about
 * one learner is in one lane, so the one worker working that lane applies them in file order:
 * an achievement row is placed by its learner's master ULN (a row naming a linked ULN joins its
 * master's rows). Verification rows change nothing and are spread by row number. A job of one
 * lane (learner registration, whose rows find each other's learners) is worked in file order.
 */
export type LaneOf = (row: BatchRow) => number;

/** How many lanes a job of this type is cut into, given the configured number. */
export function lanesFor(type: BatchType, configured: number): number {
  return type === 'LEARNER_REGISTRATION' ? 1 : configured;
}

/** Whether placing this type's rows needs the links between learners. */
export function needsLinks(type: BatchType, lanes: number): boolean {
  return type === 'ACHIEVEMENT' && lanes > 1;
}

/**
 * The lane of each row of a job of `lanes` lanes; `links` maps a linked ULN to its master, as the
 * links stood when the job was first taken up, so every worker places every row alike.
 */
export function laneOf(type: BatchType, lanes: number, links: ReadonlyMap<string, string>): LaneOf {
  if (lanes <= 1) return () => 0;
  if (type === 'VERIFY_LEARNER') return (row) => (row.rowNumber - 1) % lanes;
  return (row) => fnv1a(masterOf((row.fields.Uln ?? '').trim(), links)) % lanes;
}

/** The master of a ULN along a chain of links (a link may point to a learner that was itself merged). */
export function masterOf(uln: string, links: ReadonlyMap<string, string>): string {
  let current = uln;
  for (let hops = 0; hops < 16; hops++) {
    const master = links.get(current);
    if (master === undefined || master === current) return current;
    current = master;
  }
  return current;
}

/** FNV-1a, 32 bits: the same on every worker and every platform, spread well over ULNs. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
