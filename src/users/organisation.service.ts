import { randomUUID } from 'node:crypto';
import type { AuditRecord, AuditTrail } from '../platform/audit/audit-trail';
import type { CallContext } from '../platform/call-context';
import type { Clock } from '../platform/clock';
import { dateFromSql, insertReturningId, isUniqueViolation, sqlDateTime } from '../platform/data-source';
import type { Database } from '../platform/database';
import { DomainError, unwrap } from '../platform/errors';
import type { PasswordHasher } from '../platform/auth/password-hashing';
import type { OrganisationStatus } from './organisation.entity';
import { changeOrganisationStatus } from './organisation-status.rules';
import { describeViolations, webServicesPasswordViolations } from './password-policy.rules';
import { auditEntryOf } from '../platform/audit/audit-trail';
import { replaceOrganisationRoles } from './organisation-roles.store';
import { checkOrganisationRoles, rolesOfKind } from './role-grants.rules';
import { learnerManagementAtCreation } from './learner-management.rules';
import type { CreatedUser, CreateUserCommand, UserService } from './user.service';

export interface CreateOperatorCommand {
  /** The operator organisation's; needed only when there is none yet. */
  ukprn?: string;
  name?: string;
  person: Omit<CreateUserCommand, 'roles'>;
}

export type CreatedOperator = CreatedUser & { organisation: OrganisationView; organisationCreated: boolean };

export interface CreateOrganisationCommand {
  ukprn: string;
  organisationRef?: string;
  name: string;
  kind: 'AO' | 'LRB';
  recognitionNumber?: string;
  /** The roles its super users may grant (guide Appendix A); every role of its kind unless said. */
  roles?: string[];
}

interface OrganisationRow {
  id: number;
  ukprn: string;
  organisation_ref: string | null;
  name: string;
  kind: string;
  status: string;
  recognition_number: string | null;
  ws_password_hash: string | null;
  learner_management: number | string | boolean;
  status_reason: string | null;
  status_changed_at: string | Date | null;
  created_at: string | Date;
  updated_at: string | Date;
}

export type OrganisationView = ReturnType<typeof toView>;

function toView(row: OrganisationRow) {
  return {
    ukprn: row.ukprn,
    organisationRef: row.organisation_ref,
    name: row.name,
    kind: row.kind,
    status: row.status,
    statusReason: row.status_reason,
    statusChangedAt: row.status_changed_at === null ? null : dateFromSql(row.status_changed_at).toISOString(),
    recognitionNumber: row.recognition_number,
    webServicesPasswordSet: row.ws_password_hash !== null,
    learnerManagement: Number(row.learner_management) === 1,
    createdAt: dateFromSql(row.created_at).toISOString(),
    updatedAt: dateFromSql(row.updated_at).toISOString(),
  };
}

