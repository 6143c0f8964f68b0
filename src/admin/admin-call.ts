import type { Principal } from '../platform/auth/accounts';
import { holdsAny } from '../platform/auth/roles';
import { DomainError } from '../platform/errors';
import type { RateLimits } from '../platform/http/rate-limits';
import type { SchemaRegistry } from '../platform/validation/schema-registry';
import type { AdminRoute } from './admin-route';

/** What every caller of an admin route goes through, whether it came over HTTP Basic or from a console page. */
export interface AdminCallDeps {
  schemas: SchemaRegistry;
  rateLimits: Pick<RateLimits, 'check'>;
  /** During maintenance only operators are served. */
  maintenance: { ensureOpen(): Promise<void> };
}

/** The checks between knowing who calls and reading what they sent: the organisation's budget, maintenance, the route's roles. */
export async function admitAdminCall(route: AdminRoute, principal: Principal, deps: AdminCallDeps): Promise<void> {
  await deps.rateLimits.check('admin', 'organisation', principal.organisationId);
  // Operators keep the admin API during maintenance: they are the ones who end it.
  if (!holdsAny(principal.roles, ['OPERATOR'])) await deps.maintenance.ensureOpen();
  if (route.roles !== 'any' && !holdsAny(principal.roles, route.roles)) {
    throw new DomainError('ROLE_REQUIRED', `This call needs one of the roles ${route.roles.join(', ')}`);
  }
}

export interface AdminCallInput {
  body?: unknown;
  query?: Record<string, unknown>;
  params?: Record<string, string>;
  stream?: AdminRouteStream;
}
type AdminRouteStream = Parameters<AdminRoute['handle']>[0]['stream'];

/**
 * The route's handler on input checked against its schemas; a JSON answer is checked against its
 * own schema (an answer that breaks it is our fault, never the caller's).
 */
export async function runAdminRoute(
  route: AdminRoute,
  principal: Principal,
  correlationId: string,
  input: AdminCallInput,
  schemas: SchemaRegistry,
): Promise<unknown> {
  const body = route.requestSchema ? schemas.check(route.requestSchema, input.body) : undefined;
  const query = route.querySchema ? schemas.check(route.querySchema, { ...input.query }) : {};
  const answer = await route.handle({
    body: body as never,
    query: query as never,
    params: input.params ?? {},
    principal,
    context: { principal, correlationId, surface: 'admin' },
    stream: input.stream,
  });
  if (!route.fileResponse) schemas.check(route.responseSchema, answer, 'INTERNAL_ERROR');
  return answer;
}
