import { randomBytes } from 'node:crypto';
import express, { type Request, type RequestHandler, type Response, Router } from 'express';
import type { AccountStore } from '../platform/auth/accounts';
import { toPrincipal } from '../platform/auth/accounts';
import { accountStateRefusal } from '../platform/auth/account-state';
import type { Authenticator } from '../platform/auth/authenticator';
import type { AuditTrail } from '../platform/audit/audit-trail';
import type { Clock } from '../platform/clock';
import { DomainError, isDomainError } from '../platform/errors';
import { type RateLimits, sourceAddress } from '../platform/http/rate-limits';
import { correlationIdOf, type ConsolePages, page, setSignedIn } from './console-kit';
import {
  cookieValue,
  CSRF_FIELD,
  csrfTokenOf,
  LOGIN_COOKIE,
  originAllowed,
  SESSION_COOKIE,
  sessionEnded,
  type SessionPolicy,
  setCookie,
  tokensMatch,
  wellFormedToken,
  worthTouching,
} from './session.rules';
import type { ConsoleSessionStore } from './session.store';

export interface SignInDeps {
  authenticator: Pick<Authenticator, 'authenticateUser'>;
  accounts: Pick<AccountStore, 'findByUsername'>;
  sessions: ConsoleSessionStore;
  audit: Pick<AuditTrail, 'recordSoon'>;
  rateLimits: Pick<RateLimits, 'check'>;
  clock: Clock;
  /** Cookies are Secure when the gateway serves HTTPS. */
  secure: boolean;
  policy: SessionPolicy;
  passwordExpiryDays: number;
}

/** Why the login page is shown again, from a fixed list: nothing a link carries is printed back. */
const ENDED: Record<string, string> = {
  IDLE: 'You were signed out because the console was not used for a while. Sign in again.',
  TOO_OLD: 'Your session reached its time limit. Sign in again.',
  ACCOUNT: 'Your account can no longer use the console. Ask a super user of your organisation.',
  SIGNED_OUT: 'You have signed out.',
};

const SESSION_PATH = '/console';
const LOGIN_PATH = '/console/login';

/**
 * Signing in and out, and the session check before every other page (docs/decisions/0089-console-sessions-and-forms.md):
 * the password goes through the same authenticator as the admin API's Basic credentials, so
 * wrong passwords count towards lockout alike; the session lives in the database.
 */
