import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../logger';
import type { GatewayMetrics } from '../metrics/metrics';
import { RequestLog } from './request-log';

/** What the one log line of a request says about it: identifiers only, never learner data or secrets. */
export interface RequestContext {
  correlationId: string;
  surface?: string;
  operation?: string;
  outcome?: string;
  username?: string;
  organisationId?: number;
}

const CONTEXT = 'lrsGatewayContext';
const CORRELATION_HEADER = 'x-correlation-id';
const ACCEPTABLE_CORRELATION_ID = /^[A-Za-z0-9._-]{8,64}$/;

export function requestContext(res: Response): RequestContext {
  return res.locals[CONTEXT] as RequestContext;
}

/**
 * The one middleware every request passes: gives it a correlation id (the caller's
 * X-Correlation-Id when it is sensible, else a new UUID) returned in a header, and with one
 * listener on the finished answer counts and times it in the metrics and writes its log line,
 * under the surface, operation and outcome the front doors wrote into the request context.
 * Requests no surface claimed (health checks, unknown paths) count under surface "http".
 */
export function observeRequests(logger: Logger, metrics?: GatewayMetrics) {
  const log = new RequestLog(logger);
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    const offered = req.headers[CORRELATION_HEADER];
    const context: RequestContext = {
      correlationId: typeof offered === 'string' && ACCEPTABLE_CORRELATION_ID.test(offered) ? offered : randomUUID(),
    };
    res.locals[CONTEXT] = context;
    res.setHeader('X-Correlation-Id', context.correlationId);
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (metrics) {
        const surface = context.surface ?? 'http';
        const operation = context.operation ?? 'none';
        metrics.requests.inc({ surface, operation, outcome: context.outcome ?? `HTTP_${res.statusCode}` });
        metrics.requestDuration.observe({ surface, operation }, seconds);
      }
      if (log.enabled) {
        log.write({
          correlationId: context.correlationId,
          method: req.method,
          path: req.path,
          status: res.statusCode,
          durationMs: seconds * 1000,
          surface: context.surface,
          operation: context.operation,
          outcome: context.outcome,
          username: context.username,
          organisationId: context.organisationId,
        });
      }
    });
    next();
  };
}
