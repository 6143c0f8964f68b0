import type { EntityManager, QueryRunner } from 'typeorm';
import type { HeldAchievement } from './achievement.decisions';
import { dateFromSql, insertReturningId, sqlDateTime } from '../platform/data-source';
import type { Database } from '../platform/database';
import { AchievementEntity, type AchievementEventEntity } from './achievement.entity';
import type { AchievementAction, AchievementStatus } from './achievement.rules';

/** An achievement as the service reads it, with what its answer needs to say. */
export interface AchievementView {
  id: number;
  version: number;
  uln: string;
  submittedUln: string;
  aimReference: string;
  title: string;
  qualificationType: string | null;
  level: string | null;
  qualificationKind: string;
  awardDate: string;
  grade: string | null;
  languageForAssessment: string | null;
  providerUkprn: string | null;
  credits: number | null;
  status: AchievementStatus;
  /** An event data challenge on it is open (guide 6.1). */
  underDataChallenge: boolean;
  awardingOrganisationId: number;
  awardingOrganisationUkprn: string;
  awardingOrganisationName: string;
  givenNameAtCreation: string;
  familyNameAtCreation: string;
  events: AchievementEventView[];
}

export interface AchievementEventView {
  action: AchievementAction;
  actionDate: string;
  actionReason: string | null;
  recordedAt: Date;
}

interface ViewRow {
  id: number;
  version: number;
  uln: string;
  submitted_uln: string;
  aim_reference: string;
  title: string;
  qualification_type: string | null;
  level: string | null;
  kind: string;
  award_date: string;
  grade: string | null;
  language_for_assessment: string | null;
  provider_ukprn: string | null;
  credit_value: number | null;
  status: AchievementStatus;
  awarding_organisation_id: number;
  ukprn: string;
  organisation_name: string;
  given_name_at_creation: string;
  family_name_at_creation: string;
  under_data_challenge: number | string;
}

const VIEW = `SELECT a.id, a.version, a.uln, a.submitted_uln, a.aim_reference, q.title, q.qualification_type, q.level, q.kind,
    a.award_date, a.grade, a.language_for_assessment, a.provider_ukprn, q.credit_value, a.status,
    a.awarding_organisation_id, o.ukprn, o.name AS organisation_name, a.given_name_at_creation, a.family_name_at_creation,
    EXISTS (SELECT 1 FROM data_challenges dc WHERE dc.open_achievement_id = a.id) AS under_data_challenge
  FROM achievements a JOIN qualifications q ON q.id = a.qualification_id JOIN organisations o ON o.id = a.awarding_organisation_id`;

type Runner = Pick<EntityManager, 'query'> | Database;

export type NewAchievementRow = Omit<AchievementEntity, 'id' | 'createdAt' | 'updatedAt' | 'version'>;
export type NewEvent = Omit<AchievementEventEntity, 'id'>;

/** A held record's new values, and the version it was read at. */
export interface HeldUpdate {
  id: number;
  version: number;
  toVersion: number;
  grade: string | null;
  languageForAssessment: string | null;
  providerUkprn: string | null;
  status: AchievementStatus;
}

const INSERT_COLUMNS = `(uln, submitted_uln, aim_reference, award_date, qualification_id, awarding_organisation_id, grade,
  language_for_assessment, provider_ukprn, status, given_name_at_creation, family_name_at_creation, version)`;
const INSERT_ROW = '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)';

/**
 * Rows per multi-row statement: far below either database's limit on parameters (13 a row), so
 * a chunk of up to this many rows writes each table in one statement.
 */
const ROWS_PER_STATEMENT = 500;

function placeholders(values: unknown[]): string {
  return values.map(() => '?').join(', ');
}

function slices<T>(rows: T[]): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) out.push(rows.slice(start, start + ROWS_PER_STATEMENT));
  return out;
}

function insertValues(a: NewAchievementRow): unknown[] {
  return [
    a.uln,
    a.submittedUln,
    a.aimReference,
    a.awardDate,
    a.qualificationId,
    a.awardingOrganisationId,
    a.grade,
    a.languageForAssessment,
    a.providerUkprn,
    a.status,
    a.givenNameAtCreation,
    a.familyNameAtCreation,
  ];
}

