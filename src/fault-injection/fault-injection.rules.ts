import { ERROR_CODES, type ErrorCode, isErrorCode } from '../platform/error-codes';
import { fail, ok, type Result } from '../platform/errors';

/**
 * What a developer may make the service do to their organisation's next SOAP calls
 * (docs/decisions/0090-fault-injection.md). Pure rules.
 */
export const INJECTED_ACTIONS = ['DELAY', 'HTTP_503', 'RESET', 'FAULT', 'TIMEOUT'] as const;
export type InjectedAction = (typeof INJECTED_ACTIONS)[number];

export const MAX_DELAY_MS = 120_000;
export const MAX_COUNT = 1000;
export const MAX_EXPIRY_SECONDS = 86_400;
/** A call that "times out" is held this long at most, then its connection is closed unanswered. */
export const TIMEOUT_HOLD_MS = 300_000;

export interface InjectionRequest {
  action: string;
  /** The operation's WSDL name; every operation when absent. */
  operation?: string;
  delayMs?: number;
  /** One of our error codes, or an LRS code (WSEC0004, WSEC0999, ...) of the operation's surface. */
  fault?: string;
  count: number;
  expiresInSeconds: number;
}

export interface InjectionPlan {
  action: InjectedAction;
  operation: string | null;
  delayMs: number | null;
  errorCode: ErrorCode | null;
  count: number;
  expiresAt: Date;
}

/** The LRS codes many of ours share, and which of ours stands for each when a developer names it. */
const LRS_CODE_STANDS_FOR: Record<string, ErrorCode> = {
  WSEC0001: 'MESSAGE_INVALID',
  WSEC0004: 'SERVICE_MAINTENANCE',
  WSEC0999: 'INTERNAL_ERROR',
};

/** Our error code for a code a developer names: ours as it is, or the one the LRS services report as it. */
export function faultCodeOf(code: string): ErrorCode | undefined {
  if (isErrorCode(code)) return code;
  return LRS_CODE_STANDS_FOR[code] ?? (Object.keys(ERROR_CODES) as ErrorCode[]).find((ours) => ERROR_CODES[ours].lrs === code);
}

export function planInjection(request: InjectionRequest, operations: ReadonlySet<string>, now: Date): Result<InjectionPlan> {
  if (!(INJECTED_ACTIONS as readonly string[]).includes(request.action)) {
    return fail('REQUEST_INVALID', `action must be one of ${INJECTED_ACTIONS.join(', ')}`);
  }
  const action = request.action as InjectedAction;
  if (request.operation !== undefined && !operations.has(request.operation)) {
    return fail('REQUEST_INVALID', `${request.operation} is not an operation of the SOAP surfaces`);
  }
  if (!Number.isInteger(request.count) || request.count < 1 || request.count > MAX_COUNT) {
    return fail('REQUEST_INVALID', `count must be 1 to ${MAX_COUNT}`);
  }
  if (
    !Number.isInteger(request.expiresInSeconds) ||
    request.expiresInSeconds < 1 ||
    request.expiresInSeconds > MAX_EXPIRY_SECONDS
  ) {
    return fail('REQUEST_INVALID', `expiresInSeconds must be 1 to ${MAX_EXPIRY_SECONDS}`);
  }
  const delayed = action === 'DELAY';
  if (delayed !== (request.delayMs !== undefined)) {
    return fail('REQUEST_INVALID', delayed ? 'DELAY needs delayMs' : 'delayMs belongs to DELAY only');
  }
  if (
    delayed &&
    (!Number.isInteger(request.delayMs) || (request.delayMs as number) < 1 || (request.delayMs as number) > MAX_DELAY_MS)
  ) {
    return fail('REQUEST_INVALID', `delayMs must be 1 to ${MAX_DELAY_MS}`);
  }
  const faulting = action === 'FAULT';
  if (faulting !== (request.fault !== undefined)) {
    return fail('REQUEST_INVALID', faulting ? 'FAULT needs fault (an error code)' : 'fault belongs to FAULT only');
  }
  const errorCode = faulting ? faultCodeOf(request.fault as string) : undefined;
  if (faulting && !errorCode) return fail('REQUEST_INVALID', `${request.fault} is not an error code of the service`);
  return ok({
    action,
    operation: request.operation ?? null,
    delayMs: delayed ? (request.delayMs as number) : null,
    errorCode: errorCode ?? null,
    count: request.count,
    expiresAt: new Date(now.getTime() + request.expiresInSeconds * 1000),
  });
}
