import express, { type NextFunction, type Request, type Response, Router } from 'express';
import type { Principal } from '../platform/auth/accounts';
import type { Authenticator } from '../platform/auth/authenticator';
import type { AuditTrail } from '../platform/audit/audit-trail';
import { DomainError, isDomainError } from '../platform/errors';
import { type BasicAuthentication, basicAuthentication, basicUsername } from '../platform/http/basic-auth';
import { type RateLimits, sourceAddress } from '../platform/http/rate-limits';
import { requestContext } from '../platform/http/request-context';
import { sendJsonError } from '../platform/http/json-errors';
import type { Logger } from '../platform/logger';
import type { AdminRoute, FileAnswer } from './admin-route';
import { admitAdminCall, runAdminRoute } from './admin-call';
import { openApiDocument } from './openapi';
import type { SchemaRegistry } from '../platform/validation/schema-registry';
import { JOURNAL_TAG } from '../journal/journal.admin';
import type { RequestJournal } from '../journal/request-journal';
import { AuthenticationRefused } from '../platform/auth/authentication-refused';

export interface AdminDeps {
  authenticator: Authenticator;
  schemas: SchemaRegistry;
  audit: AuditTrail;
  logger: Logger;
  bodyLimitBytes: number;
  rateLimits: RateLimits;
  /** During maintenance only operators are served. */
  maintenance: { ensureOpen(): Promise<void> };
  /** The request journal of the organisations that keep one. */
  journal?: Pick<RequestJournal, 'record'>;
}

const ROUTE = Symbol('adminRoute');
type RequestWithRoute = Request & { [ROUTE]?: AdminRoute };

/**
 * The JSON admin API under /admin: HTTP Basic through passport-http, role checks, every
 * request body, query and answer validated against its JSON Schema, errors as JSON with a
 * stable code. Its OpenAPI document is served at /admin/openapi.json.
 */
export function adminRouter(routes: AdminRoute[], deps: AdminDeps): Router {
  const router = Router();
  const basic = basicAuthentication(deps.authenticator, (req: RequestWithRoute) => req[ROUTE]?.authentication ?? {});
  const document = openApiDocument(routes, deps.schemas);
  router.get('/admin/openapi.json', (_req, res) => {
    res.json(document);
  });

  const json = express.json({ limit: deps.bodyLimitBytes, strict: true, type: () => true });
  // A file upload is left unread here: its handler streams it.
  const passThrough = (_req: Request, _res: Response, next: NextFunction) => next();
  for (const route of routes) {
    router[route.method](
      `/admin${route.path}`,
      (req: RequestWithRoute, res: Response, next: NextFunction) => {
        req[ROUTE] = route;
        // Answers carry one-time passwords and personal data: no cache may keep any of them (docs/decisions/0046-one-time-passwords-in-transit.md).
        res.setHeader('Cache-Control', 'no-store');
        const context = requestContext(res);
        context.surface = 'admin';
        context.operation = `${route.method.toUpperCase()} ${route.path}`;
        // Per source address before the body is read; not audited, like the SOAP surfaces.
        deps.rateLimits.check('admin', 'address', sourceAddress(req)).then(
          () => next(),
          (error: unknown) => sendJsonError(res, isDomainError(error) ? error : new DomainError('INTERNAL_ERROR')),
        );
      },
      route.rawBody ? passThrough : json,
      (req: RequestWithRoute, res: Response) => {
        const started = process.hrtime.bigint();
        serve(route, req, res, deps, basic).then(
          (answer) => journal(route, req, res, deps, started, answer),
          (error: unknown) => journal(route, req, res, deps, started, refuse(res, route, error, deps, basicUsername(req)), error),
        );
      },
    );
  }
  router.use('/admin', (error: unknown, req: RequestWithRoute, res: Response, next: NextFunction) => {
    if (!req[ROUTE]) return next(error);
    const status = (error as { status?: number }).status;
    const refusal =
      status === 413
        ? new DomainError('MESSAGE_TOO_LARGE')
        : new DomainError('REQUEST_INVALID', 'The body is not well-formed JSON');
    refuse(res, req[ROUTE], refusal, deps, basicUsername(req));
  });
  return router;
}

/**
 * The exchange, for the organisation's request journal when it keeps one: the JSON bodies (a file
 * upload or download is noted by its size), their secret-named fields taken out when written.
 */
