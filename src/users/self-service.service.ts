import type { AuditTrail } from '../platform/audit/audit-trail';
import type { Principal } from '../platform/auth/accounts';
import type { CallContext } from '../platform/call-context';
import type { Clock } from '../platform/clock';
import { sqlDateTime } from '../platform/data-source';
import type { Database } from '../platform/database';
import { DomainError, unwrap } from '../platform/errors';
import type { Outbox } from '../platform/mail/outbox';
import { Passwords } from './passwords';
import { SECRET_QUESTIONS, secretQuestionAndAnswer } from './secret-question.rules';
import { auditEntryOf } from '../platform/audit/audit-trail';
import { USER_AGREEMENT } from './user-agreement';
import { type UserRow, UserStore } from './user.store';
import { pendingSteps, toUserView } from './user-view';

/**
 * What every user does for their own account (guide 2.3.1): change a one-time or expired
 * password, accept the user agreement, set the secret question; and the forgotten-password
 * request, made with the secret answer in place of the password (guide 2.3, 3.5.6).
 */
export class SelfService {
  private readonly store: UserStore;

  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly passwords: Passwords,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly passwordExpiryDays: number,
  ) {
    this.store = new UserStore(db);
  }

  private async own(principal: Principal): Promise<UserRow> {
    const row = await this.store.byId(principal.userId);
    if (!row) throw new DomainError('USER_NOT_FOUND');
    return row;
  }

  async me(principal: Principal) {
    const row = await this.own(principal);
    return {
      ...toUserView(row, this.passwordExpiryDays),
      pending: pendingSteps(row, this.passwordExpiryDays, this.clock.now()),
    };
  }

  /** guide 2.3.1 and 3.4: the one-time or expired password is replaced by one that meets the policy. */
  async changePassword(
    context: CallContext,
    newPassword: string,
  ): Promise<{ passwordChangedAt: string; passwordExpiresAt: string }> {
    Passwords.checkPolicy(newPassword);
    const row = await this.own(context.principal);
    const { passwordHash } = await this.store.secretsOf(row.id);
    if (await this.passwords.verify(newPassword, passwordHash)) throw new DomainError('PASSWORD_REUSED');
    const now = this.clock.now();
    const columns = await this.passwords.columns(newPassword, false, now);
    await this.db.transaction(async () => {
      await this.store.update(row.id, columns, now);
      await this.audit.record(auditEntryOf(context, 'ChangePassword', row.username));
    });
    return {
      passwordChangedAt: now.toISOString(),
      passwordExpiresAt: new Date(now.getTime() + this.passwordExpiryDays * 86_400_000).toISOString(),
    };
  }

  async agreement(principal: Principal) {
    const row = await this.own(principal);
    return {
      version: USER_AGREEMENT.version,
      title: USER_AGREEMENT.title,
      responsibilities: [...USER_AGREEMENT.responsibilities],
      acceptedVersion: row.agreement_version,
      acceptedAt: row.agreement_accepted_at === null ? null : toUserView(row, this.passwordExpiryDays).agreementAcceptedAt,
    };
  }

  /** guide 2.2: accepted before any other call; each acceptance is kept with the version accepted. */
  async acceptAgreement(context: CallContext, version: string) {
    if (version !== USER_AGREEMENT.version) {
      throw new DomainError('AGREEMENT_VERSION_MISMATCH', `The current user agreement is version ${USER_AGREEMENT.version}`);
    }
    const row = await this.own(context.principal);
    const now = this.clock.now();
    await this.db.transaction(async () => {
      await this.store.update(row.id, { agreement_accepted_at: sqlDateTime(now), agreement_version: version }, now);
      await this.store.recordAgreementAcceptance(row.id, version, now, context.correlationId);
      await this.audit.record(auditEntryOf(context, 'AcceptAgreement', `${row.username} agreement ${version}`));
    });
    return this.agreement(context.principal);
  }

  async secretQuestion(principal: Principal): Promise<{ question: string | null; questions: string[] }> {
    const row = await this.own(principal);
    return { question: row.secret_question, questions: [...SECRET_QUESTIONS] };
  }

  /** guide 2.3.1: set after the agreement at first login, changeable at any time; the answer is hashed, never kept. */
  async setSecretQuestion(context: CallContext, question: string, answer: string) {
    const checked = unwrap(secretQuestionAndAnswer(question, answer));
    const row = await this.own(context.principal);
    const answerHash = await this.passwords.hash(checked.answer);
    const now = this.clock.now();
    await this.db.transaction(async () => {
      await this.store.update(
        row.id,
        { secret_question: checked.question, secret_answer_hash: answerHash, secret_question_set_at: sqlDateTime(now) },
        now,
      );
      await this.audit.record(auditEntryOf(context, 'SetSecretQuestion', row.username));
    });
    return this.secretQuestion(context.principal);
  }

  /**
   * The forgotten password (guide 2.3, 3.5.6). The caller was authenticated with the secret
   * answer in place of the password, so an unknown username and a wrong answer were refused
   * alike, and wrong answers counted towards suspension. A one-time password goes by email
   * through the outbox, in the transaction that sets it, to the address held for the account.
   * guide 1.3 forbids sending a username and its password together: the username and the
   * one-time password go in two separate mails (docs/decisions/0046-one-time-passwords-in-transit.md).
   */
  async forgottenPassword(context: CallContext): Promise<{ message: string }> {
    const row = await this.own(context.principal);
    const now = this.clock.now();
    const { password, columns } = await this.passwords.oneTime(now);
    const dedupeKey = (part: string) => `forgotten-password:${row.id}:${part}:${context.correlationId}`.slice(0, 120);
    await this.db.transaction(async () => {
      await this.store.update(row.id, columns, now);
      await this.outbox.enqueue({
        dedupeKey: dedupeKey('account'),
        kind: 'forgotten-password',
        to: row.email,
        subject: 'A new password was asked for your LRS Gateway account',
        text: accountMail(row),
      });
      await this.outbox.enqueue({
        dedupeKey: dedupeKey('password'),
        kind: 'forgotten-password',
        to: row.email,
        subject: 'Your LRS Gateway one-time password',
        text: oneTimePasswordMail(password),
      });
      await this.audit.record(auditEntryOf(context, 'ForgottenPassword', row.username));
    });
    return { message: 'A one-time password has been sent to the email address held for the account' };
  }
}

function accountMail(row: UserRow): string {
  return [
    `Dear ${row.given_name} ${row.family_name},`,
    '',
    `A new password was asked for the LRS Gateway account ${row.username}, with the answer to its secret question.`,
    'The one-time password comes in a separate message.',
    '',
    'If you did not ask for it, tell a super user of your organisation at once.',
    '',
  ].join('\n');
}

function oneTimePasswordMail(password: string): string {
  return [
    'A new password was asked for your LRS Gateway account, with the answer to its secret question.',
    '',
    `One-time password: ${password}`,
    '',
    'It can be used once, with your username, to choose a new password (PUT /admin/self/password). Your',
    'username comes in a separate message. If you did not ask for it, tell a super user of your organisation at once.',
    '',
  ].join('\n');
}
