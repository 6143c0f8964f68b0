import type { ErrorCode } from '../error-codes';

/**
 * Whether an organisation in this state may use the service, on every surface alike (guide 1.3:
 * the service disables organisations' permissions): undefined when it may, else the refusal.
 * The organisation's row is read on every call, so a suspension holds at once in every process.
 */
export function organisationRefusal(status: string): ErrorCode | undefined {
  if (status === 'ACTIVE') return undefined;
  return status === 'SUSPENDED' ? 'ORGANISATION_SUSPENDED' : 'ORGANISATION_NOT_PERMITTED';
}
