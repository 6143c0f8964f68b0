import type { DataSource, EntityManager } from 'typeorm';
import type { Clock } from '../clock';
import { sqlDateTime } from '../data-source';

export type Surface = 'soap-ao' | 'soap-lrs' | 'admin' | 'cli' | 'batch';

/** Who did what, through which surface, with what outcome. Never learner demographics. */
export interface AuditRecord {
  correlationId: string;
  surface: Surface;
  operation: string;
  /** OK, or the stable error code of the rejection. */
  outcome: string;
  organisationId?: number | null;
  userId?: number | null;
  username?: string | null;
  /** What was acted on: a ULN, a username, a job id. */
  subject?: string | null;
}

const INSERT = `INSERT INTO audit_entries
  (occurred_at, correlation_id, surface, operation, outcome, organisation_id, user_id, username, subject)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** The append-only audit trail. Pass the transaction's manager so the entry commits with the change. */
export class AuditTrail {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async record(entry: AuditRecord, manager?: EntityManager): Promise<void> {
    const runner = manager ?? this.dataSource;
    await runner.query(INSERT, [
      sqlDateTime(this.clock.now()),
      entry.correlationId.slice(0, 64),
      entry.surface,
      entry.operation.slice(0, 60),
      entry.outcome.slice(0, 60),
      entry.organisationId ?? null,
      entry.userId ?? null,
      entry.username?.slice(0, 35) ?? null,
      entry.subject?.slice(0, 100) ?? null,
    ]);
  }
}
