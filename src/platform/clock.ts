/** The only source of "now" in the domain: rules take a clock so tests can fix the date. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(iso: string): Clock {
  const instant = new Date(iso);
  return { now: () => new Date(instant) };
}

/** The LRS is a UK service: its days begin at midnight UK time, GMT in winter and BST in summer. */
export const UK_TIME_ZONE = 'Europe/London';

const UK_DATE = new Intl.DateTimeFormat('en-GB', { timeZone: UK_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The UK calendar date (yyyy-mm-dd) of an instant: from 00:00 to 01:00 BST it is already the next UTC day. */
export function ukDateOf(instant: Date): string {
  const parts = UK_DATE.formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** Today in the UK calendar (yyyy-mm-dd): every "today" of the guide's rules (award and action dates, ages). */
export function todayOf(clock: Clock): string {
  return ukDateOf(clock.now());
}

/** The calendar day after a yyyy-mm-dd date: the exclusive end of a range of whole days. */
export function dayAfter(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}
