import type { AdminRequest, AdminRoute } from '../admin/admin-route';
import type { Database } from '../platform/database';
import { superUserWarnings } from './super-users.rules';
import { UserStore } from './user.store';

/**
 * The route, its answer carrying `warnings` about the organisation's number of active super users
 * (guide 3.1): the admin API warns and never refuses. `organisationOf` names the organisation the
 * call is about; undefined (e.g. the operator organisation) gives no warnings.
 */
export function withSuperUserWarnings(
  db: Database,
  route: AdminRoute,
  organisationOf: (request: AdminRequest<never, never>) => Promise<number | undefined> | number | undefined,
): AdminRoute {
  const users = new UserStore(db);
  return {
    ...route,
    async handle(request) {
      const answer = (await route.handle(request)) as Record<string, unknown>;
      const organisationId = await organisationOf(request);
      const count = organisationId === undefined ? undefined : await users.otherActiveSuperUsers(organisationId, 0);
      return { ...answer, warnings: count === undefined ? [] : superUserWarnings(count) };
    },
  };
}
