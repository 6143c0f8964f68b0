import { randomBytes } from 'node:crypto';
import { type NextFunction, type Request, type Response, Router } from 'express';
import type { AdminCallDeps } from '../admin/admin-call';
import type { AdminRoute } from '../admin/admin-route';
import type { Config } from '../config';
import type { Database } from '../platform/database';
import { isDomainError } from '../platform/errors';
import type { Logger } from '../platform/logger';
import { setRetryAfter } from '../platform/http/rate-limits';
import { requestContext } from '../platform/http/request-context';
import { batchPages } from './batch.pages';
import { ConsoleCalls } from './console-calls';
import { coveragePages } from './coverage.pages';
import { type ConsoleSection, ConsolePages, correlationIdOf, page, setNonce, signedIn } from './console-kit';
import { FormRefused, type SignInDeps, signInRoutes } from './console-sign-in';
import { consoleAssets, consoleTemplates } from './console-views';
import { faultPages } from './faults.pages';
import { journalPages } from './journal.pages';
import { sandboxPages } from './sandbox.pages';
import { ConsoleSessionStore } from './session.store';
import { SqlAccountStore } from '../users/account.store';

/** What the console is built from: the admin API's routes (it runs them in process) and the shared platform. */
export interface ConsoleDeps extends AdminCallDeps, Pick<SignInDeps, 'authenticator' | 'audit' | 'clock'> {
  routes: readonly AdminRoute[];
  config: Pick<Config, 'tlsCertFile' | 'consoleSessionIdleMinutes' | 'consoleSessionMaxHours' | 'passwordExpiryDays'>;
  db: Database;
  logger: Logger;
}

/** The console's sections in navigation order; each is offered when its admin route is. */
export const CONSOLE_SECTIONS: readonly ConsoleSection[] = [
  {
    href: '/console/journal',
    text: 'Request journal',
    route: 'get /journal',
    description: 'Every exchange of your organisation, with the request and response and what was wrong with a refused one.',
  },
  {
    href: '/console/coverage',
    text: 'Coverage',
    route: 'get /coverage',
    description:
      'Each response code, failure flag, fault and job state of the operations your MIS has called: seen, or what produces it.',
  },
  {
    href: '/console/batches',
    text: 'Batch jobs',
    route: 'get /batches',
    description: "Your organisation's batch jobs and their progress while they run.",
  },
  {
    href: '/console/faults',
    text: 'Fault injection',
    route: 'get /fault-injections',
    description: "Make your organisation's next SOAP calls slow, refused or unanswered, to test how your MIS copes.",
  },
  {
    href: '/console/sandbox',
    text: 'Reset and snapshots',
    route: 'get /sandbox/snapshots',
    description: "Reset your organisation's records to the compatibility baseline, or save and restore them by name.",
  },
];

/**
 * The compatibility console under /console (docs/decisions/0088-the-compatibility-console.md): GOV.UK
 * Design System pages served by the gateway itself, signed in with a user of the organisation, each
 * page running the admin routes as that user.
 */
export function consoleRouter(deps: ConsoleDeps): Router {
  const router = Router();
  const calls = new ConsoleCalls(deps.routes, deps);
  const pages = new ConsolePages(consoleTemplates(), calls, CONSOLE_SECTIONS);
  const signIn = signInRoutes(pages, {
    ...deps,
    accounts: new SqlAccountStore(deps.db),
    sessions: new ConsoleSessionStore(deps.db),
    secure: deps.config.tlsCertFile !== undefined,
    policy: { idleMinutes: deps.config.consoleSessionIdleMinutes, maxHours: deps.config.consoleSessionMaxHours },
    passwordExpiryDays: deps.config.passwordExpiryDays,
  });

  router.use('/console', securityHeaders);
  router.use(consoleAssets());
  router.use(signIn.router);
  router.use('/console', signIn.requireSession);
  router.get(
    '/console',
    page(async (_req, res) => {
      pages.render(res, 'home.njk', { title: 'Compatibility console', sections: pages.overview(signedIn(res).principal) });
    }),
  );
  router.use(journalPages(pages));
  router.use(coveragePages(pages));
  router.use(batchPages(pages));
  router.use(faultPages(pages));
  router.use(sandboxPages(pages));
  router.use('/console', (_req, res) => pages.render(res, 'error.njk', { title: 'Page not found', notFound: true }, 404));
  router.use('/console', errorPage(pages, deps.logger));
  return router;
}

/**
 * Nothing the page did not bring itself runs or frames it: scripts from this origin and the one
 * inline line of the GOV.UK template (by its nonce); no framing, no forms posted elsewhere.
 */
function securityHeaders(_req: Request, res: Response, next: NextFunction): void {
  const nonce = randomBytes(16).toString('base64');
  setNonce(res, nonce);
  const context = requestContext(res);
  context.surface = 'console';
  res.setHeader(
    'Content-Security-Policy',
    [
      "default-src 'none'",
      `script-src 'self' 'nonce-${nonce}'`,
      "style-src 'self'",
      "img-src 'self'",
      "font-src 'self'",
      "connect-src 'self'",
      "manifest-src 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
      "base-uri 'none'",
    ].join('; '),
  );
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'same-origin');
  res.setHeader('Cache-Control', 'no-store');
  next();
}

/** A refusal as a page (or, to the page's own script, as JSON): its code, its message, the correlation id. */
function errorPage(pages: ConsolePages, logger: Logger) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const correlationId = correlationIdOf(res);
    const known = isDomainError(error) ? error : undefined;
    const status = error instanceof FormRefused ? 403 : (known?.definition.status ?? 500);
    if (!known && !(error instanceof FormRefused)) logger.error('console page failed', { correlationId, error: String(error) });
    requestContext(res).outcome = known?.code ?? (status === 403 ? 'FORM_REFUSED' : 'INTERNAL_ERROR');
    setRetryAfter(res, error);
    const message = known?.message ?? (error instanceof FormRefused ? error.message : 'Something went wrong on our side.');
    if (req.accepts(['html', 'json']) === 'json') {
      res.status(status).json({ error: { code: known?.code ?? 'INTERNAL_ERROR', message, correlationId } });
      return;
    }
    pages.render(res, 'error.njk', { title: titleOf(status), code: known?.code, message, correlationId }, status);
  };
}

function titleOf(status: number): string {
  if (status === 403) return 'You cannot do this';
  if (status === 404) return 'Not found';
  if (status === 429) return 'Too many requests';
  if (status === 503) return 'The service is closed for maintenance';
  if (status >= 500) return 'Sorry, there is a problem with the service';
  return 'There is a problem';
}
