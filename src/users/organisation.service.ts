import type { AuditTrail } from '../platform/audit/audit-trail';
import type { CallContext } from '../platform/call-context';
import type { Clock } from '../platform/clock';
import { dateFromSql, insertReturningId, isUniqueViolation, sqlDateTime } from '../platform/data-source';
import type { Database } from '../platform/database';
import { DomainError } from '../platform/errors';
import type { PasswordHasher } from '../platform/auth/password-hashing';
import { describeViolations, webServicesPasswordViolations } from './password-policy.rules';
import { auditEntryOf } from '../platform/audit/audit-trail';
import type { CreatedUser, CreateUserCommand, UserService } from './user.service';

export interface CreateOrganisationCommand {
  ukprn: string;
  organisationRef?: string;
  name: string;
  kind: 'AO' | 'LRB';
  recognitionNumber?: string;
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
  created_at: string | Date;
  updated_at: string | Date;
}

function toView(row: OrganisationRow) {
  return {
    ukprn: row.ukprn,
    organisationRef: row.organisation_ref,
    name: row.name,
    kind: row.kind,
    status: row.status,
    recognitionNumber: row.recognition_number,
    webServicesPasswordSet: row.ws_password_hash !== null,
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
    const now = sqlDateTime(this.clock.now());
    try {
      await this.db.transaction(async (manager) => {
        const clash: unknown[] = await manager.query(
          'SELECT 1 FROM organisations WHERE ukprn = ? OR organisation_ref = ? OR recognition_number = ?',
          [command.ukprn, command.organisationRef ?? null, command.recognitionNumber ?? null],
        );
        if (clash.length > 0) throw new DomainError('ORGANISATION_EXISTS');
        await insertReturningId(
          manager,
          `INSERT INTO organisations (ukprn, organisation_ref, name, kind, status, recognition_number, created_at, updated_at, version)
           VALUES (?, ?, ?, ?, 'ACTIVE', ?, ?, ?, 1)`,
          [
            command.ukprn,
            command.organisationRef ?? null,
            command.name.trim(),
            command.kind,
            command.recognitionNumber ?? null,
            now,
            now,
          ],
        );
        await this.audit.record(auditEntryOf(context, 'CreateOrganisation', command.ukprn), manager);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError('ORGANISATION_EXISTS'); // a concurrent create won
      throw error;
    }
    return this.view(command.ukprn);
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
