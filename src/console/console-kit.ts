import type { NextFunction, Request, Response } from 'express';
import type nunjucks from 'nunjucks';
import type { Principal } from '../platform/auth/accounts';
import { requestContext } from '../platform/http/request-context';
import type { ConsoleCalls, RouteKey } from './console-calls';
import { ASSET_PATH } from './console-views';

/** Who is signed in on this request, set by the session check before any page runs. */
export interface SignedIn {
  principal: Principal;
  csrfToken: string;
}

const SIGNED_IN = 'lrsConsoleUser';
const NONCE = 'lrsConsoleNonce';

export function setSignedIn(res: Response, user: SignedIn): void {
  res.locals[SIGNED_IN] = user;
}

export function signedIn(res: Response): SignedIn {
  return res.locals[SIGNED_IN] as SignedIn;
}

export function setNonce(res: Response, nonce: string): void {
  res.locals[NONCE] = nonce;
}

export function correlationIdOf(res: Response): string {
  return requestContext(res).correlationId;
}

/** One part of the console, reached from the navigation, offered when the admin route it runs on is. */
export interface ConsoleSection {
  href: string;
  text: string;
  /** The admin route whose roles decide who sees it. */
  route: RouteKey;
  description: string;
}

/** An async page handler whose refusals reach the console's error page. */
export function page(handler: (req: Request, res: Response) => Promise<void>) {
  return (req: Request, res: Response, next: NextFunction) => {
    handler(req, res).catch(next);
  };
}

/** Renders the console's pages with what every page shows: the user, the navigation, the form token, the script nonce. */
export class ConsolePages {
  constructor(
    private readonly templates: nunjucks.Environment,
    readonly calls: ConsoleCalls,
    private readonly sections: readonly ConsoleSection[],
  ) {}

  render(res: Response, view: string, context: Record<string, unknown>, status = 200): void {
    const user = res.locals[SIGNED_IN] as SignedIn | undefined;
    const current = typeof context.section === 'string' ? context.section : undefined;
    const html = this.templates.render(view, {
      ...context,
      assetPath: ASSET_PATH,
      cspNonce: res.locals[NONCE],
      user: user && {
        username: user.principal.username,
        ukprn: user.principal.organisationUkprn,
        roles: user.principal.roles,
      },
      csrfToken: user?.csrfToken ?? context.csrfToken,
      navigation: user ? this.navigation(user.principal, current) : [],
    });
    res.status(status).type('html').send(html);
  }

  /** The sections this user may open, in order. */
  navigation(principal: Principal, current: string | undefined) {
    return this.sections
      .filter((section) => this.calls.allows(principal, section.route))
      .map((section) => ({ href: section.href, text: section.text, current: section.href === current }));
  }

  /** Every section with whether this deployment offers it and whether the user may open it (the home page). */
  overview(principal: Principal) {
    return this.sections.map((section) => ({
      ...section,
      offered: this.calls.offers(section.route),
      allowed: this.calls.allows(principal, section.route),
    }));
  }
}
