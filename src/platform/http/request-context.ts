import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../logger';

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
 * Gives each request a correlation id (the caller's X-Correlation-Id when it is sensible, else
 * a new UUID), returns it in a header, and writes one JSON log line when the response ends.
 */
export function requestLogging(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction) => {
    const offered = req.get(CORRELATION_HEADER);
    const context: RequestContext = {
      correlationId: offered && ACCEPTABLE_CORRELATION_ID.test(offered) ? offered : randomUUID(),
    };
    res.locals[CONTEXT] = context;
    res.setHeader('X-Correlation-Id', context.correlationId);
    // winston formats a line before it checks the level: skip the work when it would be dropped.
    if (!logger.isLevelEnabled('http')) return next();
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      logger.http('request', {
        correlationId: context.correlationId,
        method: req.method,
        path: req.path,
        status: res.statusCode,
        durationMs: Number(process.hrtime.bigint() - started) / 1e6,
        surface: context.surface,
        operation: context.operation,
        outcome: context.outcome,
        username: context.username,
        organisationId: context.organisationId,
      });
    });
    next();
  };
}