/** Reads and writes of achievements and their history. Writes take the transaction's manager. */
export class AchievementStore {
  /** The achievement with this key among the given ULNs (a learner's master and linked ULNs). */
  async findByKey(runner: Runner, ulns: string[], aimReference: string, awardDate: string): Promise<AchievementView | undefined> {
    const rows = (await runner.query(
      `${VIEW} WHERE a.uln IN (${ulns.map(() => '?').join(', ')}) AND a.aim_reference = ? AND a.award_date = ?`,
      [...ulns, aimReference, awardDate],
    )) as ViewRow[];
    const row = rows[0];
    return row && { ...toView(row), events: await this.eventsOf(runner, row.id) };
  }

  /** Active unit achievements of a learner, from every awarding organisation (the credit check). */
  async activeUnits(runner: Runner, ulns: string[]): Promise<(AchievementView & { qualificationId: number })[]> {
    const rows = (await runner.query(
      `${VIEW.replace('SELECT a.id,', 'SELECT a.qualification_id, a.id,')} WHERE a.uln IN (${ulns.map(() => '?').join(', ')})
         AND a.status = 'ACTIVE' AND q.kind = 'UNIT' ORDER BY a.award_date, a.aim_reference`,
      ulns,
    )) as (ViewRow & { qualification_id: number })[];
    return rows.map((row) => ({ ...toView(row), events: [], qualificationId: row.qualification_id }));
  }

  async insert(manager: EntityManager, a: NewAchievementRow): Promise<number> {
    return insertReturningId(manager, `INSERT INTO achievements ${INSERT_COLUMNS} VALUES ${INSERT_ROW}`, insertValues(a));
  }

  /** Many new achievements, a few statements for any number; a key already held fails the statement. */
  async insertMany(manager: EntityManager, rows: (NewAchievementRow & { version: number })[]): Promise<void> {
    for (const slice of slices(rows)) {
      await manager.query(
        `INSERT INTO achievements ${INSERT_COLUMNS} VALUES ${slice.map(() => INSERT_ROW.replace(', 1)', ', ?)')).join(', ')}`,
        slice.flatMap((a) => [...insertValues(a), a.version]),
      );
    }
  }

  /**
   * The achievements held under any of these ULNs for any of these references and award dates,
   * as the decisions read them (a batch chunk's one read; no history, no joins).
   */
  async heldByKeys(
    runner: Runner,
    ulns: string[],
    aimReferences: string[],
    awardDates: string[],
  ): Promise<(HeldAchievement & { aimReference: string })[]> {
    if (ulns.length === 0 || aimReferences.length === 0 || awardDates.length === 0) return [];
    const rows = (await runner.query(
      `SELECT id, version, uln, aim_reference, award_date, grade, language_for_assessment, provider_ukprn, status,
         awarding_organisation_id, given_name_at_creation, family_name_at_creation FROM achievements
       WHERE uln IN (${placeholders(ulns)}) AND aim_reference IN (${placeholders(aimReferences)})
         AND award_date IN (${placeholders(awardDates)})`,
      [...ulns, ...aimReferences, ...awardDates],
    )) as ViewRow[];
    return rows.map((row) => ({
      id: Number(row.id),
      version: Number(row.version),
      uln: row.uln,
      aimReference: row.aim_reference,
      awardDate: row.award_date,
      grade: row.grade,
      languageForAssessment: row.language_for_assessment,
      providerUkprn: row.provider_ukprn,
      status: row.status,
      awardingOrganisationId: Number(row.awarding_organisation_id),
      givenNameAtCreation: row.given_name_at_creation,
      familyNameAtCreation: row.family_name_at_creation,
    }));
  }

