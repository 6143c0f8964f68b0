import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One line of the append-only audit trail: who did what, through which surface, with what
 * outcome. `subject` identifies the thing acted on (a ULN, a username, a job id), never a
 * learner's demographics. Triggers in the database refuse updates and deletes.
 */
@Entity({ name: 'audit_entries' })
@Index(['organisationId', 'occurredAt'])
export class AuditEntryEntity {
  @PrimaryGeneratedColumn({ name: 'id', type: 'bigint' })
  id!: string;

  @Index()
  @Column({ name: 'occurred_at', type: 'datetime' })
  occurredAt!: Date;

  @Column({ name: 'correlation_id', type: 'varchar', length: 64 })
  correlationId!: string;

  @Column({ name: 'surface', type: 'varchar', length: 20 })
  surface!: string;

  @Column({ name: 'operation', type: 'varchar', length: 60 })
  operation!: string;

  @Column({ name: 'outcome', type: 'varchar', length: 60 })
  outcome!: string;

  @Column({ name: 'organisation_id', type: 'integer', nullable: true })
  organisationId!: number | null;

  @Index()
  @Column({ name: 'user_id', type: 'integer', nullable: true })
  userId!: number | null;

  @Column({ name: 'username', type: 'varchar', length: 35, nullable: true })
  username!: string | null;

  @Column({ name: 'subject', type: 'varchar', length: 100, nullable: true })
  subject!: string | null;
}
