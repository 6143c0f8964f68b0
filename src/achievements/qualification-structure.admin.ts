import type { AdminRoute } from '../admin/admin-route';
import { type AuditTrail, auditEntryOf } from '../platform/audit/audit-trail';
import type { CallContext } from '../platform/call-context';
import type { Database } from '../platform/database';
import { DomainError, unwrap } from '../platform/errors';
import { qualificationView } from './qualification.admin';
import { parseAimReference, referenceKind } from './qualification-reference';
import type { AwardingOrganisation, QualificationStore } from './qualification.store';

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
export function qualificationStructureRoutes(deps: { db: Database; store: QualificationStore; audit: AuditTrail }): AdminRoute[] {
  const { db, store, audit } = deps;
  const change = async (context: CallContext, operation: string, reference: string, work: () => Promise<void>) => {
    await db.transaction(async () => {
      await work();
      await audit.record(auditEntryOf(context, operation, reference));
    });
    return qualificationView(store, reference);
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
        const owner = await awardingOrganisation(store, 'recognition_number', unit.ownerRecognitionNumber.toUpperCase());
        return change(context, 'SetUnit', reference, () =>
          store.upsert([
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
        const qualification = await qualificationView(store, params.reference);
        if (qualification.kind !== 'QUALIFICATION')
          throw new DomainError('AIM_REFERENCE_INVALID', 'Units are made up of nothing');
        const ids = await unitIds(store, (body as { units: string[] }).units);
        return change(context, 'SetQualificationUnits', qualification.reference, () =>
          store.replaceUnits(qualification.reference, ids),
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
        const qualification = await qualificationView(store, params.reference);
        const ukprns = [...new Set((body as { ukprns: string[] }).ukprns)];
        const organisations = await Promise.all(ukprns.map((ukprn) => awardingOrganisation(store, 'ukprn', ukprn)));
        return change(context, 'SetQualificationShares', qualification.reference, () =>
          store.replaceShares(
            qualification.reference,
            organisations.map((o) => o.id),
          ),
        );
      },
    },
  ];
}

/** An awarding organisation by UKPRN or recognition number; anything else is not one a qualification can name. */
async function awardingOrganisation(
  store: QualificationStore,
  by: 'ukprn' | 'recognition_number',
  value: string,
): Promise<AwardingOrganisation> {
  const organisation = await store.awardingOrganisation(by, value);
  if (!organisation)
    throw new DomainError('ORGANISATION_NOT_FOUND', `No awarding organisation has the ${by.replace('_', ' ')} ${value}`);
  return organisation;
}

async function unitIds(store: QualificationStore, references: string[]): Promise<number[]> {
  const ids = new Set<number>();
  for (const raw of references) {
    const id = await store.unitId(unwrap(parseAimReference(raw)));
    if (id === undefined) throw new DomainError('QUALIFICATION_UNKNOWN', `No unit on the register has the reference ${raw}`);
    ids.add(id);
  }
  return [...ids];
}
