import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';

/**
 * When the monthly report of open challenges goes out (guide 6.1: "a report of all open EDCs
 * requiring attention is sent at the beginning of each month"): a day of the month and a wall-clock
 * time in a time zone (by default the 1st at 06:00 UK time, whether GMT or BST).
 */
export interface ReportSchedule {
  day: number;
  /** HH:MM, 24-hour. */
  time: string;
  timeZone: string;
}

interface LocalParts {
  year: number;
  /** 0-based, as Date.UTC takes it. */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function localParts(instant: number, timeZone: string): LocalParts {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return {
    year: part('year'),
    month: part('month') - 1,
    day: part('day'),
    hour: part('hour'),
    minute: part('minute'),
    second: part('second'),
  };
}

/** How far the zone's wall clock is ahead of UTC at an instant, in milliseconds. */
function offsetAt(instant: number, timeZone: string): number {
  const whole = Math.floor(instant / 1000) * 1000;
  const p = localParts(whole, timeZone);
  return Date.UTC(p.year, p.month, p.day, p.hour, p.minute, p.second) - whole;
}

/** The instant a wall-clock time in the zone happens (month may run past 11: Date.UTC carries it into the year). */
export function zonedInstant(year: number, month: number, day: number, time: string, timeZone: string): Date {
  const [hour, minute] = time.split(':').map(Number);
  const wall = Date.UTC(year, month, day, hour, minute);
  const first = wall - offsetAt(wall, timeZone);
  const second = wall - offsetAt(first, timeZone);
  return new Date(second);
}

/** The scheduled instant in the month (local to the zone) that contains `now`, plus `shift` months. */
function dueInMonth(now: Date, schedule: ReportSchedule, shift: number): Date {
  const local = localParts(now.getTime(), schedule.timeZone);
  return zonedInstant(local.year, local.month + shift, schedule.day, schedule.time, schedule.timeZone);
}

/** The most recent scheduled instant at or before `now`. */
export function latestDue(now: Date, schedule: ReportSchedule): Date {
  const thisMonth = dueInMonth(now, schedule, 0);
  return thisMonth.getTime() <= now.getTime() ? thisMonth : dueInMonth(now, schedule, -1);
}

/** The first scheduled instant after `now`. */
export function nextDue(now: Date, schedule: ReportSchedule): Date {
  const thisMonth = dueInMonth(now, schedule, 0);
  return thisMonth.getTime() > now.getTime() ? thisMonth : dueInMonth(now, schedule, 1);
}

/** The report month (yyyy-mm) an instant falls in, in the zone. */
export function monthOf(instant: Date, timeZone: string): string {
  const p = localParts(instant.getTime(), timeZone);
  return `${p.year}-${String(p.month + 1).padStart(2, '0')}`;
}

/** A process started (or restarted) this soon after the scheduled time still sends that month's report. */
export const CATCH_UP_MS = 24 * 3600_000;
/** setTimeout cannot wait a month (its limit is about 24.8 days), so the schedule wakes at least this often. */
const MAX_SLEEP_MS = 6 * 3600_000;

/** The month whose report is due now, or undefined: within the catch-up window after a scheduled time. */
export function monthDue(now: Date, schedule: ReportSchedule): string | undefined {
  const due = latestDue(now, schedule);
  return now.getTime() - due.getTime() < CATCH_UP_MS ? monthOf(due, schedule.timeZone) : undefined;
}

/**
 * Runs the monthly report in this process at the scheduled time. Every gateway process runs one:
 * the outbox's dedupe key (edc-monthly:<ukprn>:<yyyy-mm>) lets one message per AO per month
 * through, whichever process gets there first, and a restart never sends it again.
 */
export class MonthlyReportSchedule {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private doneMonth: string | undefined;
  private stopped = true;

  constructor(
    private readonly run: (month: string) => Promise<unknown>,
    private readonly schedule: ReportSchedule,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.stopped = false;
    this.tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** The run in flight, if any (tests wait for it). */
  get inFlight(): Promise<unknown> | undefined {
    return this.running;
  }

  private tick(): void {
    if (this.stopped) return;
    const now = this.clock.now();
    const month = monthDue(now, this.schedule);
    if (month !== undefined && month !== this.doneMonth && !this.running) {
      this.doneMonth = month;
      this.running = this.run(month)
        .catch((error: unknown) => {
          this.doneMonth = undefined; // tried again at the next wake, within the catch-up window
          this.logger.warn('monthly data challenge report failed; will retry', { month, error: String(error) });
        })
        .finally(() => (this.running = undefined));
    }
    const wait = Math.min(nextDue(now, this.schedule).getTime() - now.getTime(), MAX_SLEEP_MS);
    this.timer = setTimeout(() => this.tick(), Math.max(wait, 1000)).unref();
  }
}
