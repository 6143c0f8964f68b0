import type { AuditRecord, AuditTrail } from '../platform/audit/audit-trail';
import type { Principal } from '../platform/auth/accounts';
import type { CallContext } from '../platform/call-context';
import type { Clock } from '../platform/clock';
import { isUniqueViolation, sqlDateTime } from '../platform/data-source';
import type { Database } from '../platform/database';
import { DomainError, unwrap } from '../platform/errors';
import { genericWordsIn } from './generic-accounts.rules';
import type { Passwords } from './passwords';
import { personName } from './person-name.rules';
import { OrganisationRolesStore } from './organisation-roles.store';
import { OrganisationStore } from './organisation.store';
import { rolesNotGrantable } from './role-grants.rules';
import { auditEntryOf } from '../platform/audit/audit-trail';
import { type UserRow, type UserSearch, UserStore } from './user.store';
import { toUserView, type UserView } from './user-view';
import { candidatePrefix, nextFreeUsername, usernameBase } from './username.rules';

export interface ContactDetails {
  title?: string | null;
  email: string;
  phoneLandline?: string | null;
  phoneMobile?: string | null;
  staffReference?: string | null;
  verificationProvided?: string | null;
}

export interface CreateUserCommand extends ContactDetails {
  givenName: string;
  familyName: string;
  roles: string[];
}

export type UpdateUserCommand = Partial<CreateUserCommand>;

/** The organisation a user is created in: the super user's own, or the one an operator names (guide 3.6). */
export interface TargetOrganisation {
  id: number;
  kind: string;
}

export interface CreatedUser {
  user: UserView;
  /** Shown once, to be passed to the new user; never stored in clear, never shown again (guide 3.5.3). */
  oneTimePassword: string;
}

const MAX_USERNAME_RACES = 5;
const SUPER_USER = 'LRB_SUPER_USER';

/** The names, checked: valid (guide 3.5.1: both mandatory) and a person's, not a generic account's (guide 1.3). */
function checkedNames(givenName: string, familyName: string): { givenName: string; familyName: string } {
  const names = {
    givenName: unwrap(personName(givenName, 'givenName')),
    familyName: unwrap(personName(familyName, 'familyName')),
  };
  const generic = genericWordsIn(names.givenName, names.familyName);
  if (generic.length > 0) {
    throw new DomainError(
      'GENERIC_ACCOUNT',
      `Generic accounts are prohibited (guide 3.5.1): "${generic.join('", "')}" is not a person's name`,
    );
  }
  return names;
}

const optional = (value: string | null | undefined): string | null => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
};

