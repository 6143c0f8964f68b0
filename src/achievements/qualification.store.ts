import type { Database } from '../platform/database';
import { DomainError } from '../platform/errors';
import type { ReferenceKind } from './qualification-reference';
import type { QualificationForAward, QualificationRecord } from './qualification-register';

/** A unit or qualification as the operator reads it: who it is shared with and, for a qualification, its units. */
export interface QualificationView extends Omit<QualificationRecord, 'source'> {
  source: string;
  /** UKPRNs of the awarding organisations besides its owner that may award it. */
  sharedWith: string[];
  /** References of the units a qualification is made of. */
  units: string[];
}

/** An awarding organisation as a qualification names it. */
export interface AwardingOrganisation {
  id: number;
  name: string;
  recognitionNumber: string;
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

/** Valid grades are kept in one column, in order, separated by this. */
const GRADE_SEPARATOR = '|';

const UPSERT_ROWS = 200;

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

interface ViewRow {
  reference: string;
  kind: ReferenceKind;
  title: string;
  qualification_type: string | null;
  level: string | null;
  owner_recognition_number: string | null;
  owner_name: string | null;
  operational_start_date: string;
  operational_end_date: string | null;
  certification_end_date: string | null;
  grading_type: string | null;
  grading_scale: string | null;
  grades: string;
  credit_value: number | null;
  status: string | null;
  source: string;
  shared_with: string | null;
  units: string | null;
}

const FOR_AWARD = `SELECT q.id, q.reference, q.kind, q.title, q.qualification_type, q.level, q.operational_start_date,
    q.operational_end_date, q.certification_end_date, q.grades, q.credit_value, q.owner_name,
    (SELECT o.id FROM organisations o WHERE o.recognition_number = q.owner_recognition_number) AS owner_organisation_id,
    (SELECT GROUP_CONCAT(s.organisation_id) FROM qualification_shares s WHERE s.qualification_id = q.id) AS shared_with
  FROM qualifications q`;

/** The qualification register (guide 5.1): the units and qualifications achievements are awarded against. */
export class QualificationStore {
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

  /** The unit or qualification as the operator reads it; QUALIFICATION_UNKNOWN when the register has none. */
  async view(reference: string): Promise<QualificationView> {
    const rows = await this.db.query<ViewRow[]>(
      `SELECT q.*, (SELECT GROUP_CONCAT(o.ukprn) FROM qualification_shares s JOIN organisations o ON o.id = s.organisation_id
         WHERE s.qualification_id = q.id) AS shared_with,
         (SELECT GROUP_CONCAT(u.reference) FROM qualification_units qu JOIN qualifications u ON u.id = qu.unit_id
         WHERE qu.qualification_id = q.id) AS units
       FROM qualifications q WHERE q.reference = ?`,
      [reference],
    );
    if (!rows[0]) throw new DomainError('QUALIFICATION_UNKNOWN');
    return toView(rows[0]);
  }

  /**
   * Inserts or updates qualifications by reference, many per statement. Grades set by the
   * operator are kept when an import brings none (Ofqual gives a grading scale, not a grade list).
   */
  async upsert(records: QualificationRecord[]): Promise<void> {
    for (const [sql, parameters] of QualificationStore.upserts(this.db.sqlite, records)) await this.db.run(sql, parameters);
  }

  /** The statements `upsert` runs: one per UPSERT_ROWS records. */
  private static upserts(sqlite: boolean, records: QualificationRecord[]): [string, unknown[]][] {
    const columns = COLUMNS.map(([, column]) => column);
    const updates = columns.filter((c) => c !== 'reference');
    const assign = (c: string, incoming: string) =>
      c === 'grades'
        ? `grades = CASE WHEN ${incoming} = '' THEN qualifications.grades ELSE ${incoming} END`
        : `${c} = ${incoming}`;
    const conflict = sqlite
      ? ` ON CONFLICT(reference) DO UPDATE SET ${updates.map((c) => assign(c, `excluded.${c}`)).join(', ')}, updated_at = CURRENT_TIMESTAMP`
      : ` ON DUPLICATE KEY UPDATE ${updates.map((c) => assign(c, `VALUES(${c})`)).join(', ')}, updated_at = CURRENT_TIMESTAMP(3)`;
    const statements: [string, unknown[]][] = [];
    for (let start = 0; start < records.length; start += UPSERT_ROWS) {
      const chunk = records.slice(start, start + UPSERT_ROWS);
      const placeholders = chunk.map(() => `(${columns.map(() => '?').join(', ')})`).join(', ');
      const values = chunk.flatMap((record) =>
        COLUMNS.map(([field]) => (field === 'grades' ? record.grades.join(GRADE_SEPARATOR) : (record[field] ?? null))),
      );
      statements.push([`INSERT INTO qualifications (${columns.join(', ')}) VALUES ${placeholders}${conflict}`, values]);
    }
    return statements;
  }

