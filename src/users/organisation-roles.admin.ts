import type { AdminRoute } from '../admin/admin-route';
import type { OrganisationRolesService } from './organisation-roles.service';

const OPERATOR = ['OPERATOR'] as const;

/** The operator's calls on the roles each organisation was set up for (guide Appendix A). */
export function organisationRolesAdminRoutes(roles: OrganisationRolesService): AdminRoute[] {
  return [
    {
      method: 'get',
      path: '/organisations/:ukprn/roles',
      summary: 'The roles the organisation was set up for: the only ones its super users may grant',
      tag: 'Organisations',
      roles: OPERATOR,
      responseSchema: 'admin/organisations/roles',
      handle: ({ params }) => roles.view(params.ukprn),
    },
    {
      method: 'put',
      path: '/organisations/:ukprn/roles',
      summary:
        'Set the roles the organisation was set up for (always with LRB_SUPER_USER); a role taken away is taken from its users at once',
      tag: 'Organisations',
      roles: OPERATOR,
      requestSchema: 'admin/organisations/roles.request',
      responseSchema: 'admin/organisations/roles',
      handle: ({ params, body, context }) => roles.set(context, params.ukprn, (body as { roles: string[] }).roles),
    },
  ];
}
