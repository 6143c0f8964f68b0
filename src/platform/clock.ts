/** The only source of "now" in the domain: rules take a clock so tests can fix the date. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(iso: string): Clock {
  const instant = new Date(iso);
  return { now: () => new Date(instant) };
}

/** Today's date in the UK calendar sense (yyyy-mm-dd), from the clock's UTC instant. */
export function todayOf(clock: Clock): string {
  return clock.now().toISOString().slice(0, 10);
}
