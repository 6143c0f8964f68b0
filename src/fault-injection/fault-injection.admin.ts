import type { AdminRoute } from '../admin/admin-route';
import { auditEntryOf, type AuditTrail } from '../platform/audit/audit-trail';
import type { Role } from '../platform/auth/roles';
import type { Clock } from '../platform/clock';
import { DomainError, unwrap } from '../platform/errors';
import { type InjectionRequest, planInjection } from './fault-injection.rules';
import type { FaultInjectionStore, Injection } from './fault-injection.store';
import type { FaultInjector } from './fault-injector';

const SCRIPTERS: readonly Role[] = ['DEVELOPER', 'LRB_SUPER_USER'];
const TAG = 'Fault injection';

function view(injection: Injection) {
  return {
    id: injection.id,
    action: injection.action,
    operation: injection.operation,
    ...(injection.delayMs === null ? {} : { delayMs: injection.delayMs }),
    ...(injection.errorCode === null ? {} : { fault: injection.errorCode }),
    remaining: injection.remaining,
    expiresAt: injection.expiresAt.toISOString(),
    createdBy: injection.createdBy,
    createdAt: injection.createdAt.toISOString(),
  };
}

/** Fault injection through the admin API (docs/decisions/0090-fault-injection.md): always the caller's own organisation. */
export function faultInjectionAdminRoutes(deps: {
  store: FaultInjectionStore;
  injector: FaultInjector;
  audit: AuditTrail;
  clock: Clock;
  /** Every operation name of the SOAP surfaces. */
  operations: () => ReadonlySet<string>;
}): AdminRoute[] {
  const { store, injector, audit, clock, operations } = deps;
  const allowed = () => {
    if (!injector.enabled) throw new DomainError('SANDBOX_DISABLED');
  };
  return [
    {
      method: 'get',
      path: '/fault-injections',
      summary: "Your organisation's fault injections still armed",
      tag: TAG,
      roles: SCRIPTERS,
      responseSchema: 'admin/fault-injections/list',
      handle: async ({ principal }) => ({
        enabled: injector.enabled,
        injections: injector.enabled ? (await store.armed(principal.organisationId, clock.now())).map(view) : [],
      }),
    },
    {
      method: 'post',
      path: '/fault-injections',
      summary:
        "Make your organisation's next SOAP calls misbehave: a delay, HTTP 503, a reset connection, a fault, or no answer (only where the deployment allows it)",
      tag: TAG,
      roles: SCRIPTERS,
      requestSchema: 'admin/fault-injections/create.request',
      responseSchema: 'admin/fault-injections/injection',
      status: 201,
      handle: async ({ principal, body, context }) => {
        allowed();
        const plan = unwrap(planInjection(body as InjectionRequest, operations(), clock.now()));
        const injection = await store.create(principal.organisationId, plan, principal.username, clock.now());
        injector.armed(principal.organisationId);
        audit.recordSoon(auditEntryOf(context, 'CreateFaultInjection', `fault injection ${injection.id} ${plan.action}`));
        return view(injection);
      },
    },
    {
      method: 'delete',
      path: '/fault-injections/:id',
      summary: 'Disarm a fault injection of your organisation',
      tag: TAG,
      roles: SCRIPTERS,
      responseSchema: 'admin/fault-injections/injection',
      handle: async ({ principal, params, context }) => {
        allowed();
        const id = /^[0-9]{1,12}$/.test(params.id) ? Number(params.id) : undefined;
        const existing =
          id === undefined ? [] : (await store.armed(principal.organisationId, clock.now())).filter((i) => i.id === id);
        if (existing.length === 0 || !(await store.remove(principal.organisationId, id as number))) {
          throw new DomainError('FAULT_INJECTION_NOT_FOUND');
        }
        audit.recordSoon(auditEntryOf(context, 'DeleteFaultInjection', `fault injection ${id}`));
        return view(existing[0]);
      },
    },
  ];
}
