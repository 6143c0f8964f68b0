import type { AdminRoute } from '../admin/admin-route';
import type { Database } from '../platform/database';
import { withSuperUserWarnings as warnAboutSuperUsers } from './super-user-warnings';
import type { OrganisationStatus } from './organisation-status.rules';
import type { CreateOrganisationCommand, OrganisationService } from './organisation.service';
import type { ReferenceListsService } from '../learners/reference-lists.service';
import type { CreateUserCommand } from './user.service';

const OPERATOR = ['OPERATOR'] as const;

/** The operator's calls: organisations, their web-services password and first super user, reference lists, compatibility data. */
export function operatorAdminRoutes(deps: {
  db: Database;
  organisations: OrganisationService;
  lists: ReferenceListsService;
}): AdminRoute[] {
  const { db, organisations, lists } = deps;
  const withSuperUserWarnings = (route: AdminRoute) =>
    warnAboutSuperUsers(db, route, ({ params }) => organisations.superUserOrganisation(params.ukprn));
  const statusRoute = (verb: string, wanted: OrganisationStatus, summary: string): AdminRoute => ({
    method: 'post',
    path: `/organisations/:ukprn/${verb}`,
    summary,
    tag: 'Organisations',
    roles: OPERATOR,
    requestSchema: 'admin/organisations/status-change.request',
    responseSchema: 'admin/organisations/organisation',
    handle: ({ params, body, context }) =>
      organisations.changeStatus(context, params.ukprn, wanted, (body as { reason: string }).reason),
  });
  return [
    {
      method: 'get',
      path: '/organisations',
      summary: 'List every organisation',
      tag: 'Organisations',
      roles: OPERATOR,
      responseSchema: 'admin/organisations/list',
      handle: () => organisations.list(),
    },
    {
      method: 'post',
      path: '/organisations',
      summary: 'Create an awarding organisation (with its Ofqual recognition number) or an LRB',
      tag: 'Organisations',
      roles: OPERATOR,
      requestSchema: 'admin/organisations/create.request',
      responseSchema: 'admin/organisations/organisation',
      status: 201,
      handle: ({ body, context }) => organisations.create(context, body as CreateOrganisationCommand),
    },
    withSuperUserWarnings({
      method: 'get',
      path: '/organisations/:ukprn',
      summary: 'View an organisation',
      tag: 'Organisations',
      roles: OPERATOR,
      responseSchema: 'admin/organisations/organisation',
      handle: ({ params }) => organisations.view(params.ukprn),
    }),
    {
      method: 'put',
      path: '/organisations/:ukprn/ws-password',
      summary: "Set the organisation's 16-character web-services password of the LRS-compatible services",
      tag: 'Organisations',
      roles: OPERATOR,
      requestSchema: 'admin/organisations/ws-password.request',
      responseSchema: 'admin/organisations/organisation',
      handle: ({ params, body, context }) =>
        organisations.setWebServicesPassword(context, params.ukprn, (body as { password: string }).password),
    },
    statusRoute(
      'suspend',
      'SUSPENDED',
      'Suspend an organisation (guide 1.3): every surface refuses its users at once and its running batch jobs stop at the next chunk',
    ),
    statusRoute(
      'reactivate',
      'ACTIVE',
      'Reactivate a suspended organisation: its users may sign in again and its batch jobs resume',
    ),
    withSuperUserWarnings({
      method: 'post',
      path: '/organisations/:ukprn/super-users',
      summary:
        'Create a super user for an organisation that has lost its only one (guide 3.6); the one-time password is shown once',
      tag: 'Organisations',
      roles: OPERATOR,
      requestSchema: 'admin/organisations/super-user.request',
      responseSchema: 'admin/users/created',
      status: 201,
      handle: ({ params, body, context }) =>
        organisations.createFirstSuperUser(context, params.ukprn, body as Omit<CreateUserCommand, 'roles'>),
    }),
    {
      method: 'put',
      path: '/reference-data/prohibited-postcodes',
      summary: 'Replace the prohibited postcode list (guide Appendix B); every entry must be a UK postcode',
      tag: 'Reference data',
      roles: OPERATOR,
      requestSchema: 'admin/organisations/prohibited-postcodes.request',
      responseSchema: 'admin/organisations/reference-list',
      handle: ({ body, context }) => lists.replacePostcodes(context, (body as { postcodes: string[] }).postcodes),
    },
    {
      method: 'put',
      path: '/reference-data/prohibited-text',
      summary: 'Replace the prohibited words and phrases (guide Appendix B)',
      tag: 'Reference data',
      roles: OPERATOR,
      requestSchema: 'admin/organisations/prohibited-text.request',
      responseSchema: 'admin/organisations/reference-list',
      handle: ({ body, context }) => lists.replaceText(context, (body as { phrases: string[] }).phrases),
    },
    {
      method: 'post',
      path: '/compatibility-data/reset',
      summary: "Reload the compatibility data set and reset its users' passwords",
      tag: 'Reference data',
      roles: OPERATOR,
      responseSchema: 'admin/organisations/compatibility-reset',
      handle: ({ context }) => lists.resetCompatibilityData(context),
    },
  ];
}
