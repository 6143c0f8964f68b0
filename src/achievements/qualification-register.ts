import type { EntityManager } from 'typeorm';
import type { Database } from '../platform/database';
import { isSqlite } from '../platform/data-source';
import type { ReferenceKind } from './qualification-reference';

/** A unit or qualification as the register holds it (see qualification.entity.ts). */
export interface QualificationRecord {
  reference: string;
  kind: ReferenceKind;
  title: string;
  qualificationType: string | null;
  level: string | null;
  ownerRecognitionNumber: string | null;
  ownerName: string | null;
  operationalStartDate: string;
  operationalEndDate: string | null;
  certificationEndDate: string | null;
  gradingType: string | null;
  gradingScale: string | null;
  /** Valid grades in order; empty when the register gives none and the operator has set none. */
  grades: string[];
  creditValue: number | null;
  status: string | null;
  source: 'OFQUAL_API' | 'OFQUAL_CSV' | 'QIW_CSV' | 'OPERATOR' | 'SEED';
}

/** What an achievement needs to know of its unit or qualification. */
export interface QualificationForAward {
  id: number;
  reference: string;
  kind: ReferenceKind;
  title: string;
  qualificationType: string | null;
  level: string | null;
  operationalStartDate: string;
  operationalEndDate: string | null;
  certificationEndDate: string | null;
  grades: string[];
  creditValue: number | null;
  ownerOrganisationId: number | null;
  ownerName: string | null;
  sharedWith: number[];
}

const COLUMNS: [keyof QualificationRecord, string][] = [
  ['reference', 'reference'],
  ['kind', 'kind'],
  ['title', 'title'],
  ['qualificationType', 'qualification_type'],
  ['level', 'level'],
  ['ownerRecognitionNumber', 'owner_recognition_number'],
  ['ownerName', 'owner_name'],
  ['operationalStartDate', 'operational_start_date'],
  ['operationalEndDate', 'operational_end_date'],
  ['certificationEndDate', 'certification_end_date'],
  ['gradingType', 'grading_type'],
  ['gradingScale', 'grading_scale'],
  ['grades', 'grades'],
  ['creditValue', 'credit_value'],
  ['status', 'status'],
  ['source', 'source'],
];

export const GRADE_SEPARATOR = '|';

/**
 * Inserts or updates qualifications by reference, many per statement. Grades set by the
 * operator are kept when an import brings none (Ofqual gives a grading scale, not a grade list).
 */
export async function upsertQualifications(manager: EntityManager, records: QualificationRecord[]): Promise<void> {
  const columns = COLUMNS.map(([, column]) => column);
  const updates = columns.filter((c) => c !== 'reference');
  const assign = (c: string, incoming: string) =>
    c === 'grades' ? `grades = CASE WHEN ${incoming} = '' THEN qualifications.grades ELSE ${incoming} END` : `${c} = ${incoming}`;
  const conflict = isSqlite(manager)
    ? ` ON CONFLICT(reference) DO UPDATE SET ${updates.map((c) => assign(c, `excluded.${c}`)).join(', ')}, updated_at = CURRENT_TIMESTAMP`
    : ` ON DUPLICATE KEY UPDATE ${updates.map((c) => assign(c, `VALUES(${c})`)).join(', ')}, updated_at = CURRENT_TIMESTAMP(3)`;
  for (let start = 0; start < records.length; start += 200) {
    const chunk = records.slice(start, start + 200);
    const placeholders = chunk.map(() => `(${columns.map(() => '?').join(', ')})`).join(', ');
    const values = chunk.flatMap((record) =>
      COLUMNS.map(([field]) => (field === 'grades' ? record.grades.join(GRADE_SEPARATOR) : (record[field] ?? null))),
    );
    await manager.query(`INSERT INTO qualifications (${columns.join(', ')}) VALUES ${placeholders}${conflict}`, values);
  }
}

interface QualificationRow {
  id: number;
  reference: string;
  kind: ReferenceKind;
  title: string;
  qualification_type: string | null;
  level: string | null;
  operational_start_date: string;
  operational_end_date: string | null;
  certification_end_date: string | null;
  grades: string;
  credit_value: number | null;
  owner_organisation_id: number | null;
  owner_name: string | null;
  shared_with: string | null;
}

const FOR_AWARD = `SELECT q.id, q.reference, q.kind, q.title, q.qualification_type, q.level, q.operational_start_date,
    q.operational_end_date, q.certification_end_date, q.grades, q.credit_value, q.owner_name,
    (SELECT o.id FROM organisations o WHERE o.recognition_number = q.owner_recognition_number) AS owner_organisation_id,
    (SELECT GROUP_CONCAT(s.organisation_id) FROM qualification_shares s WHERE s.qualification_id = q.id) AS shared_with
  FROM qualifications q`;

/** Reads of the qualification register. */
export class QualificationRegister {
  constructor(private readonly db: Database) {}

  async findByReference(reference: string): Promise<QualificationForAward | undefined> {
    const rows = await this.db.query<QualificationRow[]>(`${FOR_AWARD} WHERE q.reference = ?`, [reference]);
    return rows[0] && toForAward(rows[0]);
  }

  /** The units and qualifications with these references, by reference (one read for a batch chunk). */
  async findByReferences(references: string[]): Promise<Map<string, QualificationForAward>> {
    const wanted = [...new Set(references)];
    if (wanted.length === 0) return new Map();
    const rows = await this.db.query<QualificationRow[]>(
      `${FOR_AWARD} WHERE q.reference IN (${wanted.map(() => '?').join(', ')})`,
      wanted,
    );
    return new Map(rows.map((row) => [row.reference, toForAward(row)]));
  }

  async findByIds(ids: number[]): Promise<QualificationForAward[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.query<QualificationRow[]>(`${FOR_AWARD} WHERE q.id IN (${ids.map(() => '?').join(', ')})`, ids);
    return rows.map(toForAward);
  }

  /** The units a qualification is made of (for a credit check towards it). */
  async unitIdsOf(qualificationId: number): Promise<number[]> {
    const rows = await this.db.query<{ unit_id: number }[]>(
      'SELECT unit_id FROM qualification_units WHERE qualification_id = ?',
      [qualificationId],
    );
    return rows.map((r) => r.unit_id);
  }
}

function toForAward(row: QualificationRow): QualificationForAward {
  return {
    id: row.id,
    reference: row.reference,
    kind: row.kind,
    title: row.title,
    qualificationType: row.qualification_type,
    level: row.level,
    operationalStartDate: row.operational_start_date,
    operationalEndDate: row.operational_end_date,
    certificationEndDate: row.certification_end_date,
    grades: row.grades === '' ? [] : row.grades.split(GRADE_SEPARATOR),
    creditValue: row.credit_value,
    ownerOrganisationId: row.owner_organisation_id,
    ownerName: row.owner_name,
    sharedWith: row.shared_with ? row.shared_with.split(',').map(Number) : [],
  };
}
