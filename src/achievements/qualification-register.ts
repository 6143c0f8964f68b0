import type { ReferenceKind } from './qualification-reference';

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
