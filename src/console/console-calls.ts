import { type AdminCallDeps, type AdminCallInput, admitAdminCall, runAdminRoute } from '../admin/admin-call';
import type { AdminRoute, HttpMethod } from '../admin/admin-route';
import type { Principal } from '../platform/auth/accounts';
import { holdsAny } from '../platform/auth/roles';

/** An admin route as it is declared: `get /journal/:id`. */
export type RouteKey = `${HttpMethod} /${string}`;

/**
 * The console's way to its features: it runs the very admin routes the JSON API serves, in
 * process, with the same admission (organisation budget, maintenance, roles) and the same schemas,
 * as the signed-in user. A page is therefore never a second implementation of what it shows, and
 * a feature this deployment does not offer is simply a route that is not there
 * (docs/decisions/0088-the-compatibility-console.md).
 */
export class ConsoleCalls {
  private readonly routes = new Map<string, AdminRoute>();

  constructor(
    routes: readonly AdminRoute[],
    private readonly deps: AdminCallDeps,
  ) {
    for (const route of routes) this.routes.set(`${route.method} ${route.path}`, route);
  }

  /** Whether this deployment offers the call at all. */
  offers(key: RouteKey): boolean {
    return this.routes.has(key);
  }

  /** Whether the user's roles let them make the call. */
  allows(principal: Principal, key: RouteKey): boolean {
    const route = this.routes.get(key);
    return route !== undefined && (route.roles === 'any' || holdsAny(principal.roles, route.roles));
  }

  async call<T>(principal: Principal, key: RouteKey, input: AdminCallInput, correlationId: string): Promise<T> {
    const route = this.routes.get(key);
    if (!route) throw new Error(`the console called ${key}, which this deployment does not offer`);
    await admitAdminCall(route, principal, this.deps);
    return (await runAdminRoute(route, principal, correlationId, input, this.deps.schemas)) as T;
  }
}
