import type { AdminRoute } from '../admin/admin-route';
import type { AuditTrail } from '../platform/audit/audit-trail';
import type { CallContext } from '../platform/call-context';
import type { Database } from '../platform/database';
import { DomainError } from '../platform/errors';
import { mayNominateResolver } from './data-challenge.rules';

interface OrganisationRow {
  id: number;
  ukprn: string;
  name: string;
  kind: string;
  edc_resolver_email: string | null;
}

/** The admin calls on an AO's nominated EDC resolver address (guide 6.1): its super user's, or an operator's. */
export function edcResolverAdminRoutes(deps: { db: Database; audit: AuditTrail }): AdminRoute[] {
  const find = async (ukprn: string, context: CallContext) => {
    const rows = await deps.db.query<OrganisationRow[]>(
      'SELECT id, ukprn, name, kind, edc_resolver_email FROM organisations WHERE ukprn = ?',
      [ukprn],
    );
    const row = rows[0];
    // Another organisation is as invisible as one that does not exist.
    if (!row || !mayNominateResolver(context.principal, row)) {
      throw new DomainError('NOT_FOUND', 'No awarding organisation you manage has this UKPRN');
    }
    return row;
  };
  const view = (row: OrganisationRow) => ({ ukprn: row.ukprn, name: row.name, edcResolverEmail: row.edc_resolver_email });
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
        await deps.db.transaction(async (manager) => {
          await manager.query('UPDATE organisations SET edc_resolver_email = ? WHERE id = ?', [email, row.id]);
          await deps.audit.record(
            {
              correlationId: context.correlationId,
              surface: 'admin',
              operation: 'SetEdcResolverEmail',
              outcome: 'OK',
              organisationId: context.principal.organisationId,
              userId: context.principal.userId,
              username: context.principal.username,
              subject: row.ukprn,
            },
            manager,
          );
        });
        return view({ ...row, edc_resolver_email: email });
      },
    },
  ];
}
