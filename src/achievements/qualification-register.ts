import type { ReferenceKind } from './qualification-reference';
import { QualificationStore } from './qualification.store';

/** A unit or qualification as the register holds it. */
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

/**
 * Inserts or updates qualifications by reference, in the transaction `manager` belongs to.
 * @deprecated use QualificationStore.upsert, which joins the context's transaction
 */
export async function upsertQualifications(
  manager: { query(sql: string, parameters?: unknown[]): Promise<unknown>; connection: { options: { type: string } } },
  records: QualificationRecord[],
): Promise<void> {
  const sqlite = manager.connection.options.type === 'better-sqlite3';
  for (const [sql, parameters] of QualificationStore.upserts(sqlite, records)) await manager.query(sql, parameters);
}
