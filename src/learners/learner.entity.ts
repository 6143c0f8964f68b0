import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * A Learner Register record: every field of the LRS Learner (docs/contracts.md, "The Learner record"). A linked
 * (non-master) ULN carries the ULN of its master; the master's LinkedULNs are derived from that.
 */
@Entity({ name: 'learners' })
export class LearnerEntity {
  @PrimaryGeneratedColumn({ name: 'id' })
  id!: number;

  @Column({ name: 'uln', type: 'varchar', length: 10, unique: true })
  uln!: string;

  @Index()
  @Column({ name: 'master_uln', type: 'varchar', length: 10, nullable: true })
  masterUln!: string | null;

  @Column({ name: 'title', type: 'varchar', length: 35, nullable: true })
  title!: string | null;

  @Column({ name: 'given_name', type: 'varchar', length: 35 })
  givenName!: string;

  @Column({ name: 'middle_other_name', type: 'varchar', length: 35, nullable: true })
  middleOtherName!: string | null;

  @Column({ name: 'family_name', type: 'varchar', length: 35 })
  familyName!: string;

  @Column({ name: 'preferred_given_name', type: 'varchar', length: 35, nullable: true })
  preferredGivenName!: string | null;

  @Column({ name: 'previous_family_name', type: 'varchar', length: 35, nullable: true })
  previousFamilyName!: string | null;

  @Column({ name: 'family_name_at_age16', type: 'varchar', length: 35, nullable: true })
  familyNameAtAge16!: string | null;

  @Column({ name: 'school_at_age16', type: 'varchar', length: 254, nullable: true })
  schoolAtAge16!: string | null;

  @Column({ name: 'address_line1', type: 'varchar', length: 50, nullable: true })
  lastKnownAddressLine1!: string | null;

  @Column({ name: 'address_line2', type: 'varchar', length: 50, nullable: true })
  lastKnownAddressLine2!: string | null;

  @Column({ name: 'address_town', type: 'varchar', length: 50, nullable: true })
  lastKnownAddressTown!: string | null;

  @Column({ name: 'address_county_or_city', type: 'varchar', length: 50, nullable: true })
  lastKnownAddressCountyOrCity!: string | null;

  @Column({ name: 'postcode', type: 'varchar', length: 9 })
  lastKnownPostCode!: string;

  @Column({ name: 'date_of_address_capture', type: 'date', nullable: true })
  dateOfAddressCapture!: string | null;

  @Column({ name: 'date_of_birth', type: 'date' })
  dateOfBirth!: string;

  @Column({ name: 'place_of_birth', type: 'varchar', length: 35, nullable: true })
  placeOfBirth!: string | null;

  /** 0 not known, 1 male, 2 female, 9 not specified. */
  @Column({ name: 'gender', type: 'integer' })
  gender!: number;

  @Column({ name: 'email_address', type: 'varchar', length: 254, nullable: true })
  emailAddress!: string | null;

  @Column({ name: 'telephone_number', type: 'varchar', length: 20, nullable: true })
  telephoneNumber!: string | null;

  @Column({ name: 'nationality', type: 'varchar', length: 3, nullable: true })
  nationality!: string | null;

  @Column({ name: 'scottish_candidate_number', type: 'varchar', length: 9, nullable: true })
  scottishCandidateNumber!: string | null;

  @Column({ name: 'verification_type', type: 'integer', nullable: true })
  verificationType!: number | null;

  @Column({ name: 'other_verification_description', type: 'varchar', length: 255, nullable: true })
  otherVerificationDescription!: string | null;

  @Column({ name: 'tier_level', type: 'integer', nullable: true })
  tierLevel!: number | null;

  /** 0 privacy notice not seen, 1 seen and able to share, 2 seen and unable to share. */
  @Column({ name: 'ability_to_share', type: 'integer', default: 1 })
  abilityToShare!: number;

  @Column({ name: 'learner_status', type: 'integer', default: 1 })
  learnerStatus!: number;

  @Column({ name: 'notes', type: 'text', nullable: true })
  notes!: string | null;

  @Column({ name: 'version_number', type: 'integer', default: 1 })
  versionNumber!: number;

  @Column({ name: 'created_date', type: 'date' })
  createdDate!: string;

  @Column({ name: 'last_updated_date', type: 'date' })
  lastUpdatedDate!: string;

  @CreateDateColumn({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime' })
  updatedAt!: Date;
}
