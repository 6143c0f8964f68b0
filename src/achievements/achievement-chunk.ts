import type { LearnerRegister } from '../learners/learner-register';
import { ulnsOf } from '../learners/learner-register';
import type { ReferenceData } from '../learners/reference-data';
import { type AuditRecord, type AuditTrail, auditEntryOf } from '../platform/audit/audit-trail';
import type { CallContext } from '../platform/call-context';
import type { Clock } from '../platform/clock';
import { isUniqueViolation } from '../platform/data-source';
import type { Database } from '../platform/database';
import { ConcurrentChange, isDomainError, type DomainError } from '../platform/errors';
import {
  type Acting,
  capitalise,
  type CreateAchievementCommand,
  decideCreate,
  decideFollowUp,
  type FollowUpAction,
  type FollowUpCommand,
  followUpKey,
  type HeldAchievement,
  keyOf,
  parseKey,
} from './achievement.decisions';
import type { AchievementStore, NewAchievementRow, NewEvent } from './achievement.store';
import type { QualificationStore } from './qualification.store';

/** One row of a chunk: an action and its command (a batch row never names a data challenge). */
export type AchievementRowCommand =
  | { action: 'CREATE'; command: Omit<CreateAchievementCommand, 'dataChallengeId'> }
  | { action: FollowUpAction; command: Omit<FollowUpCommand, 'dataChallengeId'> };

/** A record as the chunk goes along: as read (or as created by an earlier row), then as each row leaves it. */
type Tracked = HeldAchievement & { aimReference: string; readVersion: number; created: boolean; touched: boolean };

export interface AchievementChunkDeps {
  db: Database;
  store: AchievementStore;
  learners: LearnerRegister;
  qualifications: QualificationStore;
  referenceData: ReferenceData;
  audit: AuditTrail;
  clock: Clock;
}

/**
 * Many achievement actions in one transaction, decided row by row by the same decisions as the
 * single calls (achievement.decisions.ts) over facts read once for the whole set: every learner
 * named, the achievements their keys name, the qualifications. Rows that touch the same record
 * see each other in order (a create then an update of its key). The writes are a few multi-row
 * statements. A key created or a record changed by another transaction after the reads throws
 * ConcurrentChange: nothing of the set is to be kept, and the caller decides it again. Runs in
 * the transaction in progress (a batch chunk's).
 * docs/decisions/0070-set-based-batch-chunks.md
 */
