import { type AuditTrail, auditEntryOf } from '../platform/audit/audit-trail';
import type { CallContext } from '../platform/call-context';
import type { Clock } from '../platform/clock';
import { isUniqueViolation } from '../platform/data-source';
import type { Database } from '../platform/database';
import { DomainError } from '../platform/errors';
import { type SandboxStore, type SnapshotStore, type SnapshotSummary } from './sandbox.store';

export interface ResetReport {
  achievements: number;
  dataChallenges: number;
}

/**
 * An organisation's sandbox (docs/decisions/0091-sandbox-reset-and-snapshots.md): reset to the
 * compatibility baseline, and named snapshots of its records. Each is one transaction that reads
 * and writes only the caller's organisation's rows, so others keep calling meanwhile.
 */
export class SandboxService {
  constructor(
    private readonly db: Database,
    private readonly store: SandboxStore,
    private readonly snapshots: SnapshotStore,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    readonly enabled: boolean,
  ) {}

  private allowed(): void {
    if (!this.enabled) throw new DomainError('SANDBOX_DISABLED');
  }

  async reset(context: CallContext): Promise<ResetReport> {
    this.allowed();
    const organisationId = context.principal.organisationId;
    return this.db.transaction(async () => {
      if ((await this.store.jobsBeingWorked(organisationId)) > 0) throw new DomainError('SANDBOX_BUSY');
      const records = await this.store.records(organisationId);
      await this.store.deleteRecords(records);
      await this.store.deleteHistory(organisationId);
      await this.audit.record(auditEntryOf(context, 'ResetSandbox', null));
      return { achievements: records.achievements.length, dataChallenges: records.dataChallenges.length };
    });
  }

  async save(context: CallContext, name: string): Promise<SnapshotSummary> {
    this.allowed();
    const organisationId = context.principal.organisationId;
    await this.db.transaction(async () => {
      const records = await this.store.records(organisationId);
      await this.snapshots.save(organisationId, name, records, context.principal.username, this.clock.now());
      await this.audit.record(auditEntryOf(context, 'SaveSnapshot', name));
    });
    return (await this.list(context)).find((snapshot) => snapshot.name === name) as SnapshotSummary;
  }

  async restore(context: CallContext, name: string): Promise<ResetReport> {
    this.allowed();
    const organisationId = context.principal.organisationId;
    try {
      return await this.db.transaction(async () => {
        const saved = await this.snapshots.content(organisationId, name);
        if (!saved) throw new DomainError('SNAPSHOT_NOT_FOUND');
        if ((await this.store.jobsBeingWorked(organisationId)) > 0) throw new DomainError('SANDBOX_BUSY');
        await this.store.deleteRecords(await this.store.records(organisationId));
        await this.store.insertRecords(saved);
        await this.audit.record(auditEntryOf(context, 'RestoreSnapshot', name));
        return { achievements: saved.achievements.length, dataChallenges: saved.dataChallenges.length };
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError('SNAPSHOT_CONFLICT');
      throw error;
    }
  }

  async list(context: CallContext): Promise<SnapshotSummary[]> {
    this.allowed();
    return this.snapshots.list(context.principal.organisationId);
  }

  async remove(context: CallContext, name: string): Promise<SnapshotSummary> {
    this.allowed();
    const known = (await this.list(context)).find((snapshot) => snapshot.name === name);
    if (!known) throw new DomainError('SNAPSHOT_NOT_FOUND');
    await this.snapshots.remove(context.principal.organisationId, name);
    this.audit.recordSoon(auditEntryOf(context, 'DeleteSnapshot', name));
    return known;
  }
}
