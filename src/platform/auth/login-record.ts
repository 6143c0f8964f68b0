/**
 * A successful login is recorded at most once a minute per user: every SOAP call signs in, and
 * a write on each would cost more than the call. Housekeeping counts in days, so a minute is
 * far finer than anything that reads it.
 */
const GRANULARITY_MS = 60_000;

export function loginWorthRecording(lastLoginAt: Date | null, now: Date): boolean {
  return lastLoginAt === null || now.getTime() - lastLoginAt.getTime() >= GRANULARITY_MS;
}
