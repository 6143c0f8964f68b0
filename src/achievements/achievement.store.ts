import type { AchievementSet, HeldAchievement, NewAchievement } from './achievement.decisions';
import { dateFromSql, sqlDateTime } from '../platform/data-source';
import type { Database } from '../platform/database';
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

/** A new achievement's values (a batch chunk's may be followed by its rows' updates: any status). */
export type NewAchievementRow = Omit<NewAchievement, 'status'> & { status: AchievementStatus };

/** One action on an achievement, as its history keeps it. */
export interface NewEvent {
  achievementId: number;
  action: AchievementAction;
  actionDate: string;
  actionReason: string | null;
  /** What changed, as JSON ({"grade":["B","A"]}); never learner demographics. */
  changes: string | null;
  statusAfter: AchievementStatus;
  organisationId: number;
  userId: number;
  correlationId: string;
  occurredAt: Date;
  /** The data challenge the action answers (guide 6.2), when the AO named one. */
  dataChallengeId?: number | null;
}

/** The columns a follow-up action may set, by the name the decisions give them. */
const SET_COLUMNS: Record<keyof AchievementSet, string> = {
  grade: 'grade',
  languageForAssessment: 'language_for_assessment',
  providerUkprn: 'provider_ukprn',
  status: 'status',
};

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

/** Reads and writes of achievements and their history; each joins the transaction in progress, if any. */
export class AchievementStore {
  constructor(private readonly db: Database) {}

  /** The achievement with this key among the given ULNs (a learner's master and linked ULNs). */
  async findByKey(ulns: string[], aimReference: string, awardDate: string): Promise<AchievementView | undefined> {
    const rows = await this.db.query<ViewRow[]>(
      `${VIEW} WHERE a.uln IN (${ulns.map(() => '?').join(', ')}) AND a.aim_reference = ? AND a.award_date = ?`,
      [...ulns, aimReference, awardDate],
    );
    const row = rows[0];
    return row && { ...toView(row), events: await this.eventsOf(row.id) };
  }

  /** Active unit achievements of a learner, from every awarding organisation (the credit check). */
  async activeUnits(ulns: string[]): Promise<(AchievementView & { qualificationId: number })[]> {
    const rows = await this.db.query<(ViewRow & { qualification_id: number })[]>(
      `${VIEW.replace('SELECT a.id,', 'SELECT a.qualification_id, a.id,')} WHERE a.uln IN (${ulns.map(() => '?').join(', ')})
         AND a.status = 'ACTIVE' AND q.kind = 'UNIT' ORDER BY a.award_date, a.aim_reference`,
      ulns,
    );
    return rows.map((row) => ({ ...toView(row), events: [], qualificationId: row.qualification_id }));
  }

  async insert(a: NewAchievementRow): Promise<number> {
    return this.db.insert(`INSERT INTO achievements ${INSERT_COLUMNS} VALUES ${INSERT_ROW}`, insertValues(a));
  }

  /** Many new achievements, a few statements for any number; a key already held fails the statement. */
  async insertMany(rows: (NewAchievementRow & { version: number })[]): Promise<void> {
    for (const slice of slices(rows)) {
      await this.db.run(
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
    ulns: string[],
    aimReferences: string[],
    awardDates: string[],
  ): Promise<(HeldAchievement & { aimReference: string })[]> {
    if (ulns.length === 0 || aimReferences.length === 0 || awardDates.length === 0) return [];
    const rows = await this.db.query<ViewRow[]>(
      `SELECT id, version, uln, aim_reference, award_date, grade, language_for_assessment, provider_ukprn, status,
         awarding_organisation_id, given_name_at_creation, family_name_at_creation FROM achievements
       WHERE uln IN (${placeholders(ulns)}) AND aim_reference IN (${placeholders(aimReferences)})
         AND award_date IN (${placeholders(awardDates)})`,
      [...ulns, ...aimReferences, ...awardDates],
    );
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
  async updateManyIfUnchanged(updates: HeldUpdate[], at: Date): Promise<boolean> {
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
      const result = await this.db.run(
        `UPDATE achievements SET ${sets.map((s) => s.sql).join(', ')}, updated_at = ?
           WHERE ${slice.map(() => '(id = ? AND version = ?)').join(' OR ')}`,
        [...sets.flatMap((s) => s.parameters), sqlDateTime(at), ...slice.flatMap((u) => [u.id, u.version])],
      );
      if (result.affected !== slice.length) return false;
    }
    return true;
  }

  /**
   * Applies a change if nobody changed the record since it was read, moving it to the next
   * version; false when somebody did. `updated_at` is the database's clock, as it always was for
   * a single action (a chunk's writes give the gateway's).
   */
  async updateIfUnchanged(id: number, version: number, set: AchievementSet): Promise<boolean> {
    const fields = (Object.keys(SET_COLUMNS) as (keyof AchievementSet)[]).filter((field) => set[field] !== undefined);
    const result = await this.db.run(
      `UPDATE achievements SET ${fields.map((field) => `${SET_COLUMNS[field]} = ?, `).join('')}version = version + 1,
         updated_at = CURRENT_TIMESTAMP WHERE id = ? AND version = ?`,
      [...fields.map((field) => set[field]), id, version],
    );
    return result.affected === 1;
  }

  async addEvent(e: NewEvent): Promise<void> {
    await this.addEvents([e]);
  }

  /** Events in the order given (their ids keep each record's history in order). */
  async addEvents(events: NewEvent[]): Promise<void> {
    for (const slice of slices(events)) {
      await this.db.run(
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

  private async eventsOf(achievementId: number): Promise<AchievementEventView[]> {
    const rows = await this.db.query<
      { action: AchievementAction; action_date: string; action_reason: string | null; occurred_at: string | Date }[]
    >('SELECT action, action_date, action_reason, occurred_at FROM achievement_events WHERE achievement_id = ? ORDER BY id', [
      achievementId,
    ]);
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
