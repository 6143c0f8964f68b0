import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One acceptance of the user agreement (guide 2.2): who, which version, when. Kept for ever. */
@Entity({ name: 'agreement_acceptances' })
@Index('IDX_agreement_acceptances_user', ['userId', 'acceptedAt'])
export class AgreementAcceptanceEntity {
  @PrimaryGeneratedColumn({ name: 'id' })
  id!: number;

  @Column({ name: 'user_id', type: 'integer' })
  userId!: number;

  @Column({ name: 'agreement_version', type: 'varchar', length: 20 })
  agreementVersion!: string;

  @Column({ name: 'accepted_at', type: 'datetime' })
  acceptedAt!: Date;

  @Column({ name: 'correlation_id', type: 'varchar', length: 64 })
  correlationId!: string;
}
