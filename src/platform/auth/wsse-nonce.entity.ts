import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A WS-Security nonce seen within its freshness window, kept so a replay is refused on every process. */
@Entity({ name: 'wsse_nonces' })
export class WsseNonceEntity {
  /** SHA-256 of username and nonce, hex. */
  @PrimaryColumn({ name: 'nonce_hash', type: 'varchar', length: 64 })
  nonceHash!: string;

  @Index()
  @Column({ name: 'seen_at', type: 'datetime' })
  seenAt!: Date;
}
