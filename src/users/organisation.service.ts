import { randomUUID } from 'node:crypto';
import type { AuditRecord, AuditTrail } from '../platform/audit/audit-trail';
import type { CallContext } from '../platform/call-context';
import type { Clock } from '../platform/clock';
import { dateFromSql, isUniqueViolation, sqlDateTime } from '../platform/data-source';
import type { Database } from '../platform/database';
import { DomainError, unwrap } from '../platform/errors';
import type { PasswordHasher } from '../platform/auth/password-hashing';
import type { OrganisationStatus } from './organisation-status.rules';
import { changeOrganisationStatus } from './organisation-status.rules';
import { describeViolations, webServicesPasswordViolations } from './password-policy.rules';
import { auditEntryOf } from '../platform/audit/audit-trail';
import { OrganisationRolesStore } from './organisation-roles.store';
import { type OrganisationRow, OrganisationStore } from './organisation.store';
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
  private readonly store: OrganisationStore;
  private readonly roles: OrganisationRolesStore;

  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
    private readonly users: UserService,
  ) {
    this.store = new OrganisationStore(db);
    this.roles = new OrganisationRolesStore(db);
  }

  private async row(ukprn: string): Promise<OrganisationRow> {
    const row = await this.store.byUkprn(ukprn);
    if (!row) throw new DomainError('ORGANISATION_NOT_FOUND');
    return row;
  }

  async view(ukprn: string) {
    return toView(await this.row(ukprn));
  }

  /** The organisation's id when it has super users (an AO or LRB), for the super user warnings (guide 3.1). */
  async superUserOrganisation(ukprn: string): Promise<number | undefined> {
    const organisation = await this.store.kindOf(ukprn);
    return organisation && organisation.kind !== 'OPERATOR' ? organisation.id : undefined;
  }

  async list() {
    return { organisations: (await this.store.all()).map(toView) };
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
    const operators = await this.store.operators();
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
    const now = this.clock.now();
    const organisationRef = organisation.organisationRef ?? null;
    const recognitionNumber = organisation.recognitionNumber ?? null;
    try {
      return await this.db.transaction(async () => {
        if (await this.store.clashes(organisation.ukprn, organisationRef, recognitionNumber)) {
          throw new DomainError('ORGANISATION_EXISTS');
        }
        const id = await this.store.insert(
          {
            ukprn: organisation.ukprn,
            organisationRef,
            name: organisation.name,
            kind: organisation.kind,
            recognitionNumber,
            learnerManagement: learnerManagementAtCreation(organisation.kind, sqlDateTime(now)),
          },
          now,
        );
        await this.roles.replace(id, organisation.roles ?? []);
        await this.audit.record(audit(id));
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
    await this.db.transaction(async () => {
      const row = await this.row(ukprn);
      const change = unwrap(changeOrganisationStatus(row, wanted, reason));
      await this.store.setStatus(row.id, change, this.clock.now());
      const operation = wanted === 'SUSPENDED' ? 'SuspendOrganisation' : 'ReactivateOrganisation';
      await this.audit.record(auditEntryOf(context, operation, `${ukprn}: ${change.reason}`.slice(0, 100)));
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
    await this.db.transaction(async () => {
      await this.store.setWebServicesPasswordHash(organisation.id, hash, this.clock.now());
      await this.audit.record(auditEntryOf(context, 'SetWebServicesPassword', ukprn));
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
