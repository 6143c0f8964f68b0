/**
 * How long a Retry-After header asks the caller to wait, in ms, at most `maxMs`: delay-seconds or
 * an HTTP date (RFC 9110 10.2.3); undefined when absent or unreadable.
 */
export function retryAfterMs(header: string | null, maxMs: number, now = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return seconds >= 0 ? Math.min(seconds * 1000, maxMs) : undefined;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.min(Math.max(at - now, 0), maxMs);
}
