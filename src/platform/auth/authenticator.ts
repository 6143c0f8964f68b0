import { createHash, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../clock';
import type { ErrorCode } from '../error-codes';
import { DomainError } from '../errors';
import { type Account, type AccountStore, type Principal, toPrincipal } from './accounts';
import type { CredentialCache } from './credential-cache';
import { loginWorthRecording } from './login-record';
import { organisationRefusal } from './organisation-standing';
import { normaliseSecretAnswer, type PasswordHasher } from './password-hashing';
import type { PasswordSeal } from './password-sealing';

export type PresentedCredential =
  | { kind: 'password'; password: string }
  /** WS-Security PasswordDigest: base64(sha1(nonce bytes + created + password)). */
  | { kind: 'digest'; digest: string; nonce: string; created: string };

export interface AuthenticationPolicy {
  lockoutThreshold: number;
  passwordExpiryDays: number;
  createdToleranceSeconds: number;
}

export interface AuthenticationOptions {
  /** The calls that let a user change a one-time or expired password. */
  allowPasswordChange?: boolean;
  /** The call that records acceptance of the user agreement. */
  allowAgreementPending?: boolean;
  /** The calls that set the secret question at first login (guide 2.3.1: after the agreement). */
  allowSecretQuestionPending?: boolean;
  /**
   * The forgotten-password call (guide 2.3, 3.5.6): the secret answer stands in for the
   * password, so wrong answers count and lock the account out exactly as wrong passwords do.
   */
  secretAnswer?: boolean;
}

export interface OrganisationLogin {
  ukprn?: string;
  organisationRef?: string;
  orgPassword: string;
  userName: string;
}

/** Reported for the audit trail and metrics; never carries a secret. */
export interface AuthenticationEvent {
  outcome: ErrorCode | 'LOCKED_OUT';
  username: string;
  userId?: number;
  organisationId?: number;
}

const DAY_MS = 86_400_000;

/**
 * Checks who is calling, on every surface alike: passwords (cached per process after one slow
 * check), PasswordDigest with Created freshness and nonce replay kept in the database, wrong
 * password counting and suspension in the database (so it holds across gateway processes),
 * and the account states that forbid use: suspended, deleted, one-time or expired password,
 * user agreement not accepted.
 */
export class Authenticator {
  constructor(
    private readonly store: AccountStore,
    private readonly hasher: PasswordHasher,
    private readonly cache: CredentialCache,
    private readonly seal: PasswordSeal | undefined,
    private readonly policy: AuthenticationPolicy,
    private readonly clock: Clock,
    private readonly onEvent: (event: AuthenticationEvent) => void = () => undefined,
  ) {}

  async authenticateUser(
    username: string,
    credential: PresentedCredential,
    options: AuthenticationOptions = {},
  ): Promise<Principal> {
    const account = await this.store.findByUsername(username);
    if (!account || account.status === 'DELETED') {
      if (credential.kind === 'password') await this.hasher.waste(credential.password);
      throw this.refuse('AUTH_FAILED', username);
    }
    const verified = options.secretAnswer
      ? await this.checkSecretAnswer(account, credential)
      : credential.kind === 'password'
        ? await this.checkPassword(`user:${account.userId}`, account.passwordHash, credential.password)
        : await this.checkDigest(account, credential);
    if (!verified) await this.countFailure(account);
    return this.admit(account, options);
  }

  /** The LRS-compatible services: organisation (UKPRN or OrganisationRef), its web-services password, and a user of it. */
  async authenticateOrganisationUser(login: OrganisationLogin): Promise<Principal> {
    const organisation = await this.store.findOrganisation({ ukprn: login.ukprn, organisationRef: login.organisationRef });
    if (!organisation || organisation.wsPasswordHash === null) {
      await this.hasher.waste(login.orgPassword);
      throw this.refuse('ORGANISATION_UNKNOWN', login.userName);
    }
    const account = await this.store.findByUsername(login.userName);
    const member = account && account.organisationId === organisation.organisationId && account.status !== 'DELETED';
    const verified = await this.checkPassword(
      `org:${organisation.organisationId}`,
      organisation.wsPasswordHash,
      login.orgPassword,
    );
    if (!verified) {
      if (member) await this.countFailure(account);
      throw this.refuse('AUTH_FAILED', login.userName, undefined, organisation.organisationId);
    }
    if (!member) throw this.refuse('AUTH_FAILED', login.userName, undefined, organisation.organisationId);
    const refusal = organisationRefusal(organisation.status);
    if (refusal) throw this.refuse(refusal, login.userName, account.userId, organisation.organisationId);
    // The user's own password is not presented here, so only the account's state is checked.
    if (account.status === 'SUSPENDED') {
      throw this.refuse('AUTH_ACCOUNT_SUSPENDED', account.username, account.userId, account.organisationId);
    }
    if (account.failedAttempts > 0) await this.store.clearFailedAttempts(account.userId);
    return this.signedIn(account);
  }

  /**
   * A caller whose client certificate is registered to an organisation (CLIENT_AUTH_MODE=certificate):
   * the certificate stands in for the passwords, so the named user must belong to that organisation,
   * and only the account's state is checked, as on the LRS-compatible services.
   */
  async authenticateCertifiedUser(organisationId: number, username: string): Promise<Principal> {
    const account = await this.store.findByUsername(username);
    if (!account || account.status === 'DELETED') throw this.refuse('AUTH_FAILED', username, undefined, organisationId);
    const refuse = (code: ErrorCode) => this.refuse(code, account.username, account.userId, organisationId);
    if (account.organisationId !== organisationId) throw refuse('CLIENT_CERTIFICATE_ORGANISATION_MISMATCH');
    const refusal = organisationRefusal(account.organisationStatus);
    if (refusal) throw refuse(refusal);
    if (account.status === 'SUSPENDED') throw refuse('AUTH_ACCOUNT_SUSPENDED');
    return this.signedIn(account);
  }

  private async admit(account: Account, options: AuthenticationOptions): Promise<Principal> {
    const refuse = (code: ErrorCode) => this.refuse(code, account.username, account.userId, account.organisationId);
    if (account.status === 'SUSPENDED') throw refuse('AUTH_ACCOUNT_SUSPENDED');
    const refusal = organisationRefusal(account.organisationStatus);
    if (refusal) throw refuse(refusal);
    if (account.failedAttempts > 0) await this.store.clearFailedAttempts(account.userId);
    if (!options.allowPasswordChange && !options.secretAnswer) {
      if (account.passwordIsOneTime) throw refuse('AUTH_PASSWORD_CHANGE_REQUIRED');
      const expiresAt = account.passwordChangedAt.getTime() + this.policy.passwordExpiryDays * DAY_MS;
      if (this.clock.now().getTime() >= expiresAt) throw refuse('AUTH_PASSWORD_EXPIRED');
      if (!options.allowAgreementPending && account.agreementAcceptedAt === null) throw refuse('AUTH_AGREEMENT_REQUIRED');
      if (!options.allowAgreementPending && !options.allowSecretQuestionPending && account.secretAnswerHash === null) {
        throw refuse('AUTH_SECRET_QUESTION_REQUIRED');
      }
    }
    return this.signedIn(account);
  }

  /** A successful login: recorded for housekeeping (guide 3.3), then the caller as a principal. */
  private async signedIn(account: Account): Promise<Principal> {
    const now = this.clock.now();
    if (loginWorthRecording(account.lastLoginAt, now)) await this.store.recordLogin(account.userId, now);
    return toPrincipal(account);
  }

  private async checkPassword(subject: string, storedHash: string, password: string): Promise<boolean> {
    if (this.cache.matches(subject, storedHash, password)) return true;
    const verified = await this.hasher.verify(password, storedHash);
    if (verified) this.cache.remember(subject, storedHash, password);
    return verified;
  }

  private async checkSecretAnswer(account: Account, credential: PresentedCredential): Promise<boolean> {
    if (credential.kind !== 'password') return false;
    const answer = normaliseSecretAnswer(credential.password);
    if (account.secretAnswerHash === null) {
      await this.hasher.waste(answer);
      return false;
    }
    return this.hasher.verify(answer, account.secretAnswerHash);
  }

  private async checkDigest(account: Account, token: Extract<PresentedCredential, { kind: 'digest' }>): Promise<boolean> {
    if (!this.seal) throw this.refuse('AUTH_DIGEST_UNAVAILABLE', account.username, account.userId, account.organisationId);
    const created = Date.parse(token.created);
    const skewMs = Math.abs(this.clock.now().getTime() - created);
    if (Number.isNaN(created) || skewMs > this.policy.createdToleranceSeconds * 1000) {
      throw this.refuse('AUTH_TOKEN_EXPIRED', account.username, account.userId, account.organisationId);
    }
    const password = account.passwordSealed ? this.seal.open(account.passwordSealed) : undefined;
    if (password === undefined) {
      throw this.refuse('AUTH_DIGEST_UNAVAILABLE', account.username, account.userId, account.organisationId);
    }
    const expected = createHash('sha1')
      .update(
        Buffer.concat([Buffer.from(token.nonce, 'base64'), Buffer.from(token.created, 'utf8'), Buffer.from(password, 'utf8')]),
      )
      .digest();
    const presented = Buffer.from(token.digest, 'base64');
    if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) return false;
    const nonceHash = createHash('sha256').update(`${account.userId}:${token.nonce}`).digest('hex');
    if (!(await this.store.rememberNonce(nonceHash, this.clock.now()))) {
      throw this.refuse('AUTH_NONCE_REPLAYED', account.username, account.userId, account.organisationId);
    }
    return true;
  }

  private async countFailure(account: Account): Promise<never> {
    const { suspended } = await this.store.recordFailedAttempt(account.userId, this.policy.lockoutThreshold);
    if (suspended) {
      this.onEvent({
        outcome: 'LOCKED_OUT',
        username: account.username,
        userId: account.userId,
        organisationId: account.organisationId,
      });
    }
    throw this.refuse('AUTH_FAILED', account.username, account.userId, account.organisationId);
  }

  private refuse(code: ErrorCode, username: string, userId?: number, organisationId?: number): DomainError {
    this.onEvent({ outcome: code, username, userId, organisationId });
    return new DomainError(code);
  }

  /** Nonces older than twice the freshness window can no longer be replayed usefully. */
  async forgetOldNonces(): Promise<void> {
    const cutoff = new Date(this.clock.now().getTime() - 2 * this.policy.createdToleranceSeconds * 1000);
    await this.store.forgetNoncesBefore(cutoff);
  }
}
