import type { AdminRoute } from '../admin/admin-route';
import type { Database } from '../platform/database';
import type { AccountStatus } from '../platform/auth/accounts';
import { withSuperUserWarnings } from './super-user-warnings';
import { OrganisationAuditStore } from './user-audit.store';
import type { UserAccessService } from './user-access.service';
import type { CreateUserCommand, UpdateUserCommand, UserService } from './user.service';

/** page and pageSize arrive as validated digit strings (schemas/admin/users/*.query.json). */
export function paging(query: { page?: string; pageSize?: string }): { page: number; pageSize: number } {
  return { page: Number(query.page ?? 1), pageSize: Number(query.pageSize ?? 50) };
}

interface SearchQuery {
  username?: string;
  givenName?: string;
  familyName?: string;
  status?: AccountStatus;
  role?: string;
  page?: string;
  pageSize?: string;
}

const SUPER_USER = ['LRB_SUPER_USER'] as const;
const TAG = 'Users';

/**
 * A super user's calls on their own organisation's users (guide 3.2–3.5). Another
 * organisation's users answer USER_NOT_FOUND, exactly as a username that does not exist.
 */
export function userAdminRoutes(deps: { db: Database; users: UserService; access: UserAccessService }): AdminRoute[] {
  const { users, access } = deps;
  const audit = new OrganisationAuditStore(deps.db);
  // The calls that list or change the organisation's users say when its super users are too few or too many.
  const warned = new Set([
    'get /users',
    'post /users',
    'patch /users/:username',
    'delete /users/:username',
    'post /users/:username/suspend',
    'post /users/:username/reactivate',
  ]);
  const routes: AdminRoute[] = [
    {
      method: 'get',
      path: '/users',
      summary: 'Find users of your organisation by username, names, status and role (guide 3.3: no criteria lists everyone)',
      tag: TAG,
      roles: SUPER_USER,
      querySchema: 'admin/users/search.query',
      responseSchema: 'admin/users/list',
      handle: ({ query, principal }) => {
        const q = query as SearchQuery;
        return users.search(principal, {
          username: q.username,
          givenName: q.givenName,
          familyName: q.familyName,
          status: q.status,
          role: q.role === 'ALL' ? undefined : q.role,
          ...paging(q),
        });
      },
    },
    {
      method: 'post',
      path: '/users',
      summary: 'Create a user; the username is made from the names and the one-time password is shown this once (guide 3.5.3)',
      tag: TAG,
      roles: SUPER_USER,
      requestSchema: 'admin/users/create.request',
      responseSchema: 'admin/users/created',
      status: 201,
      handle: ({ body, context, principal }) =>
        users.create(context, { id: principal.organisationId, kind: principal.organisationKind }, body as CreateUserCommand),
    },
    {
      method: 'get',
      path: '/users/inactive',
      summary: 'Users of your organisation who have not signed in for the given number of days, or ever (guide 3.3)',
      tag: TAG,
      roles: SUPER_USER,
      querySchema: 'admin/users/inactive.query',
      responseSchema: 'admin/users/inactive',
      handle: ({ query, principal }) => users.notSeenFor(principal, Number((query as { days: string }).days)),
    },
    {
      method: 'get',
      path: '/users/:username',
      summary: 'View a user of your organisation',
      tag: TAG,
      roles: SUPER_USER,
      responseSchema: 'admin/users/user',
      handle: async ({ params, principal }) => users.view(await users.find(principal, params.username)),
    },
    {
      method: 'patch',
      path: '/users/:username',
      summary: 'Update names, contact details, verification, staff reference or roles, your own included (guide 3.5.4)',
      tag: TAG,
      roles: SUPER_USER,
      requestSchema: 'admin/users/update.request',
      responseSchema: 'admin/users/user',
      handle: ({ params, body, context }) => users.update(context, params.username, body as UpdateUserCommand),
    },
    {
      method: 'delete',
      path: '/users/:username',
      summary: 'Delete a user: the account never logs in again and its username is never reused (guide 3.5.5)',
      tag: TAG,
      roles: SUPER_USER,
      responseSchema: 'admin/users/user',
      handle: ({ params, context }) => users.delete(context, params.username),
    },
    {
      method: 'post',
      path: '/users/:username/suspend',
      summary: 'Suspend a user (guide 3.5.6.3)',
      tag: TAG,
      roles: SUPER_USER,
      responseSchema: 'admin/users/user',
      handle: ({ params, context }) => access.suspend(context, params.username),
    },
    {
      method: 'post',
      path: '/users/:username/reactivate',
      summary: 'Reactivate a suspended user; the wrong-password count restarts (guide 3.5.6.3)',
      tag: TAG,
      roles: SUPER_USER,
      responseSchema: 'admin/users/user',
      handle: ({ params, context }) => access.reactivate(context, params.username),
    },
    {
      method: 'post',
      path: '/users/:username/password-reset',
      summary: 'Reset a password: a new one-time password, shown this once (guide 3.5.6.4)',
      tag: TAG,
      roles: SUPER_USER,
      responseSchema: 'admin/users/password-reset',
      handle: ({ params, context }) => access.resetPassword(context, params.username),
    },
    {
      method: 'get',
      path: '/users/:username/secret-question',
      summary: "The user's secret question, to ask them for the answer (guide 3.5.6.2)",
      tag: TAG,
      roles: SUPER_USER,
      responseSchema: 'admin/users/secret-question',
      handle: ({ params, context }) => access.secretQuestion(context, params.username),
    },
    {
      method: 'post',
      path: '/users/:username/identity-check',
      summary: "Verify a user's identity by the answer to their secret question, not case sensitive (guide 3.5.6.2)",
      tag: TAG,
      roles: SUPER_USER,
      requestSchema: 'admin/users/identity-check.request',
      responseSchema: 'admin/users/identity-check',
      handle: ({ params, body, context }) => access.verifyIdentity(context, params.username, (body as { answer: string }).answer),
    },
    {
      method: 'get',
      path: '/audit-trail',
      summary: "Your organisation's users' activity, newest first, by user, operation and dates (guide 3.2)",
      tag: TAG,
      roles: SUPER_USER,
      querySchema: 'admin/users/audit.query',
      responseSchema: 'admin/users/audit',
      handle: ({ query, principal }) => {
        const q = query as {
          username?: string;
          operation?: string;
          from?: string;
          to?: string;
          page?: string;
          pageSize?: string;
        };
        return audit.entries(principal.organisationId, { ...q, ...paging(q) });
      },
    },
  ];
  return routes.map((route) =>
    warned.has(`${route.method} ${route.path}`)
      ? withSuperUserWarnings(deps.db, route, ({ principal }) => principal.organisationId)
      : route,
  );
}
