import type { AdminRoute } from '../admin/admin-route';
import type { AuditTrail } from '../platform/audit/audit-trail';
import type { Database } from '../platform/database';
import { unwrap } from '../platform/errors';
import { syncQualifications } from './ofqual/qualification-sync';
import type { QualificationSource } from './ofqual/ofqual-register.client';
import { parseAimReference } from './qualification-reference';
import type { QualificationStore, QualificationView } from './qualification.store';

/** A unit or qualification as the operator reads it: who it is shared with and, for a qualification, its units. */
export function qualificationView(store: QualificationStore, reference: string): Promise<QualificationView> {
  return store.view(unwrap(parseAimReference(reference)));
}

/** The operator's calls on the qualification register (guide 5.1; ofqual-register). */
export function qualificationAdminRoutes(deps: {
  db: Database;
  store: QualificationStore;
  audit: AuditTrail;
  ofqual: () => QualificationSource;
}): AdminRoute[] {
  const { store } = deps;
  const view = (reference: string) => qualificationView(store, reference);
  return [
    {
      method: 'get',
      path: '/qualifications/:reference',
      summary: 'Read a unit or qualification of the register',
      tag: 'Qualifications',
      roles: ['OPERATOR'],
      responseSchema: 'admin/qualification',
      handle: ({ params }) => view(params.reference),
    },
    {
      method: 'put',
      path: '/qualifications/:reference/grades',
      summary: 'Set the grades valid for a unit or qualification (the register gives a grading scale, not a list)',
      tag: 'Qualifications',
      roles: ['OPERATOR'],
      requestSchema: 'admin/qualification-grades.request',
      responseSchema: 'admin/qualification',
      async handle({ params, body, context }) {
        const { grades } = body as { grades: string[] };
        const qualification = await view(params.reference);
        await deps.db.transaction(async () => {
          await store.setGrades(
            qualification.reference,
            grades.map((g) => g.trim()),
          );
          await deps.audit.record({
            correlationId: context.correlationId,
            surface: 'admin',
            operation: 'SetQualificationGrades',
            outcome: 'OK',
            organisationId: context.principal.organisationId,
            userId: context.principal.userId,
            username: context.principal.username,
            subject: qualification.reference,
          });
        });
        return view(qualification.reference);
      },
    },
    {
      method: 'post',
      path: '/qualifications/sync',
      summary: 'Sync the qualification register from the public Ofqual Register API (a failed run resumes where it stopped)',
      tag: 'Qualifications',
      roles: ['OPERATOR'],
      requestSchema: 'admin/qualification-sync.request',
      responseSchema: 'admin/qualification-sync.response',
      handle: ({ body }) => syncQualifications(deps.db, deps.ofqual(), { audit: deps.audit, ...(body as object) }),
    },
  ];
}
