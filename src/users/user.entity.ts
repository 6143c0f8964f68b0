import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { OrganisationEntity } from './organisation.entity';
import { UserRoleEntity } from './user-role.entity';

export type UserStatus = 'ACTIVE' | 'SUSPENDED' | 'DELETED';

/** A person's account in an organisation. Accounts are never reassigned (guide 3.5.4). */
@Entity({ name: 'users' })
export class UserEntity {
  @PrimaryGeneratedColumn({ name: 'id' })
  id!: number;

  @Index()
  @Column({ name: 'organisation_id', type: 'integer' })
  organisationId!: number;

  @ManyToOne(() => OrganisationEntity)
  @JoinColumn({ name: 'organisation_id' })
  organisation?: OrganisationEntity;

  /** Unique for ever: a deleted account's username is never given to anyone else. */
  @Column({ name: 'username', type: 'varchar', length: 35, unique: true })
  username!: string;

  @Column({ name: 'title', type: 'varchar', length: 35, nullable: true })
  title!: string | null;

  @Column({ name: 'given_name', type: 'varchar', length: 35 })
  givenName!: string;

  @Column({ name: 'family_name', type: 'varchar', length: 35 })
  familyName!: string;

  @Column({ name: 'email', type: 'varchar', length: 254 })
  email!: string;

  @Column({ name: 'phone_landline', type: 'varchar', length: 30, nullable: true })
  phoneLandline!: string | null;

  @Column({ name: 'phone_mobile', type: 'varchar', length: 30, nullable: true })
  phoneMobile!: string | null;

  @Column({ name: 'staff_reference', type: 'varchar', length: 50, nullable: true })
  staffReference!: string | null;

  @Column({ name: 'verification_provided', type: 'varchar', length: 255, nullable: true })
  verificationProvided!: string | null;

  @Column({ name: 'status', type: 'varchar', length: 10, default: 'ACTIVE' })
  status!: UserStatus;

  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash!: string;

  /** The password sealed under PASSWORD_DIGEST_KEY, only so WS-Security PasswordDigest can be checked. */
  @Column({ name: 'password_sealed', type: 'varchar', length: 512, nullable: true })
  passwordSealed!: string | null;

  @Column({ name: 'password_changed_at', type: 'datetime' })
  passwordChangedAt!: Date;

  @Column({ name: 'password_is_one_time', type: 'boolean', default: false })
  passwordIsOneTime!: boolean;

  @Column({ name: 'failed_attempts', type: 'integer', default: 0 })
  failedAttempts!: number;

  @Column({ name: 'secret_question', type: 'varchar', length: 200, nullable: true })
  secretQuestion!: string | null;

  @Column({ name: 'secret_answer_hash', type: 'varchar', length: 255, nullable: true })
  secretAnswerHash!: string | null;

  /** When the secret question and answer were last set (guide 2.3.1: at first login, changeable). */
  @Column({ name: 'secret_question_set_at', type: 'datetime', nullable: true })
  secretQuestionSetAt!: Date | null;

  @Column({ name: 'agreement_accepted_at', type: 'datetime', nullable: true })
  agreementAcceptedAt!: Date | null;

  /** The version of the user agreement accepted (src/users/user-agreement.ts); another version is accepted again. */
  @Column({ name: 'agreement_version', type: 'varchar', length: 20, nullable: true })
  agreementVersion!: string | null;

  /** Suspended by a super user (guide 3.5.6.1, e.g. a security breach) rather than by wrong passwords. */
  @Column({ name: 'suspended_manually', type: 'boolean', default: false })
  suspendedManually!: boolean;

  @Column({ name: 'deleted_at', type: 'datetime', nullable: true })
  deletedAt!: Date | null;

  @Column({ name: 'last_login_at', type: 'datetime', nullable: true })
  lastLoginAt!: Date | null;

  @OneToMany(() => UserRoleEntity, (role) => role.user, { cascade: true })
  roles?: UserRoleEntity[];

  @CreateDateColumn({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime' })
  updatedAt!: Date;

  @VersionColumn({ name: 'version' })
  version!: number;
}
