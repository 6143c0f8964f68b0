import type { AdminRoute } from '../admin/admin-route';
import type { AuditTrail } from '../platform/audit/audit-trail';
import type { Database } from '../platform/database';
import { DomainError, unwrap } from '../platform/errors';
import { syncQualifications } from './ofqual/qualification-sync';
import type { QualificationSource } from './ofqual/ofqual-register.client';
import { parseAimReference } from './qualification-reference';
import { GRADE_SEPARATOR } from './qualification-register';

interface QualificationRow {
  id: number;
  reference: string;
  kind: 'QUALIFICATION' | 'UNIT';
  title: string;
  qualification_type: string | null;
  level: string | null;
  owner_recognition_number: string | null;
  owner_name: string | null;
  operational_start_date: string;
  operational_end_date: string | null;
  certification_end_date: string | null;
  grading_type: string | null;
  grading_scale: string | null;
  grades: string;
  credit_value: number | null;
  status: string | null;
  source: string;
  shared_with: string | null;
  units: string | null;
}

/** A unit or qualification as the operator reads it: who it is shared with and, for a qualification, its units. */
export async function qualificationView(db: Database, reference: string) {
  const rows = await db.query<QualificationRow[]>(
    `SELECT q.*, (SELECT GROUP_CONCAT(o.ukprn) FROM qualification_shares s JOIN organisations o ON o.id = s.organisation_id
       WHERE s.qualification_id = q.id) AS shared_with,
       (SELECT GROUP_CONCAT(u.reference) FROM qualification_units qu JOIN qualifications u ON u.id = qu.unit_id
       WHERE qu.qualification_id = q.id) AS units
     FROM qualifications q WHERE q.reference = ?`,
    [unwrap(parseAimReference(reference))],
  );
  if (!rows[0]) throw new DomainError('QUALIFICATION_UNKNOWN');
  return toView(rows[0]);
}

/** The operator's calls on the qualification register (guide 5.1; ofqual-register). */
export function qualificationAdminRoutes(deps: {
  db: Database;
  audit: AuditTrail;
  ofqual: () => QualificationSource;
}): AdminRoute[] {
  const view = (reference: string) => qualificationView(deps.db, reference);
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
        await deps.db.transaction(async (manager) => {
          await manager.query('UPDATE qualifications SET grades = ? WHERE reference = ?', [
            grades.map((g) => g.trim()).join(GRADE_SEPARATOR),
            qualification.reference,
          ]);
          await deps.audit.record(
            {
              correlationId: context.correlationId,
              surface: 'admin',
              operation: 'SetQualificationGrades',
              outcome: 'OK',
              organisationId: context.principal.organisationId,
              userId: context.principal.userId,
              username: context.principal.username,
              subject: qualification.reference,
            },
            manager,
          );
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

function toView(row: QualificationRow) {
  return {
    reference: row.reference,
    kind: row.kind,
    title: row.title,
    qualificationType: row.qualification_type,
    level: row.level,
    ownerRecognitionNumber: row.owner_recognition_number,
    ownerName: row.owner_name,
    operationalStartDate: row.operational_start_date,
    operationalEndDate: row.operational_end_date,
    certificationEndDate: row.certification_end_date,
    gradingType: row.grading_type,
    gradingScale: row.grading_scale,
    grades: row.grades === '' ? [] : row.grades.split(GRADE_SEPARATOR),
    creditValue: row.credit_value,
    status: row.status,
    source: row.source,
    sharedWith: row.shared_with ? row.shared_with.split(',').sort() : [],
    units: row.units ? row.units.split(',').sort() : [],
  };
}
