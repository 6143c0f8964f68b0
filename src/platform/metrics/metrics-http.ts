import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { Config } from '../../config';
import { DomainError, isDomainError } from '../errors';
import type { BasicAuthentication } from '../http/basic-auth';
import { sendJsonError } from '../http/json-errors';
import { requestContext } from '../http/request-context';
import type { GatewayMetrics } from './metrics';

/** Says whether a scrape may read the metrics: `check` rejects with a DomainError when not. */
export interface MetricsGuard {
  /** The WWW-Authenticate challenge of a refusal for want of credentials. */
  challenge: string;
  check(req: Request, res: Response): Promise<void>;
}

/**
 * The handler of GET /metrics (Prometheus text format) behind the configured guard (none when
 * open). A plain handler, not a router: mounted with app.get, it costs other requests nothing.
 */
export function metricsEndpoint(metrics: GatewayMetrics, guard: MetricsGuard | undefined): RequestHandler {
  return (req, res) => {
    const context = requestContext(res);
    context.surface = 'ops';
    context.operation = 'metrics';
    (guard ? guard.check(req, res) : Promise.resolve())
      .then(() => metrics.exposition())
      .then(({ contentType, body }) => {
        context.outcome = 'OK';
        res.type(contentType).send(body);
      })
      .catch((error: unknown) => {
        const known = isDomainError(error) ? error : new DomainError('INTERNAL_ERROR');
        if (guard && (known.code === 'AUTH_REQUIRED' || known.code === 'AUTH_FAILED')) {
          res.setHeader('WWW-Authenticate', guard.challenge);
        }
        sendJsonError(res, known);
      });
  };
}

/** A scrape with `Authorization: Bearer <token>`, compared in constant time. */
export function bearerGuard(token: string): MetricsGuard {
  const expected = createHash('sha256').update(token).digest();
  return {
    challenge: 'Bearer realm="lrs-gateway metrics"',
    async check(req) {
      const header = req.headers.authorization;
      if (!header?.startsWith('Bearer ')) throw new DomainError('AUTH_REQUIRED', 'Send Authorization: Bearer <token>');
      const offered = createHash('sha256').update(header.slice(7).trim()).digest();
      if (!timingSafeEqual(offered, expected)) throw new DomainError('AUTH_FAILED', 'The bearer token is not correct');
    },
  };
}

/** A scrape with an operator's HTTP Basic credentials (the same authenticator, lockout and all). */
export function operatorGuard(basic: BasicAuthentication): MetricsGuard {
  return {
    challenge: 'Basic realm="lrs-gateway metrics"',
    async check(req, res) {
      if (!req.headers.authorization?.startsWith('Basic ')) throw new DomainError('AUTH_REQUIRED', 'Send HTTP Basic credentials');
      const principal = await basic(req, res);
      const context = requestContext(res);
      context.username = principal.username;
      context.organisationId = principal.organisationId;
      if (!principal.roles.includes('OPERATOR')) throw new DomainError('ROLE_REQUIRED', 'Metrics are for operators');
    },
  };
}

/**
 * GET /metrics behind the guard METRICS_ACCESS asks for (none when open); undefined when it is off.
 * `operators` is asked for only when operators' HTTP Basic credentials guard it.
 */
export function guardedMetricsEndpoint(
  metrics: GatewayMetrics,
  settings: Pick<Config, 'metricsAccess' | 'metricsBearerToken'>,
  operators: () => BasicAuthentication,
): RequestHandler | undefined {
  switch (settings.metricsAccess) {
    case 'off':
      return undefined;
    case 'open':
      return metricsEndpoint(metrics, undefined);
    case 'bearer':
      return metricsEndpoint(metrics, bearerGuard(settings.metricsBearerToken as string));
    case 'operator':
      return metricsEndpoint(metrics, operatorGuard(operators()));
  }
}
