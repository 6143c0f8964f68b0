import type { AdminRoute } from '../admin/admin-route';
import { type AuditTrail, auditEntryOf } from '../platform/audit/audit-trail';
import type { CallContext } from '../platform/call-context';
import type { Database } from '../platform/database';
import { DomainError, unwrap } from '../platform/errors';
import type { EntityManager } from 'typeorm';
import { qualificationView } from './qualification.admin';
import { parseAimReference, referenceKind } from './qualification-reference';
import { upsertQualifications } from './qualification-register';

export interface UnitCommand {
  title: string;
  creditValue: number;
  level: string;
  ownerRecognitionNumber: string;
  operationalStartDate?: string;
  operationalEndDate?: string | null;
  grades?: string[];
}

/**
 * guide 5.1: units and qualifications outside the compatibility data set. The Ofqual Register
 * gives no units (docs/decisions/0062-qualification-register.md), so the operator keeps them:
 * each unit, which units make up a qualification (the credit check), and which AOs besides its
 * owner may award a unit or qualification.
 */
export function qualificationStructureRoutes(deps: { db: Database; audit: AuditTrail }): AdminRoute[] {
  const { db, audit } = deps;
  const change = async (
    context: CallContext,
    operation: string,
    reference: string,
    work: (manager: EntityManager) => Promise<void>,
  ) => {
    await db.transaction(async (manager) => {
      await work(manager);
      await audit.record(auditEntryOf(context, operation, reference), manager);
    });
    return qualificationView(db, reference);
  };
  return [
    {
      method: 'put',
      path: '/units/:reference',
      summary: 'Create or change a unit (reference A/NNN/NNNN or its 8-character form): title, credit value, level, owner',
      tag: 'Qualifications',
      roles: ['OPERATOR'],
      requestSchema: 'admin/unit.request',
      responseSchema: 'admin/qualification',
      async handle({ params, body, context }) {
        const reference = unwrap(parseAimReference(params.reference));
        if (referenceKind(reference) !== 'UNIT') {
          throw new DomainError('AIM_REFERENCE_INVALID', 'A unit reference is A/NNN/NNNN (a letter, then seven digits)');
        }
        const unit = body as UnitCommand;
        const owner = await awardingOrganisation(db, 'recognition_number', unit.ownerRecognitionNumber.toUpperCase());
        return change(context, 'SetUnit', reference, (manager) =>
          upsertQualifications(manager, [
            {
              reference,
              kind: 'UNIT',
              title: unit.title.trim(),
              qualificationType: null,
              level: unit.level.trim(),
              ownerRecognitionNumber: owner.recognitionNumber,
              ownerName: owner.name,
              // guide 5.1: no award before 2006-09-01 is accepted, so a unit with no start given runs from then.
              operationalStartDate: unit.operationalStartDate ?? '2006-09-01',
              operationalEndDate: unit.operationalEndDate ?? null,
              certificationEndDate: null,
              gradingType: null,
              gradingScale: null,
              grades: (unit.grades ?? []).map((g) => g.trim()),
              creditValue: unit.creditValue,
              status: null,
              source: 'OPERATOR',
            },
          ]),
        );
      },
    },
    {
      method: 'put',
      path: '/qualifications/:reference/units',
      summary: 'Set the units that make up a qualification (its credit check); every unit must be on the register',
      tag: 'Qualifications',
      roles: ['OPERATOR'],
      requestSchema: 'admin/qualification-units.request',
      responseSchema: 'admin/qualification',
      async handle({ params, body, context }) {
        const qualification = await qualificationView(db, params.reference);
        if (qualification.kind !== 'QUALIFICATION')
          throw new DomainError('AIM_REFERENCE_INVALID', 'Units are made up of nothing');
        const ids = await unitIds(db, (body as { units: string[] }).units);
        return change(context, 'SetQualificationUnits', qualification.reference, (manager) =>
          replaceLinks(manager, 'qualification_units', 'unit_id', qualification.reference, ids),
        );
      },
    },
    {
      method: 'put',
      path: '/qualifications/:reference/shares',
      summary: 'Set the awarding organisations, besides its owner, that may award a unit or qualification (guide 5.1)',
      tag: 'Qualifications',
      roles: ['OPERATOR'],
      requestSchema: 'admin/qualification-shares.request',
      responseSchema: 'admin/qualification',
      async handle({ params, body, context }) {
        const qualification = await qualificationView(db, params.reference);
        const ukprns = [...new Set((body as { ukprns: string[] }).ukprns)];
        const organisations = await Promise.all(ukprns.map((ukprn) => awardingOrganisation(db, 'ukprn', ukprn)));
        return change(context, 'SetQualificationShares', qualification.reference, (manager) =>
          replaceLinks(
            manager,
            'qualification_shares',
            'organisation_id',
            qualification.reference,
            organisations.map((o) => o.id),
          ),
        );
      },
    },
  ];
}

/** An awarding organisation by UKPRN or recognition number; anything else is not one a qualification can name. */
async function awardingOrganisation(db: Database, column: 'ukprn' | 'recognition_number', value: string) {
  const rows = await db.query<{ id: number; name: string; recognition_number: string }[]>(
    `SELECT id, name, recognition_number FROM organisations WHERE ${column} = ? AND kind = 'AO'`,
    [value],
  );
  if (!rows[0])
    throw new DomainError('ORGANISATION_NOT_FOUND', `No awarding organisation has the ${column.replace('_', ' ')} ${value}`);
  return { id: Number(rows[0].id), name: rows[0].name, recognitionNumber: rows[0].recognition_number };
}

async function unitIds(db: Database, references: string[]): Promise<number[]> {
  const ids = new Set<number>();
  for (const raw of references) {
    const reference = unwrap(parseAimReference(raw));
    const rows = await db.query<{ id: number; kind: string }[]>('SELECT id, kind FROM qualifications WHERE reference = ?', [
      reference,
    ]);
    if (!rows[0] || rows[0].kind !== 'UNIT') {
      throw new DomainError('QUALIFICATION_UNKNOWN', `No unit on the register has the reference ${raw}`);
    }
    ids.add(Number(rows[0].id));
  }
  return [...ids];
}

/** Replaces the qualification's units or shares with `ids`, in the change's transaction. */
async function replaceLinks(
  manager: EntityManager,
  table: 'qualification_units' | 'qualification_shares',
  column: 'unit_id' | 'organisation_id',
  reference: string,
  ids: number[],
): Promise<void> {
  const rows: { id: number }[] = await manager.query('SELECT id FROM qualifications WHERE reference = ?', [reference]);
  const id = Number(rows[0].id);
  await manager.query(`DELETE FROM ${table} WHERE qualification_id = ?`, [id]);
  for (const linked of ids) await manager.query(`INSERT INTO ${table} (qualification_id, ${column}) VALUES (?, ?)`, [id, linked]);
}
