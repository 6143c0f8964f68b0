import { displayReference } from '../achievements/qualification-reference';
import type { OutgoingMail } from '../platform/mail/outbox';
import type { DataChallengeDetail } from './data-challenge.store';

/**
 * The mails of guide 6.1 and 6.2.3, built as pure values for the outbox. Their dedupe keys name
 * the event, so one event never gives a second message (a retry, a restart or a second process).
 *
 * guide 1.3 counts a ULN sent with any learner demographic in an unencrypted email as a breach,
 * and the description and comments are free text that may name the learner: so no mail carries
 * the ULN, and the raising LRB's description stays behind GetDataChallenge.
 */
export interface Recipient {
  to: string;
  /** True when the AO has nominated no EDC resolver and someone else is told instead. */
  fallback: boolean;
}

/**
 * The AO's nominated EDC resolver; without one, its most recently active super user (guide 3.1:
 * "communications regarding your organisation will be sent to the most recently active super
 * user"); without any, the service desk, so that no challenge goes unnoticed.
 */
export function resolverRecipient(
  edcResolverEmail: string | null,
  superUserEmail: string | null,
  serviceDeskEmail: string,
): Recipient {
  if (edcResolverEmail) return { to: edcResolverEmail, fallback: false };
  return { to: superUserEmail ?? serviceDeskEmail, fallback: true };
}

/** Said at the start of a subject when the mail reaches someone else for want of a nominated resolver. */
export function fallbackNote(recipient: Recipient, ukprn: string): string {
  return recipient.fallback ? `[no EDC resolver nominated by ${ukprn}] ` : '';
}

/** guide 6.1: "An email is automatically sent ... to notify the nominated EDC resolver of newly assigned EDCs". */
export function raisedMail(challenge: DataChallengeDetail, recipient: Recipient, reassigned = false): OutgoingMail {
  const ao = challenge.assignedTo;
  return {
    // A reassignment is a new event for the AO it now names: one mail per assignment.
    dedupeKey: reassigned ? `edc-assigned:${challenge.id}:${ao.ukprn}:${challenge.version}` : `edc-raised:${challenge.id}`,
    kind: 'edc-raised',
    to: recipient.to,
    subject: `${fallbackNote(recipient, ao.ukprn)}New event data challenge ${challenge.id} for ${ao.name}`,
    text: [
      `A new event data challenge has been assigned to ${ao.name} (UKPRN ${ao.ukprn}).`,
      '',
      ...facts(challenge),
      `Raised by: ${challenge.raisedBy.organisation.name} (UKPRN ${challenge.raisedBy.organisation.ukprn})`,
      `Raised at: ${challenge.raisedAt.toISOString()}`,
      '',
      `Read it in full with GetDataChallenge (Id ${challenge.id}) on the AO gateway, set it in progress, and resolve it`,
      'once any correction is made (guide section 6).',
    ].join('\n'),
  };
}

/** guide 6.2.3: resolving "will send an email to the LRS Service Desk indicating that ... a resolution has been found". */
export function resolvedMail(
  challenge: DataChallengeDetail,
  comment: string,
  resolvedBy: string,
  serviceDeskEmail: string,
): OutgoingMail {
  const ao = challenge.assignedTo;
  return {
    dedupeKey: `edc-resolved:${challenge.id}`,
    kind: 'edc-resolved',
    to: serviceDeskEmail,
    subject: `Event data challenge ${challenge.id} ${challenge.status}`,
    text: [
      `${ao.name} (UKPRN ${ao.ukprn}) has resolved event data challenge ${challenge.id}: ${challenge.status}.`,
      '',
      ...facts(challenge),
      `Raised by: ${challenge.raisedBy.organisation.name} (UKPRN ${challenge.raisedBy.organisation.ukprn})`,
      `Resolved by: ${resolvedBy} at ${(challenge.resolvedAt ?? challenge.updatedAt).toISOString()}`,
      `Actions taken on achievements under it: ${challenge.actions.length}`,
      '',
      'Comment:',
      comment,
    ].join('\n'),
  };
}

function facts(challenge: DataChallengeDetail): string[] {
  return [
    `Data challenge: ${challenge.id}`,
    `Type: ${challenge.type} / ${challenge.problemType}`,
    `Qualification: ${displayReference(challenge.achievement.aimReference)} ${challenge.achievement.title}`,
    `Award date: ${challenge.achievement.awardDate}`,
  ];
}