function journal(
  route: AdminRoute,
  req: Request,
  res: Response,
  deps: AdminDeps,
  started: bigint,
  answer: unknown,
  error?: unknown,
): void {
  if (!deps.journal || route.tag === JOURNAL_TAG) return;
  const context = requestContext(res);
  const code = error === undefined ? 'OK' : isDomainError(error) ? error.code : 'INTERNAL_ERROR';
  deps.journal.record({
    organisationId: context.organisationId ?? (error instanceof AuthenticationRefused ? error.organisationId : undefined),
    claimedUsername: context.username ?? basicUsername(req),
    surface: 'admin',
    operation: `${route.method.toUpperCase()} ${route.path}`,
    username: context.username ?? basicUsername(req),
    outcome: code,
    httpStatus: res.statusCode,
    durationMs: Number(process.hrtime.bigint() - started) / 1e6,
    correlationId: context.correlationId,
    format: 'json',
    request: route.rawBody ? { file: `${req.headers['content-length'] ?? 'unknown'} bytes` } : req.body,
    response: route.fileResponse && error === undefined ? { file: 'streamed' } : answer,
    refusal:
      error === undefined
        ? undefined
        : {
            code,
            message: error instanceof Error ? error.message : String(error),
            authenticationReason: error instanceof AuthenticationRefused ? error.reason : undefined,
          },
  });
}

async function serve(
  route: AdminRoute,
  req: Request,
  res: Response,
  deps: AdminDeps,
  basic: BasicAuthentication,
): Promise<unknown> {
  const principal = await authenticate(req, res, basic);
  const context = requestContext(res);
  context.username = principal.username;
  context.organisationId = principal.organisationId;
  await admitAdminCall(route, principal, deps);
  // A file is stored as it is sent and read later as text: a compressed one would be stored compressed and its job fail.
  if (route.rawBody) {
    const encoding = (req.get('content-encoding') ?? 'identity').trim().toLowerCase();
    if (encoding !== 'identity') {
      throw new DomainError(
        'MESSAGE_ENCODING_UNSUPPORTED',
        `Content-Encoding ${encoding} is not accepted for a file: send it uncompressed`,
      );
    }
  }
  // fetch and most clients send a bodyless POST with Content-Length: 0, which express.json reads as {}.
  const sentBody = req.headers['content-length'] === '0' ? undefined : req.body;
  if (!route.requestSchema && !route.rawBody && sentBody !== undefined) {
    throw new DomainError('REQUEST_INVALID', 'This call takes no body');
  }
  const answer = await runAdminRoute(
    route,
    principal,
    context.correlationId,
    { body: req.body, query: req.query, params: req.params as Record<string, string>, stream: route.rawBody ? req : undefined },
    deps.schemas,
  );
  if (route.fileResponse) return sendFile(res, route, answer as FileAnswer);
  context.outcome = 'OK';
  res.status(route.status ?? 200).json(answer);
  return answer;
}

function sendFile(res: Response, route: AdminRoute, answer: FileAnswer): void {
  requestContext(res).outcome = 'OK';
  res.status(route.status ?? 200).type(answer.contentType);
  res.setHeader('Content-Disposition', `attachment; filename="${answer.fileName.replace(/[^\w.-]/g, '_')}"`);
  answer.file.on('error', (error) => res.destroy(error));
  answer.file.pipe(res);
}

function authenticate(req: Request, res: Response, basic: BasicAuthentication): Promise<Principal> {
  if (!req.headers.authorization?.startsWith('Basic ')) {
    return Promise.reject(new DomainError('AUTH_REQUIRED', 'Send HTTP Basic credentials'));
  }
  return basic(req, res);
}

/** Answers the refusal as a JSON error; returns the error body written. */
function refuse(res: Response, route: AdminRoute, error: unknown, deps: AdminDeps, username: string | undefined): unknown {
  const known = isDomainError(error) ? error : new DomainError('INTERNAL_ERROR');
  const context = requestContext(res);
  if (!isDomainError(error))
    deps.logger.error('admin call failed', { correlationId: context.correlationId, error: String(error) });
  // A file refused before it was read to the end: the rest is not read, so the connection cannot carry another request.
  if (route.rawBody && !res.req.complete) res.setHeader('Connection', 'close');
  if (known.code === 'AUTH_FAILED' || known.code === 'AUTH_REQUIRED') {
    res.setHeader('WWW-Authenticate', 'Basic realm="lrs-gateway admin"');
  }
  deps.audit.recordSoon({
    correlationId: context.correlationId,
    surface: 'admin',
    operation: `${route.method.toUpperCase()} ${route.path}`.slice(0, 60),
    outcome: known.code,
    organisationId: context.organisationId,
    username: context.username ?? username,
  });
  return sendJsonError(res, known);
}
