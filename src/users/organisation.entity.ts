import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

import type { OrganisationKind, OrganisationStatus } from './organisation-status.rules';

export type { OrganisationKind, OrganisationStatus };

/** An organisation registered with the service: an awarding organisation, an LRB or the operator. */
@Entity({ name: 'organisations' })
export class OrganisationEntity {
  @PrimaryGeneratedColumn({ name: 'id' })
  id!: number;

  @Column({ name: 'ukprn', type: 'varchar', length: 8, unique: true })
  ukprn!: string;

  /** The LRS OrganisationRef (six alphanumerics), an alternative to the UKPRN in LRS calls. */
  @Column({ name: 'organisation_ref', type: 'varchar', length: 6, nullable: true, unique: true })
  organisationRef!: string | null;

  @Column({ name: 'name', type: 'varchar', length: 200 })
  name!: string;

  @Column({ name: 'kind', type: 'varchar', length: 10 })
  kind!: OrganisationKind;

  @Column({ name: 'status', type: 'varchar', length: 10, default: 'ACTIVE' })
  status!: OrganisationStatus;

  /** The operator's reason for the last suspension or reactivation (guide 1.3). */
  @Column({ name: 'status_reason', type: 'varchar', length: 500, nullable: true })
  statusReason!: string | null;

  @Column({ name: 'status_changed_at', type: 'datetime', nullable: true })
  statusChangedAt!: Date | null;

  /** Ofqual recognition number (RN5133) of an awarding organisation. */
  @Column({ name: 'recognition_number', type: 'varchar', length: 12, nullable: true, unique: true })
  recognitionNumber!: string | null;

  /** guide 1.4: may find learners and read their records (docs/decisions/0077-learner-management-capability.md). */
  @Column({ name: 'learner_management', type: 'boolean', default: false })
  learnerManagement!: boolean;

  /** The business need the operator recorded when granting learner management, or why it was revoked. */
  @Column({ name: 'learner_management_reason', type: 'varchar', length: 500, nullable: true })
  learnerManagementReason!: string | null;

  @Column({ name: 'learner_management_changed_at', type: 'datetime', nullable: true })
  learnerManagementChangedAt!: Date | null;

  /** Slow-KDF hash of the 16-character web-services password of the LRS-compatible services. */
  @Column({ name: 'ws_password_hash', type: 'varchar', length: 255, nullable: true })
  wsPasswordHash!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime' })
  updatedAt!: Date;

  @VersionColumn({ name: 'version' })
  version!: number;
}
