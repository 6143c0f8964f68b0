import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * The console's sessions and forms (docs/decisions/0089-console-sessions-and-forms.md): what a
 * session cookie carries, when a session ends, and the CSRF tokens of its forms. Pure functions
 * over plain values; the clock is passed in.
 */

export const SESSION_COOKIE = 'lrs_console_session';
/** The token of the login form, before any session exists: compared with the form's hidden field. */
export const LOGIN_COOKIE = 'lrs_console_login';
export const CSRF_FIELD = '_csrf';

export interface SessionPolicy {
  /** A session not used for this long ends. */
  idleMinutes: number;
  /** A session ends this long after login however much it is used. */
  maxHours: number;
}

export interface SessionTimes {
  createdAt: Date;
  lastSeenAt: Date;
}

/** Why a session may no longer be used, or undefined while it may. */
export function sessionEnded(session: SessionTimes, now: Date, policy: SessionPolicy): 'IDLE' | 'TOO_OLD' | undefined {
  if (now.getTime() - session.createdAt.getTime() >= policy.maxHours * 3_600_000) return 'TOO_OLD';
  if (now.getTime() - session.lastSeenAt.getTime() >= policy.idleMinutes * 60_000) return 'IDLE';
  return undefined;
}

/** A session's last use is written at most once a minute: a page and its polls do not each write a row. */
export function worthTouching(lastSeenAt: Date, now: Date): boolean {
  return now.getTime() - lastSeenAt.getTime() >= 60_000;
}

/** What the table keeps of a session token: its hash, so a copy of the table opens no session. */
export function tokenDigest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A session's CSRF token, derived from its secret token: the same on every form of the session, useless without it. */
export function csrfTokenOf(sessionToken: string): string {
  return createHash('sha256').update(`console-form\0${sessionToken}`).digest('base64url');
}

/** Whether the token a form sent is the expected one, in constant time. */
export function tokensMatch(expected: string, presented: unknown): boolean {
  if (typeof presented !== 'string' || presented.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(presented), Buffer.from(expected));
}

/** Tokens are 32 random bytes, base64url: anything else in a cookie is not one of ours. */
export function wellFormedToken(value: string | undefined): value is string {
  return value !== undefined && /^[A-Za-z0-9_-]{43}$/.test(value);
}

export interface CookieOptions {
  path: string;
  /** Secure when the gateway serves HTTPS (TLS_CERT_FILE). */
  secure: boolean;
  /** Seconds; 0 clears the cookie. Undefined: a browser-session cookie. */
  maxAgeSeconds?: number;
}

/** A Set-Cookie value: always HttpOnly and SameSite=Strict, Secure over TLS. */
export function setCookie(name: string, value: string, options: CookieOptions): string {
  const parts = [`${name}=${value}`, `Path=${options.path}`, 'HttpOnly', 'SameSite=Strict'];
  if (options.secure) parts.push('Secure');
  if (options.maxAgeSeconds !== undefined) parts.push(`Max-Age=${options.maxAgeSeconds}`);
  return parts.join('; ');
}

/** One cookie's value from a Cookie header; the first when the name is repeated. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const pair of (header ?? '').split(';')) {
    const at = pair.indexOf('=');
    if (at > 0 && pair.slice(0, at).trim() === name) return pair.slice(at + 1).trim();
  }
  return undefined;
}

/**
 * A form posted from another site is refused before its token is read: the Origin a browser sends
 * must be this host. A request without Origin (older browsers, tools) is judged by its token alone.
 */
export function originAllowed(origin: string | undefined, host: string | undefined, secure: boolean): boolean {
  if (origin === undefined) return true;
  if (host === undefined) return false;
  return origin === `${secure ? 'https' : 'http'}://${host}`;
}
