import type { EntityManager } from 'typeorm';
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

  async insert(
    manager: EntityManager,
    a: Omit<AchievementEntity, 'id' | 'createdAt' | 'updatedAt' | 'version'>,
  ): Promise<number> {
    return insertReturningId(
      manager,
      `INSERT INTO achievements (uln, submitted_uln, aim_reference, award_date, qualification_id, awarding_organisation_id, grade,
         language_for_assessment, provider_ukprn, status, given_name_at_creation, family_name_at_creation, version)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
      [
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
      ],
    );
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

  async addEvent(manager: EntityManager, e: Omit<AchievementEventEntity, 'id'>): Promise<void> {
    await manager.query(
      `INSERT INTO achievement_events (achievement_id, action, action_date, action_reason, changes, status_after, organisation_id,
         user_id, correlation_id, occurred_at, data_challenge_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
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
      ],
    );
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
