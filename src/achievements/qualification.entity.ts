import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ReferenceKind } from './qualification-reference';

/**
 * A unit or qualification of the register the achievements are checked against (Ofqual,
 * Qualifications Wales, or set by the operator). `reference` is the 8-character form.
 */
@Entity({ name: 'qualifications' })
export class QualificationEntity {
  @PrimaryGeneratedColumn({ name: 'id' })
  id!: number;

  @Column({ name: 'reference', type: 'varchar', length: 8, unique: true })
  reference!: string;

  @Column({ name: 'kind', type: 'varchar', length: 13 })
  kind!: ReferenceKind;

  @Column({ name: 'title', type: 'varchar', length: 400 })
  title!: string;

  @Column({ name: 'qualification_type', type: 'varchar', length: 120, nullable: true })
  qualificationType!: string | null;

  @Column({ name: 'level', type: 'varchar', length: 60, nullable: true })
  level!: string | null;

  /** The owner's Ofqual recognition number (RN5133), as the register gives it. */
  @Index()
  @Column({ name: 'owner_recognition_number', type: 'varchar', length: 12, nullable: true })
  ownerRecognitionNumber!: string | null;

  @Column({ name: 'owner_name', type: 'varchar', length: 200, nullable: true })
  ownerName!: string | null;

  @Column({ name: 'operational_start_date', type: 'date' })
  operationalStartDate!: string;

  @Column({ name: 'operational_end_date', type: 'date', nullable: true })
  operationalEndDate!: string | null;

  @Column({ name: 'certification_end_date', type: 'date', nullable: true })
  certificationEndDate!: string | null;

  @Column({ name: 'grading_type', type: 'varchar', length: 120, nullable: true })
  gradingType!: string | null;

  @Column({ name: 'grading_scale', type: 'varchar', length: 200, nullable: true })
  gradingScale!: string | null;

  /** The valid grades, '|' separated, in order; set by the operator where the register gives none. */
  @Column({ name: 'grades', type: 'varchar', length: 1000, default: '' })
  grades!: string;

  /** Credit value of a unit; total credits of a qualification. */
  @Column({ name: 'credit_value', type: 'integer', nullable: true })
  creditValue!: number | null;

  @Column({ name: 'status', type: 'varchar', length: 60, nullable: true })
  status!: string | null;

  /** Where the record came from: OFQUAL_API, OFQUAL_CSV, OPERATOR or SEED. */
  @Column({ name: 'source', type: 'varchar', length: 12 })
  source!: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime' })
  updatedAt!: Date;
}

/** guide 5.1: a unit or qualification shared with an organisation other than its owner. */
@Entity({ name: 'qualification_shares' })
export class QualificationShareEntity {
  @PrimaryColumn({ name: 'qualification_id', type: 'integer' })
  qualificationId!: number;

  @PrimaryColumn({ name: 'organisation_id', type: 'integer' })
  organisationId!: number;
}

/** The units a qualification is made of, for the credit check towards it. */
@Entity({ name: 'qualification_units' })
export class QualificationUnitEntity {
  @PrimaryColumn({ name: 'qualification_id', type: 'integer' })
  qualificationId!: number;

  @PrimaryColumn({ name: 'unit_id', type: 'integer' })
  unitId!: number;
}