export function signInRoutes(pages: ConsolePages, deps: SignInDeps): { router: Router; requireSession: RequestHandler } {
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 20 });
  const cookie = (name: string, value: string, path: string, maxAgeSeconds?: number) =>
    setCookie(name, value, { path, secure: deps.secure, maxAgeSeconds });

  const showLogin = (
    res: Response,
    context: { errors?: Record<string, string>; username?: string; notice?: string },
    status = 200,
  ) => {
    const token = randomBytes(32).toString('base64url');
    res.setHeader('Set-Cookie', cookie(LOGIN_COOKIE, token, LOGIN_PATH, 3600));
    const errors = context.errors ?? {};
    pages.render(
      res,
      'login.njk',
      {
        title: 'Sign in',
        csrfToken: token,
        username: context.username,
        notice: context.notice,
        errors,
        errorList: Object.entries(errors).map(([field, text]) => ({ text, href: `#${field}` })),
      },
      status,
    );
  };

  router.get(LOGIN_PATH, (req, res) => {
    const reason = typeof req.query.ended === 'string' ? ENDED[req.query.ended] : undefined;
    showLogin(res, { notice: reason });
  });

  router.post(
    LOGIN_PATH,
    form,
    page(async (req, res) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const expected = cookieValue(req.headers.cookie, LOGIN_COOKIE);
      if (
        !originAllowed(req.headers.origin, req.headers.host, deps.secure) ||
        !wellFormedToken(expected) ||
        !tokensMatch(expected, body[CSRF_FIELD])
      ) {
        return showLogin(
          res,
          { errors: { username: 'The sign-in form had expired. Enter your username and password again.' } },
          403,
        );
      }
      const username = typeof body.username === 'string' ? body.username.trim() : '';
      const password = typeof body.password === 'string' ? body.password : '';
      const errors: Record<string, string> = {};
      if (username === '') errors.username = 'Enter your username';
      if (password === '') errors.password = 'Enter your password';
      if (Object.keys(errors).length > 0) return showLogin(res, { errors, username }, 400);
      await deps.rateLimits.check('admin', 'address', sourceAddress(req));
      try {
        const principal = await deps.authenticator.authenticateUser(username, { kind: 'password', password });
        const token = await deps.sessions.open(principal, deps.clock.now(), deps.policy);
        deps.audit.recordSoon({
          ...signInAudit(res, username, 'OK'),
          organisationId: principal.organisationId,
          userId: principal.userId,
        });
        res.setHeader('Set-Cookie', [cookie(SESSION_COOKIE, token, SESSION_PATH), cookie(LOGIN_COOKIE, '', LOGIN_PATH, 0)]);
        res.redirect(303, '/console');
      } catch (error) {
        if (!isDomainError(error)) throw error;
        deps.audit.recordSoon(signInAudit(res, username, error.code));
        const message =
          error.code === 'AUTH_FAILED'
            ? 'Enter a correct username and password'
            : `${error.definition.message}. Do this through the admin API first (see the user guide of this gateway).`;
        showLogin(res, { errors: { username: message }, username }, error.definition.status);
      }
    }),
  );

  /**
   * Every page after sign-in: the session, its age, and the account as it is now (a suspended user is
   * out at once). False when the browser was sent to sign in instead.
   */
  const resume = async (req: Request, res: Response): Promise<{ sessionId: number } | undefined> => {
    const token = cookieValue(req.headers.cookie, SESSION_COOKIE);
    const session = wellFormedToken(token) ? await deps.sessions.find(token) : undefined;
    const out = (reason?: string) => {
      res.setHeader('Set-Cookie', cookie(SESSION_COOKIE, '', SESSION_PATH, 0));
      if (req.accepts(['html', 'json']) === 'json') throw new DomainError('AUTH_REQUIRED', 'Sign in to the console again');
      res.redirect(303, reason ? `${LOGIN_PATH}?ended=${reason}` : LOGIN_PATH);
      return undefined;
    };
    if (!session || !token) return out();
    const now = deps.clock.now();
    const ended = sessionEnded(session, now, deps.policy);
    const account = ended ? undefined : await deps.accounts.findByUsername(session.username);
    const refused = account?.userId === session.userId ? accountStateRefusal(account, now, deps.passwordExpiryDays) : 'GONE';
    if (ended || refused || !account) {
      await deps.sessions.close(session.id);
      return out(ended ?? 'ACCOUNT');
    }
    if (worthTouching(session.lastSeenAt, now)) await deps.sessions.touch(session.id, now);
    if (req.method === 'POST') await checkForm(req, res, token, deps.secure);
    setSignedIn(res, { principal: toPrincipal(account), csrfToken: csrfTokenOf(token) });
    return { sessionId: session.id };
  };
  const requireSession: RequestHandler = (req, res, next) => {
    resume(req, res).then((session) => session && next(), next);
  };

  router.post(
    '/console/logout',
    page(async (req, res) => {
      const session = await resume(req, res);
      if (!session) return;
      await deps.sessions.close(session.sessionId);
      res.setHeader('Set-Cookie', cookie(SESSION_COOKIE, '', SESSION_PATH, 0));
      res.redirect(303, `${LOGIN_PATH}?ended=SIGNED_OUT`);
    }),
  );

  return { router, requireSession };
}

/** A form that did not come from the user's own console page: answered 403, nothing done. */
export class FormRefused extends Error {
  constructor() {
    super('This form did not come from your console session: go back, reload the page and try again');
  }
}

/** A form of a signed-in page: posted from this site, with the session's token. */
async function checkForm(req: Request, res: Response, sessionToken: string, secure: boolean): Promise<void> {
  await new Promise<void>((resolve, reject) =>
    express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 50 })(req, res, (error?: unknown) =>
      error ? reject(error) : resolve(),
    ),
  );
  const presented = ((req.body ?? {}) as Record<string, unknown>)[CSRF_FIELD];
  if (!originAllowed(req.headers.origin, req.headers.host, secure) || !tokensMatch(csrfTokenOf(sessionToken), presented)) {
    throw new FormRefused();
  }
}

function signInAudit(res: Response, username: string, outcome: string) {
  return {
    correlationId: correlationIdOf(res),
    surface: 'admin' as const,
    operation: 'ConsoleSignIn',
    outcome,
    username: username.slice(0, 35),
  };
}