export async function applyAchievementChunk(
  deps: AchievementChunkDeps,
  rows: AchievementRowCommand[],
  acting: Acting,
  context: CallContext,
): Promise<(DomainError | undefined)[]> {
  const keys = rows.map((row) =>
    attempt(() =>
      row.action === 'CREATE'
        ? parseKey({ uln: row.command.learner.uln, aimReference: row.command.aimReference })
        : followUpKey(row.command, acting),
    ),
  );
  const parsed = keys.filter((key): key is { uln: string; aimReference: string } => !isDomainError(key));
  const ulns = parsed.map((key) => key.uln);
  const aims = [...new Set(parsed.map((key) => key.aimReference))];
  const [lists, synonyms, learners, qualifications] = await Promise.all([
    deps.referenceData.learnerDataLists(),
    deps.referenceData.synonyms(),
    deps.learners.findManyForVerification(ulns),
    deps.qualifications.findByReferences(aims),
  ]);
  const masterOf = (uln: string) => learners.get(uln)?.master?.uln ?? uln;
  const linked = await deps.learners.linkedTo(ulns.map(masterOf));
  const ulnsOfLearner = (uln: string) => ulnsOf(masterOf(uln), uln, linked.get(masterOf(uln)) ?? []);
  const records = new Map<string, Tracked>();
  const recordKey = (uln: string, aim: string, date: string) => `${uln}/${aim}/${date}`;
  const awardDates = [
    ...new Set(rows.map((row) => (row.action === 'CREATE' ? row.command.awardDate : row.command.key.awardDate))),
  ];
  const held = await deps.store.heldByKeys([...new Set(ulns.flatMap(ulnsOfLearner))], aims, awardDates);
  for (const record of held) {
    const tracked = { ...record, readVersion: record.version, created: false, touched: false };
    records.set(recordKey(record.uln, record.aimReference, record.awardDate), tracked);
  }

  const events: { record: Tracked; event: Omit<NewEvent, 'achievementId'> }[] = [];
  const entries: AuditRecord[] = [];
  const eventOf = (action: NewEvent['action'], details: { actionDate: string; actionReason?: string }) => ({
    action,
    actionDate: details.actionDate,
    actionReason: details.actionReason ?? null,
    organisationId: context.principal.organisationId,
    userId: context.principal.userId,
    correlationId: context.correlationId.slice(0, 64),
    occurredAt: deps.clock.now(),
    dataChallengeId: null,
  });
  const outcomes = rows.map((row, i) => {
    const key = keys[i];
    if (isDomainError(key)) return key;
    const awardDate = row.action === 'CREATE' ? row.command.awardDate : row.command.key.awardDate;
    const existing = ulnsOfLearner(key.uln)
      .map((uln) => records.get(recordKey(uln, key.aimReference, awardDate)))
      .find((record) => record !== undefined);
    const facts = { found: learners.get(key.uln) ?? {}, synonyms, qualification: qualifications.get(key.aimReference) };
    return attempt(() => {
      if (row.action === 'CREATE') {
        const values = decideCreate(row.command, { ...facts, lists, existing }, acting);
        const record: Tracked & NewAchievementRow = {
          ...values,
          id: 0,
          version: 1,
          readVersion: 0,
          created: true,
          touched: true,
        };
        records.set(recordKey(values.uln, key.aimReference, awardDate), record);
        events.push({
          record,
          event: { ...eventOf('CREATE', { actionDate: acting.today }), changes: null, statusAfter: 'ACTIVE' },
        });
        entries.push(auditEntryOf(context, 'CreateAchievement', keyOf(values.uln, key.aimReference, awardDate)));
        return undefined;
      }
      const decision = decideFollowUp(row.action, row.command, { ...facts, held: existing }, acting);
      const record = existing as Tracked;
      Object.assign(record, decision.set, { version: record.version + 1, touched: true });
      const changes = Object.keys(decision.changes).length > 0 ? JSON.stringify(decision.changes) : null;
      events.push({ record, event: { ...eventOf(row.action, row.command), changes, statusAfter: decision.statusAfter } });
      entries.push(auditEntryOf(context, `${capitalise(row.action)}Achievement`, keyOf(record.uln, key.aimReference, awardDate)));
      return undefined;
    });
  });

  await write(deps, [...records.values()]);
  await deps.store.addEvents(events.map(({ record, event }) => ({ ...event, achievementId: record.id })));
  await deps.audit.recordMany(entries);
  return outcomes.map((outcome) => (isDomainError(outcome) ? outcome : undefined));
}

/** The records as the chunk leaves them: new ones inserted (then their ids read), held ones updated if unchanged. */
async function write(deps: AchievementChunkDeps, records: Tracked[]): Promise<void> {
  const created = records.filter((record) => record.created) as (Tracked & NewAchievementRow)[];
  const updated = records.filter((record) => !record.created && record.touched);
  if (updated.length > 0) {
    const unchanged = await deps.store.updateManyIfUnchanged(
      updated.map((record) => ({ ...record, toVersion: record.version, version: record.readVersion })),
      deps.clock.now(),
    );
    if (!unchanged) throw new ConcurrentChange('an achievement was changed by another request meanwhile');
  }
  if (created.length === 0) return;
  try {
    await deps.store.insertMany(created);
  } catch (error) {
    // guide 5.1: the key is unique; another request created one of these keys after our read.
    if (isUniqueViolation(error)) throw new ConcurrentChange('an achievement key was created by another request meanwhile');
    throw error;
  }
  const ids = await deps.store.heldByKeys(
    [...new Set(created.map((record) => record.uln))],
    [...new Set(created.map((record) => record.aimReference))],
    [...new Set(created.map((record) => record.awardDate))],
  );
  const idOf = new Map(ids.map((record) => [`${record.uln}/${record.aimReference}/${record.awardDate}`, record.id]));
  for (const record of created) record.id = idOf.get(`${record.uln}/${record.aimReference}/${record.awardDate}`) as number;
}

/** The value, or the domain error that refused it (any other error is thrown). */
function attempt<T>(decide: () => T): T | DomainError {
  try {
    return decide();
  } catch (error) {
    if (isDomainError(error)) return error;
    throw error;
  }
}
