import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { DataChallengeStatus, DataChallengeType, ProblemType } from './data-challenge.rules';

/**
 * An event data challenge (guide 6.1): an LRB's challenge of one achievement, assigned to the
 * achievement's awarding organisation. `openAchievementId` is the achievement while the challenge
 * is open and NULL once resolved; its unique index keeps one open challenge per achievement.
 */
@Entity({ name: 'data_challenges' })
export class DataChallengeEntity {
  @PrimaryGeneratedColumn({ name: 'id' })
  id!: number;

  @Index('IDX_data_challenges_achievement')
  @Column({ name: 'achievement_id', type: 'integer' })
  achievementId!: number;

  @Column({ name: 'open_achievement_id', type: 'integer', nullable: true, unique: true })
  openAchievementId!: number | null;

  @Column({ name: 'type', type: 'varchar', length: 30 })
  type!: DataChallengeType;

  @Column({ name: 'problem_type', type: 'varchar', length: 30 })
  problemType!: ProblemType;

  @Column({ name: 'description', type: 'varchar', length: 2000 })
  description!: string;

  @Column({ name: 'status', type: 'varchar', length: 20 })
  status!: DataChallengeStatus;

  @Column({ name: 'raised_by_organisation_id', type: 'integer' })
  raisedByOrganisationId!: number;

  @Column({ name: 'raised_by_user_id', type: 'integer' })
  raisedByUserId!: number;

  /** Kept as it was when raised: the record says who raised it even if the account goes. */
  @Column({ name: 'raised_by_username', type: 'varchar', length: 35 })
  raisedByUsername!: string;

  @Column({ name: 'assigned_organisation_id', type: 'integer' })
  assignedOrganisationId!: number;

  @Column({ name: 'raised_at', type: 'datetime' })
  raisedAt!: Date;

  @Column({ name: 'updated_at', type: 'datetime' })
  updatedAt!: Date;

  @Column({ name: 'resolved_at', type: 'datetime', nullable: true })
  resolvedAt!: Date | null;

  /** Optimistic version: a status change applies only to the version it was decided on. */
  @Column({ name: 'version', type: 'integer' })
  version!: number;
}

/** One entry of a challenge's history: a status set, with the comment that came with it, who and when. */
@Entity({ name: 'data_challenge_comments' })
export class DataChallengeCommentEntity {
  @PrimaryGeneratedColumn({ name: 'id' })
  id!: number;

  @Index('IDX_challenge_comments_challenge')
  @Column({ name: 'data_challenge_id', type: 'integer' })
  dataChallengeId!: number;

  @Column({ name: 'text', type: 'varchar', length: 2000 })
  text!: string;

  @Column({ name: 'status_set', type: 'varchar', length: 20 })
  statusSet!: DataChallengeStatus;

  @Column({ name: 'organisation_id', type: 'integer' })
  organisationId!: number;

  @Column({ name: 'user_id', type: 'integer' })
  userId!: number;

  @Column({ name: 'username', type: 'varchar', length: 35 })
  username!: string;

  @Column({ name: 'occurred_at', type: 'datetime' })
  occurredAt!: Date;
}
