import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { AchievementAction, AchievementStatus } from './achievement.rules';

/**
 * An achievement (learning event) on a learner's PLR. Its key is ULN + aim reference + award
 * date (guide 5.1), unique in the database. A linked ULN's achievements are kept under the
 * master ULN; `submittedUln` keeps the ULN the awarding organisation sent.
 */
@Entity({ name: 'achievements' })
@Index('UQ_achievements_key', ['uln', 'aimReference', 'awardDate'], { unique: true })
export class AchievementEntity {
  @PrimaryGeneratedColumn({ name: 'id' })
  id!: number;

  @Column({ name: 'uln', type: 'varchar', length: 10 })
  uln!: string;

  @Column({ name: 'submitted_uln', type: 'varchar', length: 10 })
  submittedUln!: string;

  @Column({ name: 'aim_reference', type: 'varchar', length: 8 })
  aimReference!: string;

  @Column({ name: 'award_date', type: 'date' })
  awardDate!: string;

  @Column({ name: 'qualification_id', type: 'integer' })
  qualificationId!: number;

  @Index()
  @Column({ name: 'awarding_organisation_id', type: 'integer' })
  awardingOrganisationId!: number;

  @Column({ name: 'grade', type: 'varchar', length: 30, nullable: true })
  grade!: string | null;

  @Column({ name: 'language_for_assessment', type: 'varchar', length: 20, nullable: true })
  languageForAssessment!: string | null;

  @Column({ name: 'provider_ukprn', type: 'varchar', length: 8, nullable: true })
  providerUkprn!: string | null;

  @Column({ name: 'status', type: 'varchar', length: 10 })
  status!: AchievementStatus;

  /** guide 5.2.1: the names used at creation must be used for every follow-up action. */
  @Column({ name: 'given_name_at_creation', type: 'varchar', length: 35 })
  givenNameAtCreation!: string;

  @Column({ name: 'family_name_at_creation', type: 'varchar', length: 35 })
  familyNameAtCreation!: string;

  @CreateDateColumn({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime' })
  updatedAt!: Date;

  @VersionColumn({ name: 'version' })
  version!: number;
}

/** One action on an achievement, with its date, reason and who did it: the record's history. */
@Entity({ name: 'achievement_events' })
export class AchievementEventEntity {
  @PrimaryGeneratedColumn({ name: 'id' })
  id!: number;

  @Index()
  @Column({ name: 'achievement_id', type: 'integer' })
  achievementId!: number;

  @Column({ name: 'action', type: 'varchar', length: 10 })
  action!: AchievementAction;

  @Column({ name: 'action_date', type: 'date' })
  actionDate!: string;

  @Column({ name: 'action_reason', type: 'varchar', length: 10, nullable: true })
  actionReason!: string | null;

  /** What changed, as JSON ({"grade":["B","A"]}); never learner demographics. */
  @Column({ name: 'changes', type: 'varchar', length: 1000, nullable: true })
  changes!: string | null;

  @Column({ name: 'status_after', type: 'varchar', length: 10 })
  statusAfter!: AchievementStatus;

  @Column({ name: 'organisation_id', type: 'integer' })
  organisationId!: number;

  @Column({ name: 'user_id', type: 'integer' })
  userId!: number;

  @Column({ name: 'correlation_id', type: 'varchar', length: 64 })
  correlationId!: string;

  @Column({ name: 'occurred_at', type: 'datetime' })
  occurredAt!: Date;

  /** The data challenge the action answers (guide 6.2), when the AO named one. */
  @Column({ name: 'data_challenge_id', type: 'integer', nullable: true })
  dataChallengeId?: number | null;
}
