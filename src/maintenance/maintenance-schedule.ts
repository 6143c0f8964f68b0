import type { AuditTrail } from '../platform/audit/audit-trail';
import { auditEntryOf } from '../platform/audit/audit-trail';
import type { CallContext } from '../platform/call-context';
import type { Clock } from '../platform/clock';
import type { Database } from '../platform/database';
import { DomainError, RetryLaterError, unwrap } from '../platform/errors';
import { type MaintenanceWindow, retryAfterSeconds, scheduleWindow, windowInForce } from './maintenance.rules';
import { MaintenanceWindowStore } from './maintenance.store';

export interface MaintenanceSettings {
  /** How long a process reuses what it read of the windows (docs/decisions/0060-maintenance-windows.md). */
  cacheSeconds: number;
  /** Retry-After of a window switched on with no end. */
  openEndedRetryAfterSeconds: number;
}

export type MaintenanceWindowView = ReturnType<typeof toView>;

/**
 * The maintenance windows every process shares through the database. Each process keeps the
 * windows that have not ended for `cacheSeconds` and judges them against its own clock, so a
 * window scheduled ahead starts and ends on time; one switched on, off or changed is seen by
 * this process at once and by the others within `cacheSeconds`.
 */
export class MaintenanceSchedule {
  private cached: { windows: MaintenanceWindow[]; readAt: number } | undefined;
  private readonly store: MaintenanceWindowStore;

  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    private readonly settings: MaintenanceSettings,
  ) {
    this.store = new MaintenanceWindowStore(db);
  }

  /** The window in force now, if any. */
  async inForce(): Promise<MaintenanceWindow | undefined> {
    return windowInForce(await this.current(), this.clock.now());
  }

  /** Resolves when the service is open; refuses with SERVICE_MAINTENANCE and when to retry during a window. */
  async ensureOpen(): Promise<void> {
    const window = await this.inForce();
    if (!window) return;
    const retryAfter = retryAfterSeconds(window, this.clock.now(), this.settings.openEndedRetryAfterSeconds);
    const until = window.endsAt ? ` until ${window.endsAt.toISOString()}` : '';
    throw new RetryLaterError(
      'SERVICE_MAINTENANCE',
      retryAfter,
      `The service is closed for maintenance${until}: ${window.reason}`,
    );
  }

  /** The windows in force or to come, soonest first. */
  async list() {
    const windows = await this.current(true);
    const now = this.clock.now();
    return {
      inForce: windowInForce(windows, now)?.id ?? null,
      windows: windows.map(toView),
    };
  }

  /** Schedules a window (from `startsAt`, or now, to `endsAt`, or until switched off). */
  async schedule(context: CallContext, request: { startsAt?: string; endsAt?: string; reason: string }) {
    const now = this.clock.now();
    const window = unwrap(
      scheduleWindow(
        {
          startsAt: request.startsAt === undefined ? now : new Date(request.startsAt),
          endsAt: request.endsAt === undefined ? null : new Date(request.endsAt),
          reason: request.reason,
        },
        now,
      ),
    );
    const id = await this.db.transaction(async () => {
      const created = await this.store.schedule(window, context.principal.username, now);
      await this.audit.record(auditEntryOf(context, 'ScheduleMaintenance', `maintenance window ${created}`));
      return created;
    });
    this.cached = undefined;
    return toView({ id, ...window });
  }

  /** Ends every window in force now: the service opens at once in this process, within the cache time in the others. */
  async switchOff(context: CallContext) {
    await this.db.transaction(async () => {
      await this.store.endInForce(this.clock.now());
      await this.audit.record(auditEntryOf(context, 'EndMaintenance', null));
    });
    this.cached = undefined;
    return this.list();
  }

  /** Cancels a window that has not started yet. */
  async cancel(context: CallContext, id: number) {
    await this.db.transaction(async () => {
      if (!(await this.store.startsAfter(id, this.clock.now()))) throw new DomainError('MAINTENANCE_WINDOW_NOT_FOUND');
      await this.store.remove(id);
      await this.audit.record(auditEntryOf(context, 'CancelMaintenance', `maintenance window ${id}`));
    });
    this.cached = undefined;
    return this.list();
  }

  private async current(fresh = false): Promise<MaintenanceWindow[]> {
    const now = this.clock.now().getTime();
    if (!fresh && this.cached && now - this.cached.readAt < this.settings.cacheSeconds * 1000) return this.cached.windows;
    const windows = await this.store.notEndedBy(new Date(now));
    this.cached = { windows, readAt: now };
    return windows;
  }
}

function toView(window: MaintenanceWindow) {
  return {
    id: window.id,
    startsAt: window.startsAt.toISOString(),
    endsAt: window.endsAt?.toISOString() ?? null,
    reason: window.reason,
  };
}
