import type { AdminRoute } from '../admin/admin-route';
import type { AuditTrail } from '../platform/audit/audit-trail';
import type { CallContext } from '../platform/call-context';
import type { Database } from '../platform/database';
import { DomainError } from '../platform/errors';
import { mayNominateResolver } from './data-challenge.rules';
import { paging } from '../users/users.admin';
import type { DataChallengeService, TriageCommand } from './data-challenge.service';
import type { DataChallengeDetail } from './data-challenge.store';
import { EdcResolverStore, type ResolverNomination } from './edc-resolver.store';

/** The admin calls on an AO's nominated EDC resolver address (guide 6.1): its super user's, or an operator's. */
export function edcResolverAdminRoutes(deps: { db: Database; audit: AuditTrail }): AdminRoute[] {
  const store = new EdcResolverStore(deps.db);
  const find = async (ukprn: string, context: CallContext) => {
    const organisation = await store.findByUkprn(ukprn);
    // Another organisation is as invisible as one that does not exist.
    if (!organisation || !mayNominateResolver(context.principal, organisation)) {
      throw new DomainError('NOT_FOUND', 'No awarding organisation you manage has this UKPRN');
    }
    return organisation;
  };
  const view = (o: ResolverNomination) => ({ ukprn: o.ukprn, name: o.name, edcResolverEmail: o.edcResolverEmail });
  return [
    {
      method: 'get',
      path: '/organisations/:ukprn/edc-resolver',
      summary: "Read an awarding organisation's nominated EDC resolver address",
      tag: 'Data challenges',
      roles: ['LRB_SUPER_USER', 'OPERATOR'],
      responseSchema: 'admin/data-challenges/edc-resolver',
      handle: async ({ params, context }) => view(await find(params.ukprn, context)),
    },
    {
      method: 'put',
      path: '/organisations/:ukprn/edc-resolver',
      summary: 'Nominate the address told of new data challenges and sent the monthly report of open ones (null clears it)',
      tag: 'Data challenges',
      roles: ['LRB_SUPER_USER', 'OPERATOR'],
      requestSchema: 'admin/data-challenges/edc-resolver.request',
      responseSchema: 'admin/data-challenges/edc-resolver',
      async handle({ params, body, context }) {
        const row = await find(params.ukprn, context);
        const email = (body as { edcResolverEmail: string | null }).edcResolverEmail?.trim() || null;
        await deps.db.transaction(async () => {
          await store.nominate(row.id, email);
          await deps.audit.record({
            correlationId: context.correlationId,
            surface: 'admin',
            operation: 'SetEdcResolverEmail',
            outcome: 'OK',
            organisationId: context.principal.organisationId,
            userId: context.principal.userId,
            username: context.principal.username,
            subject: row.ukprn,
          });
        });
        return view({ ...row, edcResolverEmail: email });
      },
    },
  ];
}

/** What an operator judges a raised challenge by (guide 6.1), and where it stands. */
function triageView(c: DataChallengeDetail) {
  return {
    id: c.id,
    status: c.status,
    type: c.type,
    problemType: c.problemType,
    description: c.description,
    achievement: { uln: c.uln, aimReference: c.aimReference, title: c.achievement.title, awardDate: c.awardDate },
    raisedBy: { ukprn: c.raisedBy.organisation.ukprn, name: c.raisedBy.organisation.name, username: c.raisedBy.username },
    assignedTo: { ukprn: c.assignedTo.ukprn, name: c.assignedTo.name },
    raisedAt: c.raisedAt.toISOString(),
  };
}

/** The operators' triage of raised challenges (guide 6.1): list those waiting, assign, reassign, reject. */
export function triageAdminRoutes(service: DataChallengeService): AdminRoute[] {
  const decide = (action: TriageCommand['action'], summary: string, requestSchema: string): AdminRoute => ({
    method: 'post',
    path: `/data-challenges/:id/${action}`,
    summary,
    tag: 'Data challenges',
    roles: ['OPERATOR'],
    requestSchema,
    responseSchema: 'admin/data-challenges/triaged',
    handle: async ({ params, body, context }) => {
      const command = { ...(body as object), id: Number.parseInt(params.id, 10) || 0, action } as TriageCommand;
      return triageView(await service.triage(command, context));
    },
  });
  return [
    {
      method: 'get',
      path: '/data-challenges/awaiting-triage',
      summary: 'The raised data challenges no awarding organisation has been told of yet, oldest first',
      tag: 'Data challenges',
      roles: ['OPERATOR'],
      querySchema: 'admin/data-challenges/triage.query',
      responseSchema: 'admin/data-challenges/awaiting-triage',
      handle: async ({ query }) => {
        const page = await service.awaitingTriage(paging(query as { page?: string; pageSize?: string }));
        return { ...page, items: page.items.map(triageView) };
      },
    },
    decide(
      'assign',
      "Assign a raised challenge to the achievement's awarding organisation, or to the one named; its EDC resolver is told",
      'admin/data-challenges/assign.request',
    ),
    decide(
      'reassign',
      'Reassign an assigned challenge to another awarding organisation, which is told',
      'admin/data-challenges/reassign.request',
    ),
    decide(
      'reject',
      'Reject a raised challenge as invalid, with the reason its raiser reads',
      'admin/data-challenges/reject.request',
    ),
  ];
}