/** The operator's management of organisations (guide 1.4, 3.6). */
export class OrganisationService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
    private readonly users: UserService,
  ) {}

  private async row(ukprn: string): Promise<OrganisationRow> {
    const rows = await this.db.query<OrganisationRow[]>('SELECT * FROM organisations WHERE ukprn = ?', [ukprn]);
    if (!rows[0]) throw new DomainError('ORGANISATION_NOT_FOUND');
    return rows[0];
  }

  async view(ukprn: string) {
    return toView(await this.row(ukprn));
  }

  /** The organisation's id when it has super users (an AO or LRB), for the super user warnings (guide 3.1). */
  async superUserOrganisation(ukprn: string): Promise<number | undefined> {
    const rows = await this.db.query<{ id: number; kind: string }[]>('SELECT id, kind FROM organisations WHERE ukprn = ?', [
      ukprn,
    ]);
    return rows[0] && rows[0].kind !== 'OPERATOR' ? rows[0].id : undefined;
  }

  async list() {
    const rows = await this.db.query<OrganisationRow[]>('SELECT * FROM organisations ORDER BY ukprn');
    return { organisations: rows.map(toView) };
  }

  /**
   * An AO (with its Ofqual recognition number) or an LRB, with its UKPRN and optional LRS
   * OrganisationRef. Its web-services password and first super user are set by separate calls.
   */
  async create(context: CallContext, command: CreateOrganisationCommand) {
    if (command.kind === 'AO' && !command.recognitionNumber) {
      throw new DomainError('ORGANISATION_INVALID', 'An awarding organisation needs its Ofqual recognition number (RN…)');
    }
    if (command.kind === 'LRB' && command.recognitionNumber) {
      throw new DomainError('ORGANISATION_INVALID', 'An LRB has no Ofqual recognition number');
    }
    const roles = checkOrganisationRoles(command.kind, command.roles ?? rolesOfKind(command.kind));
    if (!roles.ok) throw new DomainError(roles.code, roles.message);
    await this.insert({ ...command, name: command.name.trim(), roles: roles.roles }, () =>
      auditEntryOf(context, 'CreateOrganisation', command.ukprn),
    );
    return this.view(command.ukprn);
  }

  /**
   * An operator of the service, from the command line (`npm run cli -- create-operator`): how a
   * deployment without the compatibility data set gets its first operator. The operator
   * organisation is made too when there is none; there is only ever one.
   */
  async createOperator(command: CreateOperatorCommand): Promise<CreatedOperator> {
    const correlationId = `cli-${randomUUID()}`;
    const entry = (operation: string, subject: string, organisationId: number): AuditRecord => ({
      correlationId,
      surface: 'cli',
      operation,
      outcome: 'OK',
      organisationId,
      subject,
    });
    this.users.checkPerson(command.person);
    const operators = await this.db.query<OrganisationRow[]>("SELECT * FROM organisations WHERE kind = 'OPERATOR' ORDER BY id");
    let organisation = operators.find((o) => command.ukprn === undefined || o.ukprn === command.ukprn);
    const organisationCreated = !organisation;
    if (!organisation) {
      if (operators[0]) {
        throw new DomainError(
          'ORGANISATION_EXISTS',
          `The operator organisation is ${operators[0].ukprn}; give that UKPRN, or none, to add an operator to it`,
        );
      }
      const { ukprn, name } = command;
      if (!ukprn || !name?.trim()) {
        throw new DomainError('ORGANISATION_INVALID', 'There is no operator organisation yet: give its UKPRN and name');
      }
      await this.insert({ ukprn, name: name.trim(), kind: 'OPERATOR' }, (id) => entry('CreateOrganisation', ukprn, id));
      organisation = await this.row(ukprn);
    }
    const { id, kind } = organisation;
    const created = await this.users.createOperator({ id, kind }, command.person, (username) =>
      entry('CreateOperator', username, id),
    );
    return { ...created, organisation: toView(organisation), organisationCreated };
  }

  /** A new organisation and its audit entry, in one transaction; its id. */
  private async insert(
    organisation: {
      ukprn: string;
      organisationRef?: string;
      name: string;
      kind: string;
      recognitionNumber?: string;
      roles?: string[];
    },
    audit: (id: number) => AuditRecord,
  ): Promise<number> {
    const now = sqlDateTime(this.clock.now());
    try {
      return await this.db.transaction(async (manager) => {
        const clash: unknown[] = await manager.query(
          'SELECT 1 FROM organisations WHERE ukprn = ? OR organisation_ref = ? OR recognition_number = ?',
          [organisation.ukprn, organisation.organisationRef ?? null, organisation.recognitionNumber ?? null],
        );
        if (clash.length > 0) throw new DomainError('ORGANISATION_EXISTS');
        const id = await insertReturningId(
          manager,
          `INSERT INTO organisations (ukprn, organisation_ref, name, kind, status, recognition_number,
             learner_management, learner_management_reason, learner_management_changed_at, created_at, updated_at, version)
           VALUES (?, ?, ?, ?, 'ACTIVE', ?, ?, ?, ?, ?, ?, 1)`,
          [
            organisation.ukprn,
            organisation.organisationRef ?? null,
            organisation.name,
            organisation.kind,
            organisation.recognitionNumber ?? null,
            ...learnerManagementAtCreation(organisation.kind, now),
            now,
            now,
          ],
        );
        await replaceOrganisationRoles(manager, id, organisation.roles ?? []);
        await this.audit.record(audit(id), manager);
        return id;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError('ORGANISATION_EXISTS'); // a concurrent create won
      throw error;
    }
  }

  /**
   * Suspends or reactivates an organisation (guide 1.3), with the operator's reason. Every
   * surface reads the status on each call, so the change holds at once; the batch workers stop
   * the organisation's running jobs at their next chunk and take them up again on reactivation.
   */
  async changeStatus(context: CallContext, ukprn: string, wanted: OrganisationStatus, reason: string) {
    await this.db.transaction(async (manager) => {
      const rows: OrganisationRow[] = await manager.query('SELECT * FROM organisations WHERE ukprn = ?', [ukprn]);
      if (!rows[0]) throw new DomainError('ORGANISATION_NOT_FOUND');
      const change = unwrap(changeOrganisationStatus(rows[0], wanted, reason));
      await manager.query(
        `UPDATE organisations SET status = ?, status_reason = ?, status_changed_at = ?, updated_at = ?, version = version + 1
         WHERE id = ? AND status <> ?`,
        [change.status, change.reason, sqlDateTime(this.clock.now()), sqlDateTime(this.clock.now()), rows[0].id, change.status],
      );
      const operation = wanted === 'SUSPENDED' ? 'SuspendOrganisation' : 'ReactivateOrganisation';
      await this.audit.record(auditEntryOf(context, operation, `${ukprn}: ${change.reason}`.slice(0, 100)), manager);
    });
    return this.view(ukprn);
  }

  /** The 16-character OrgPassword of the LRS-compatible services, kept as an scrypt hash only. */
  async setWebServicesPassword(context: CallContext, ukprn: string, password: string) {
    const organisation = await this.row(ukprn);
    const violations = webServicesPasswordViolations(password);
    if (violations.length > 0)
      throw new DomainError('WS_PASSWORD_POLICY', describeViolations('The web-services password', violations));
    const hash = await this.hasher.hash(password);
    await this.db.transaction(async (manager) => {
      await manager.query('UPDATE organisations SET ws_password_hash = ?, updated_at = ?, version = version + 1 WHERE id = ?', [
        hash,
        sqlDateTime(this.clock.now()),
        organisation.id,
      ]);
      await this.audit.record(auditEntryOf(context, 'SetWebServicesPassword', ukprn), manager);
    });
    return this.view(ukprn);
  }

  /** guide 3.6 "Lost your only super user account?": the service creates a new super user for the organisation. */
  async createFirstSuperUser(
    context: CallContext,
    ukprn: string,
    person: Omit<CreateUserCommand, 'roles'>,
  ): Promise<CreatedUser> {
    const organisation = await this.row(ukprn);
    if (organisation.kind !== 'AO' && organisation.kind !== 'LRB') {
      throw new DomainError('ORGANISATION_INVALID', 'Super users belong to awarding organisations and LRBs');
    }
    return this.users.create(
      context,
      { id: organisation.id, kind: organisation.kind },
      { ...person, roles: ['LRB_SUPER_USER'] },
      'CreateFirstSuperUser',
    );
  }
}
