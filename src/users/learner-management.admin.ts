import type { AdminRoute } from '../admin/admin-route';
import type { LearnerManagement } from './learner-management';

/** The calls on an organisation's learner management (guide 1.4): operators grant and revoke it, its super users see it. */
export function learnerManagementAdminRoutes(learnerManagement: LearnerManagement): AdminRoute[] {
  const changeRoute = (verb: 'grant' | 'revoke', summary: string): AdminRoute => ({
    method: 'post',
    path: `/organisations/:ukprn/learner-management/${verb}`,
    summary,
    tag: 'Organisations',
    roles: ['OPERATOR'],
    requestSchema: 'admin/organisations/learner-management-change.request',
    responseSchema: 'admin/organisations/learner-management',
    handle: ({ params, body, context }) =>
      learnerManagement.change(context, params.ukprn, verb === 'grant', (body as { reason: string }).reason),
  });
  return [
    {
      method: 'get',
      path: '/organisations/:ukprn/learner-management',
      summary: 'Whether the organisation may find learners and read their records (guide 1.4), and the business need recorded',
      tag: 'Organisations',
      roles: ['OPERATOR', 'LRB_SUPER_USER'],
      responseSchema: 'admin/organisations/learner-management',
      handle: ({ params, principal }) => learnerManagement.view(params.ukprn, principal),
    },
    changeRoute(
      'grant',
      'Grant learner management (guide 1.4) with the business need as the reason: its users may find learners at once',
    ),
    changeRoute('revoke', 'Revoke learner management, with the reason: the next find or learner read of its users is refused'),
  ];
}
