import type { AuditTrail } from '../platform/audit/audit-trail';
import { normaliseSecretAnswer } from '../platform/auth/password-hashing';
import type { CallContext } from '../platform/call-context';
import type { Clock } from '../platform/clock';
import type { Database } from '../platform/database';
import { DomainError } from '../platform/errors';
import type { Passwords } from './passwords';
import { auditEntryOf } from '../platform/audit/audit-trail';
import { OrganisationStore } from './organisation.store';
import { type UserRow, UserStore } from './user.store';
import type { UserService } from './user.service';
import type { UserView } from './user-view';

/** A super user resolving access problems (guide 3.5.6): suspend, reactivate, reset, verify identity. */
export class UserAccessService {
  private readonly store: UserStore;
  private readonly organisations: OrganisationStore;

  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly passwords: Passwords,
    private readonly clock: Clock,
    private readonly users: UserService,
  ) {
    this.store = new UserStore(db);
    this.organisations = new OrganisationStore(db);
  }

  /** guide 3.5.6.3: "you can change the user account status to 'suspended'"; only a super user lifts it. */
  async suspend(context: CallContext, username: string): Promise<UserView> {
    const current = await this.users.findChangeable(context.principal, username);
    await this.db.transaction(async () => {
      await this.organisations.lock(current.organisation_id);
      if (current.status === 'ACTIVE' && (current.roles ?? '').split(',').includes('LRB_SUPER_USER')) {
        await this.users.keepASuperUser(current.organisation_id, current.id);
      }
      await this.store.update(current.id, { status: 'SUSPENDED', suspended_manually: 1 }, this.clock.now());
      await this.audit.record(auditEntryOf(context, 'SuspendUser', current.username));
    });
    return this.reread(current);
  }

  /** guide 3.5.6.3: "change the status to 'active' … the password will work" again; the wrong-password count restarts. */
  async reactivate(context: CallContext, username: string): Promise<UserView> {
    const current = await this.users.findChangeable(context.principal, username);
    await this.db.transaction(async () => {
      await this.store.update(current.id, { status: 'ACTIVE', suspended_manually: 0, failed_attempts: 0 }, this.clock.now());
      await this.audit.record(auditEntryOf(context, 'ReactivateUser', current.username));
    });
    return this.reread(current);
  }

  /**
   * guide 3.5.6.4: a new one-time password, shown once, changed at next use. The status is
   * left as it is: a suspended account is also reactivated, as its own step (guide 3.5.6.1).
   */
  async resetPassword(context: CallContext, username: string): Promise<{ username: string; oneTimePassword: string }> {
    const current = await this.users.findChangeable(context.principal, username);
    const now = this.clock.now();
    const { password, columns } = await this.passwords.oneTime(now);
    await this.db.transaction(async () => {
      await this.store.update(current.id, columns, now);
      await this.audit.record(auditEntryOf(context, 'ResetPassword', current.username));
    });
    return { username: current.username, oneTimePassword: password };
  }

  /** guide 3.5.6.2: the question the user chose, presented to the super user. */
  async secretQuestion(context: CallContext, username: string): Promise<{ username: string; question: string }> {
    const current = await this.users.findChangeable(context.principal, username);
    if (current.secret_question === null) throw new DomainError('SECRET_QUESTION_NOT_SET');
    return { username: current.username, question: current.secret_question };
  }

  /**
   * guide 3.5.6.2: the super user keys in the answer the caller gives; "the answer is not case
   * sensitive". The outcome is audited; the super user, not a counter, judges repeated tries.
   */
  async verifyIdentity(context: CallContext, username: string, answer: string): Promise<{ username: string; verified: boolean }> {
    const current = await this.users.findChangeable(context.principal, username);
    const { secretAnswerHash } = await this.store.secretsOf(current.id);
    if (secretAnswerHash === null) throw new DomainError('SECRET_QUESTION_NOT_SET');
    const verified = await this.passwords.verify(normaliseSecretAnswer(answer), secretAnswerHash);
    await this.audit.record(auditEntryOf(context, 'VerifyIdentity', current.username, verified ? 'VERIFIED' : 'NOT_VERIFIED'));
    return { username: current.username, verified };
  }

  private async reread(row: UserRow): Promise<UserView> {
    return this.users.view((await this.store.byId(row.id)) as UserRow);
  }
}
