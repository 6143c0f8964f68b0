import type { Request, Response } from 'express';
import { Passport } from 'passport';
import { BasicStrategy } from 'passport-http';
import type { Principal } from '../auth/accounts';
import type { AuthenticationOptions, Authenticator } from '../auth/authenticator';
import { canonicalBase64 } from '../auth/base64';
import { DomainError } from '../errors';

export type BasicAuthentication = (req: Request, res: Response) => Promise<Principal>;

/**
 * HTTP Basic through passport-http, on every surface that takes it. passport-http drops a
 * refusal's reason, so refusals travel as errors and keep their stable code.
 */
export function basicAuthentication(
  authenticator: Authenticator,
  optionsFor: (req: Request) => AuthenticationOptions = () => ({}),
): BasicAuthentication {
  const passport = new Passport();
  passport.use(
    new BasicStrategy({ passReqToCallback: true }, (req: Request, username, password, done) => {
      authenticator.authenticateUser(username, { kind: 'password', password }, optionsFor(req)).then(
        (principal) => done(null, principal),
        (error: unknown) => done(error),
      );
    }),
  );
  return (req, res) =>
    new Promise((resolve, reject) => {
      // One spelling per credential: what Node's lenient decoder would also read is refused, for every username alike.
      const encoded = /^Basic +(\S*)\s*$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
      if (!canonicalBase64(encoded)) {
        reject(new DomainError('AUTH_FAILED', 'The Basic credentials must be canonical base64'));
        return;
      }
      passport.authenticate('basic', { session: false }, (error: unknown, user: Principal | false) => {
        if (error) reject(error);
        else if (user) resolve(user);
        else reject(new DomainError('AUTH_FAILED'));
      })(req, res, (error: unknown) => reject(error ?? new DomainError('AUTH_FAILED')));
    });
}

/** The username a Basic Authorization header claims, for the audit trail of refusals. */
export function basicUsername(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (!header?.startsWith('Basic ')) return undefined;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon > 0 ? decoded.slice(0, Math.min(colon, 35)) : undefined;
}