  /** Sets the grades valid for a unit or qualification, in order. */
  async setGrades(reference: string, grades: string[]): Promise<void> {
    await this.db.run('UPDATE qualifications SET grades = ? WHERE reference = ?', [grades.join(GRADE_SEPARATOR), reference]);
  }

  /** The unit with this reference; undefined when the register has none, or has a qualification by it. */
  async unitId(reference: string): Promise<number | undefined> {
    const rows = await this.db.query<{ id: number; kind: string }[]>('SELECT id, kind FROM qualifications WHERE reference = ?', [
      reference,
    ]);
    return rows[0]?.kind === 'UNIT' ? Number(rows[0].id) : undefined;
  }

  /** An awarding organisation by UKPRN or recognition number; only an AO can own or award a qualification. */
  async awardingOrganisation(by: 'ukprn' | 'recognition_number', value: string): Promise<AwardingOrganisation | undefined> {
    const rows = await this.db.query<{ id: number; name: string; recognition_number: string }[]>(
      `SELECT id, name, recognition_number FROM organisations WHERE ${by} = ? AND kind = 'AO'`,
      [value],
    );
    return rows[0] && { id: Number(rows[0].id), name: rows[0].name, recognitionNumber: rows[0].recognition_number };
  }

  /** Replaces the units a qualification is made of. */
  async replaceUnits(reference: string, unitIds: number[]): Promise<void> {
    await this.replaceLinks('qualification_units', 'unit_id', reference, unitIds);
  }

  /** Replaces the awarding organisations, besides its owner, that may award a unit or qualification. */
  async replaceShares(reference: string, organisationIds: number[]): Promise<void> {
    await this.replaceLinks('qualification_shares', 'organisation_id', reference, organisationIds);
  }

  private async replaceLinks(
    table: 'qualification_units' | 'qualification_shares',
    column: 'unit_id' | 'organisation_id',
    reference: string,
    ids: number[],
  ): Promise<void> {
    const rows = await this.db.query<{ id: number }[]>('SELECT id FROM qualifications WHERE reference = ?', [reference]);
    const id = Number(rows[0].id);
    await this.db.run(`DELETE FROM ${table} WHERE qualification_id = ?`, [id]);
    for (const linked of ids) await this.db.run(`INSERT INTO ${table} (qualification_id, ${column}) VALUES (?, ?)`, [id, linked]);
  }
}

function gradesOf(column: string): string[] {
  return column === '' ? [] : column.split(GRADE_SEPARATOR);
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
    grades: gradesOf(row.grades),
    creditValue: row.credit_value,
    ownerOrganisationId: row.owner_organisation_id,
    ownerName: row.owner_name,
    sharedWith: row.shared_with ? row.shared_with.split(',').map(Number) : [],
  };
}

function toView(row: ViewRow): QualificationView {
  return {
    reference: row.reference,
    kind: row.kind,
    title: row.title,
    qualificationType: row.qualification_type,
    level: row.level,
    ownerRecognitionNumber: row.owner_recognition_number,
    ownerName: row.owner_name,
    operationalStartDate: row.operational_start_date,
    operationalEndDate: row.operational_end_date,
    certificationEndDate: row.certification_end_date,
    gradingType: row.grading_type,
    gradingScale: row.grading_scale,
    grades: gradesOf(row.grades),
    creditValue: row.credit_value,
    status: row.status,
    source: row.source,
    sharedWith: row.shared_with ? row.shared_with.split(',').sort() : [],
    units: row.units ? row.units.split(',').sort() : [],
  };
}