/** A super user's management of their own organisation's users (guide 3.2–3.5). */
export class UserService {
  private readonly store: UserStore;
  private readonly organisations: OrganisationStore;
  private readonly organisationRoles: OrganisationRolesStore;

  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly passwords: Passwords,
    private readonly clock: Clock,
    private readonly passwordExpiryDays: number,
  ) {
    this.store = new UserStore(db);
    this.organisations = new OrganisationStore(db);
    this.organisationRoles = new OrganisationRolesStore(db);
  }

  view(row: UserRow): UserView {
    return toUserView(row, this.passwordExpiryDays);
  }

  /** A user of the caller's organisation; another organisation's is "not found", never "forbidden". */
  async find(principal: Principal, username: string): Promise<UserRow> {
    const row = await this.store.find(principal.organisationId, username);
    if (!row) throw new DomainError('USER_NOT_FOUND');
    return row;
  }

  /** A user that may still be changed: found, and not deleted. */
  async findChangeable(principal: Principal, username: string): Promise<UserRow> {
    const row = await this.find(principal, username);
    if (row.status === 'DELETED') throw new DomainError('USER_DELETED');
    return row;
  }

  /** guide 3.3: the organisation's users not seen for `days` days (never signed in, or last before then). */
  async notSeenFor(principal: Principal, days: number) {
    const since = new Date(this.clock.now().getTime() - days * 86_400_000);
    const rows = await this.store.notSeenSince(principal.organisationId, since);
    return { days, since: since.toISOString(), users: rows.map((row) => this.view(row)) };
  }

  async search(principal: Principal, search: UserSearch) {
    const { rows, total } = await this.store.search(principal.organisationId, search);
    return { page: search.page, pageSize: search.pageSize, total, users: rows.map((r) => this.view(r)) };
  }

  /**
   * guide 3.5.3: the username is made from the names and unique for ever; the one-time password
   * is returned once; the same person (names and email) is not created twice in an organisation.
   */
  async create(
    context: CallContext,
    organisation: TargetOrganisation,
    command: CreateUserCommand,
    operation = 'CreateUser',
  ): Promise<CreatedUser> {
    return this.insert(organisation, command, (username) => auditEntryOf(context, operation, username));
  }

  /**
   * An operator of the service, made from the command line when nobody can yet log in to make
   * one (OPERATOR is never granted through the admin API). Otherwise as any new user.
   */
  async createOperator(
    organisation: TargetOrganisation,
    person: Omit<CreateUserCommand, 'roles'>,
    audit: (username: string) => AuditRecord,
  ): Promise<CreatedUser> {
    if (organisation.kind !== 'OPERATOR')
      throw new DomainError('ROLE_NOT_GRANTABLE', 'Operators belong to the operator organisation');
    return this.insert(organisation, { ...person, roles: ['OPERATOR'] }, audit);
  }

  /** Refuses, before anything is written, names that would make the account unacceptable. */
  checkPerson(person: Pick<CreateUserCommand, 'givenName' | 'familyName'>): void {
    checkedNames(person.givenName, person.familyName);
  }

  private async insert(
    organisation: TargetOrganisation,
    command: CreateUserCommand,
    audit: (username: string) => AuditRecord,
  ): Promise<CreatedUser> {
    const names = checkedNames(command.givenName, command.familyName);
    const base = unwrap(usernameBase(names.givenName, names.familyName));
    const email = command.email.trim();
    const now = this.clock.now();
    const { password, columns } = await this.passwords.oneTime(now);
    for (let attempt = 1; ; attempt++) {
      try {
        const userId = await this.db.transaction(async () => {
          await this.organisations.lock(organisation.id);
          if (organisation.kind !== 'OPERATOR') await this.checkGrantable(organisation, command.roles);
          if (await this.store.samePersonExists(organisation.id, { ...names, email }))
            throw new DomainError('USER_ALREADY_EXISTS');
          const username = nextFreeUsername(base, await this.store.takenUsernames(candidatePrefix(base)));
          const id = await this.store.insert({
            organisationId: organisation.id,
            username,
            ...names,
            email,
            title: optional(command.title),
            phoneLandline: optional(command.phoneLandline),
            phoneMobile: optional(command.phoneMobile),
            staffReference: optional(command.staffReference),
            verificationProvided: optional(command.verificationProvided),
            passwordHash: columns.password_hash as string,
            passwordSealed: columns.password_sealed as string | null,
            now,
          });
          await this.store.replaceRoles(id, [...new Set(command.roles)]);
          await this.audit.record(audit(username));
          return id;
        });
        return { user: this.view((await this.store.byId(userId)) as UserRow), oneTimePassword: password };
      } catch (error) {
        // Two requests took the same free username at once: the unique index refused one; it tries the next.
        if (!isUniqueViolation(error) || attempt >= MAX_USERNAME_RACES) throw error;
      }
    }
  }

  /**
   * guide 3.5.4: names, contact details, verification, staff reference and roles, including the
   * super user's own roles. The username never changes: an account is never reassigned.
   */
  async update(context: CallContext, username: string, command: UpdateUserCommand): Promise<UserView> {
    const { principal } = context;
    const current = await this.findChangeable(principal, username);
    const names =
      command.givenName !== undefined || command.familyName !== undefined
        ? checkedNames(command.givenName ?? current.given_name, command.familyName ?? current.family_name)
        : undefined;
    const changes: Record<string, string | null> = {};
    if (names) Object.assign(changes, { given_name: names.givenName, family_name: names.familyName });
    if (command.email !== undefined) changes.email = command.email.trim();
    const optionals = {
      title: command.title,
      phone_landline: command.phoneLandline,
      phone_mobile: command.phoneMobile,
      staff_reference: command.staffReference,
      verification_provided: command.verificationProvided,
    };
    for (const [column, value] of Object.entries(optionals)) if (value !== undefined) changes[column] = optional(value);

    await this.db.transaction(async () => {
      await this.organisations.lock(principal.organisationId);
      if (command.roles) {
        await this.checkGrantable({ id: principal.organisationId, kind: principal.organisationKind }, command.roles);
      }
      const person = {
        givenName: changes.given_name ?? current.given_name,
        familyName: changes.family_name ?? current.family_name,
        email: changes.email ?? current.email,
      };
      if ((names || changes.email) && (await this.store.samePersonExists(principal.organisationId, person, current.id))) {
        throw new DomainError('USER_ALREADY_EXISTS');
      }
      const losesSuperUser =
        command.roles && !command.roles.includes(SUPER_USER) && (current.roles ?? '').split(',').includes(SUPER_USER);
      if (losesSuperUser && current.status === 'ACTIVE') await this.keepASuperUser(principal.organisationId, current.id);
      if (Object.keys(changes).length > 0 || command.roles) await this.store.update(current.id, changes, this.clock.now());
      if (command.roles) await this.store.replaceRoles(current.id, [...new Set(command.roles)]);
      await this.audit.record(auditEntryOf(context, 'UpdateUser', current.username));
    });
    return this.view((await this.store.byId(current.id)) as UserRow);
  }

  /**
   * guide 3.5.5: a deleted account can never log in again, on any surface, and its username is
   * never given to anyone else. The row stays (for the audit trail); its secrets are discarded.
   */
  async delete(context: CallContext, username: string): Promise<UserView> {
    const { principal } = context;
    const current = await this.findChangeable(principal, username);
    const now = this.clock.now();
    await this.db.transaction(async () => {
      await this.organisations.lock(principal.organisationId);
      if (current.status === 'ACTIVE' && (current.roles ?? '').split(',').includes(SUPER_USER)) {
        await this.keepASuperUser(principal.organisationId, current.id);
      }
      await this.store.update(
        current.id,
        {
          status: 'DELETED',
          deleted_at: sqlDateTime(now),
          password_hash: '!deleted', // not a hash: no password can ever match it
          password_sealed: null,
          secret_question: null,
          secret_answer_hash: null,
          secret_question_set_at: null,
          failed_attempts: 0,
        },
        now,
      );
      await this.audit.record(auditEntryOf(context, 'DeleteUser', current.username));
    });
    return this.view((await this.store.byId(current.id)) as UserRow);
  }

  /** guide 3.1: an organisation keeps at least one active super user; losing the last is guide 3.6's remedy, not a click. */
  async keepASuperUser(organisationId: number, userId: number): Promise<void> {
    if ((await this.store.otherActiveSuperUsers(organisationId, userId)) === 0) throw new DomainError('LAST_SUPER_USER');
  }

  /** Inside the transaction that holds the organisation's lock, so an operator's removal cannot pass between check and grant. */
  private async checkGrantable(organisation: TargetOrganisation, roles: readonly string[]): Promise<void> {
    const refused = rolesNotGrantable(organisation.kind, await this.organisationRoles.of(organisation.id), roles);
    if (refused.length > 0) {
      throw new DomainError(
        'ROLE_NOT_GRANTABLE',
        `Your organisation was not set up for these roles: ${refused.join(', ')} (guide Appendix A)`,
      );
    }
  }
}