  /**
   * Sets each record to its new values in one statement if none changed since it was read
   * (`version` is the one read; `toVersion` the one it gets); false, with nothing kept by the
   * caller's transaction to rely on, when any did.
   */
  async updateManyIfUnchanged(manager: EntityManager, updates: HeldUpdate[], at: Date): Promise<boolean> {
    for (const slice of slices(updates)) {
      const cases = (column: string, value: (u: HeldUpdate) => unknown) => ({
        sql: `${column} = CASE id ${slice.map(() => 'WHEN ? THEN ?').join(' ')} END`,
        parameters: slice.flatMap((u) => [u.id, value(u)]),
      });
      const sets = [
        cases('grade', (u) => u.grade),
        cases('language_for_assessment', (u) => u.languageForAssessment),
        cases('provider_ukprn', (u) => u.providerUkprn),
        cases('status', (u) => u.status),
        cases('version', (u) => u.toVersion),
      ];
      const result = await (manager.queryRunner as QueryRunner).query(
        `UPDATE achievements SET ${sets.map((s) => s.sql).join(', ')}, updated_at = ?
           WHERE ${slice.map(() => '(id = ? AND version = ?)').join(' OR ')}`,
        [...sets.flatMap((s) => s.parameters), sqlDateTime(at), ...slice.flatMap((u) => [u.id, u.version])],
        true,
      );
      if (result.affected !== slice.length) return false;
    }
    return true;
  }

  /** Applies a change if nobody changed the record since it was read; false when somebody did. */
  async updateIfUnchanged(
    manager: EntityManager,
    id: number,
    version: number,
    set: Partial<Pick<AchievementEntity, 'grade' | 'languageForAssessment' | 'providerUkprn' | 'status'>>,
  ): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(AchievementEntity)
      .set(set)
      .where('id = :id AND version = :version', { id, version })
      .execute();
    return result.affected === 1;
  }

  async addEvent(manager: EntityManager, e: NewEvent): Promise<void> {
    await this.addEvents(manager, [e]);
  }

  /** Events in the order given (their ids keep each record's history in order). */
  async addEvents(manager: EntityManager, events: NewEvent[]): Promise<void> {
    for (const slice of slices(events)) {
      await manager.query(
        `INSERT INTO achievement_events (achievement_id, action, action_date, action_reason, changes, status_after, organisation_id,
           user_id, correlation_id, occurred_at, data_challenge_id) VALUES ${slice.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
        slice.flatMap((e) => [
          e.achievementId,
          e.action,
          e.actionDate,
          e.actionReason,
          e.changes,
          e.statusAfter,
          e.organisationId,
          e.userId,
          e.correlationId,
          sqlDateTime(e.occurredAt),
          e.dataChallengeId ?? null,
        ]),
      );
    }
  }

  private async eventsOf(runner: Runner, achievementId: number): Promise<AchievementEventView[]> {
    const rows = (await runner.query(
      'SELECT action, action_date, action_reason, occurred_at FROM achievement_events WHERE achievement_id = ? ORDER BY id',
      [achievementId],
    )) as { action: AchievementAction; action_date: string; action_reason: string | null; occurred_at: string | Date }[];
    return rows.map((r) => ({
      action: r.action,
      actionDate: r.action_date,
      actionReason: r.action_reason,
      recordedAt: dateFromSql(r.occurred_at),
    }));
  }
}

function toView(row: ViewRow): Omit<AchievementView, 'events'> {
  return {
    id: row.id,
    version: row.version,
    uln: row.uln,
    submittedUln: row.submitted_uln,
    aimReference: row.aim_reference,
    title: row.title,
    qualificationType: row.qualification_type,
    level: row.level,
    qualificationKind: row.kind,
    awardDate: row.award_date,
    grade: row.grade,
    languageForAssessment: row.language_for_assessment,
    providerUkprn: row.provider_ukprn,
    credits: row.kind === 'UNIT' ? row.credit_value : null,
    status: row.status,
    // guide 6.1: open while a challenge on it is NEW or IN_PROGRESS (data_challenges.open_achievement_id).
    underDataChallenge: Number(row.under_data_challenge) === 1,
    awardingOrganisationId: row.awarding_organisation_id,
    awardingOrganisationUkprn: row.ukprn,
    awardingOrganisationName: row.organisation_name,
    givenNameAtCreation: row.given_name_at_creation,
    familyNameAtCreation: row.family_name_at_creation,
  };
}
