import { fail, ok, type Result } from '../platform/errors';

/** A period when the service is closed (out of service hours); open-ended until an operator switches it off. */
export interface MaintenanceWindow {
  id: number;
  startsAt: Date;
  endsAt: Date | null;
  reason: string;
}

/** The window in force at `now`, if any; of several, the one that ends last (an open-ended one first). */
export function windowInForce(windows: readonly MaintenanceWindow[], now: Date): MaintenanceWindow | undefined {
  const time = now.getTime();
  const inForce = windows.filter((w) => w.startsAt.getTime() <= time && (w.endsAt === null || time < w.endsAt.getTime()));
  return inForce.sort((a, b) => endOf(b) - endOf(a))[0];
}

/** How long a caller should wait: until the window ends, or `openEndedSeconds` when it has no end yet. */
export function retryAfterSeconds(window: MaintenanceWindow, now: Date, openEndedSeconds: number): number {
  if (window.endsAt === null) return openEndedSeconds;
  return Math.max(1, Math.ceil((window.endsAt.getTime() - now.getTime()) / 1000));
}

/** A window an operator schedules: it ends after it starts, and not in the past; it may start now or later. */
export function scheduleWindow(
  request: { startsAt: Date; endsAt: Date | null; reason: string },
  now: Date,
): Result<Omit<MaintenanceWindow, 'id'>> {
  const reason = request.reason.trim().replace(/\s+/g, ' ');
  if (reason.length === 0 || reason.length > 500) return fail('REQUEST_INVALID', 'Give the reason, 1 to 500 characters');
  const { startsAt, endsAt } = request;
  if (Number.isNaN(startsAt.getTime()) || (endsAt !== null && Number.isNaN(endsAt.getTime()))) {
    return fail('MAINTENANCE_WINDOW_INVALID', 'startsAt and endsAt are date-times');
  }
  if (endsAt !== null && endsAt.getTime() <= startsAt.getTime()) {
    return fail('MAINTENANCE_WINDOW_INVALID', 'The window must end after it starts');
  }
  if (endsAt !== null && endsAt.getTime() <= now.getTime()) {
    return fail('MAINTENANCE_WINDOW_INVALID', 'The window must not end in the past');
  }
  return ok({ startsAt, endsAt, reason });
}

function endOf(window: MaintenanceWindow): number {
  return window.endsAt === null ? Number.POSITIVE_INFINITY : window.endsAt.getTime();
}
