import type { ErrorCode } from '../error-codes';

/**
 * Whether an organisation in this state may use the service, on every surface alike (guide 1.3:
 * the service disables organisations' permissions): undefined when it may, else the refusal.
 * A suspension moves the accounts change counter, so it holds from the next call in every process
 * (docs/decisions/0073-cached-reads-kept-correct-by-change-counters.md).
 */
export function organisationRefusal(status: string): ErrorCode | undefined {
  if (status === 'ACTIVE') return undefined;
  return status === 'SUSPENDED' ? 'ORGANISATION_SUSPENDED' : 'ORGANISATION_NOT_PERMITTED';
}
