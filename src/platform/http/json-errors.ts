import type { NextFunction, Request, Response } from 'express';
import { DomainError, isDomainError } from '../errors';
import type { Logger } from '../logger';
import { setRetryAfter } from './rate-limits';
import { requestContext } from './request-context';

/** The JSON error body of every non-SOAP route: a stable code, a message, the correlation id; never a stack. Returns the body sent. */
export function sendJsonError(res: Response, error: DomainError): unknown {
  const context = requestContext(res);
  if (context) context.outcome = error.code;
  setRetryAfter(res, error);
  const body = { error: { code: error.code, message: error.message, correlationId: context?.correlationId } };
  res.status(error.definition.status).json(body);
  return body;
}

export function notFound(_req: Request, res: Response): void {
  sendJsonError(res, new DomainError('NOT_FOUND'));
}

export function jsonErrorHandler(logger: Logger) {
  return (error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (isDomainError(error)) return sendJsonError(res, error);
    const status = (error as { status?: number }).status;
    if (status === 413) return sendJsonError(res, new DomainError('MESSAGE_TOO_LARGE'));
    if (status !== undefined && status >= 400 && status < 500) {
      return sendJsonError(res, new DomainError('MESSAGE_MALFORMED', 'The request body could not be read'));
    }
    logger.error('unhandled error', { correlationId: requestContext(res)?.correlationId, error: String(error) });
    sendJsonError(res, new DomainError('INTERNAL_ERROR'));
  };
}
