import { dateFromSql } from '../platform/data-source';
import type { Database } from '../platform/database';
import type { RecordedAchievement } from './learning-record.rules';

interface EventRow {
  id: number | string;
  aim_reference: string;
  kind: string;
  title: string;
  qualification_type: string | null;
  level: string | null;
  credit_value: number | string | null;
  award_date: string;
  grade: string | null;
  language_for_assessment: string | null;
  provider_ukprn: string | null;
  provider_name: string | null;
  ao_ukprn: string;
  ao_name: string;
  created_at: string | Date;
  under_data_challenge: number | string;
}

/**
 * The active achievements held under a learner's ULNs, from every awarding organisation, in award
 * date order: what their Personal Learning Record shows. A withdrawn achievement is not on it.
 */
export class LearningRecordStore {
  constructor(private readonly db: Database) {}

  async activeAchievements(ulns: string[]): Promise<RecordedAchievement[]> {
    const rows = await this.db.query<EventRow[]>(
      `SELECT a.id, a.aim_reference, q.kind, q.title, q.qualification_type, q.level, q.credit_value, a.award_date, a.grade,
         a.language_for_assessment, a.provider_ukprn, p.name AS provider_name, ao.ukprn AS ao_ukprn, ao.name AS ao_name,
         a.created_at, EXISTS (SELECT 1 FROM data_challenges dc WHERE dc.open_achievement_id = a.id) AS under_data_challenge
       FROM achievements a
         JOIN qualifications q ON q.id = a.qualification_id
         JOIN organisations ao ON ao.id = a.awarding_organisation_id
         LEFT JOIN organisations p ON p.ukprn = a.provider_ukprn
       WHERE a.uln IN (${ulns.map(() => '?').join(', ')}) AND a.status = 'ACTIVE'
       ORDER BY a.award_date, a.id`,
      ulns,
    );
    return rows.map((row) => ({
      id: Number(row.id),
      aimReference: row.aim_reference,
      kind: row.kind,
      title: row.title,
      qualificationType: row.qualification_type,
      level: row.level,
      creditValue: row.credit_value === null ? null : Number(row.credit_value),
      awardDate: row.award_date,
      grade: row.grade,
      languageForAssessment: row.language_for_assessment,
      providerUkprn: row.provider_ukprn,
      providerName: row.provider_name,
      awardingOrganisationUkprn: row.ao_ukprn,
      awardingOrganisationName: row.ao_name,
      loadedAt: dateFromSql(row.created_at),
      underDataChallenge: Number(row.under_data_challenge) === 1,
    }));
  }
}
