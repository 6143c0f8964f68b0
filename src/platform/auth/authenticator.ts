import { createHash, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../clock';
import type { ErrorCode } from '../error-codes';
import { DomainError } from '../errors';
import { type AccountStateAllowances, accountStateRefusal } from './account-state';
import { type AuthenticationReason, AuthenticationRefused } from './authentication-refused';
import { type Account, type AccountStore, type Principal, toPrincipal } from './accounts';
import { canonicalBase64 } from './base64';
import type { CredentialCache } from './credential-cache';
import { loginWorthRecording } from './login-record';
import { normaliseSecretAnswer, type PasswordHasher } from './password-hashing';
import type { PasswordSeal } from './password-sealing';
import { type OrganisationPasswordGuard, unguarded } from './organisation-password-guard';

export type PresentedCredential =
  | { kind: 'password'; password: string }
  /** WS-Security PasswordDigest: base64(sha1(nonce bytes + created + password)). */
  | { kind: 'digest'; digest: string; nonce: string; created: string };

export interface AuthenticationPolicy {
  lockoutThreshold: number;
  passwordExpiryDays: number;
  createdToleranceSeconds: number;
}

export interface AuthenticationOptions extends AccountStateAllowances {
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
  /** The caller's address, against which wrong organisation passwords are counted. */
  address: string;
}

/** Reported for the audit trail and metrics; never carries a secret. */
export interface AuthenticationEvent {
  outcome: ErrorCode | 'LOCKED_OUT';
  username: string;
  userId?: number;
  organisationId?: number;
}

/** What a digest token's bytes are, once its texts are known to be canonical. */
interface DigestToken {
  digest: Buffer;
  nonce: Buffer;
  created: string;
}

/** No account has this password: what unknown and unusable accounts are checked against, to spend the same time. */
const NO_PASSWORD = '';

/**
 * Checks who is calling, on every surface alike: passwords (cached per process after one slow
 * check), PasswordDigest with Created freshness and nonce replay kept in the database, wrong
 * password counting and suspension in the database (so it holds across gateway processes),
 * and the account states that forbid use (account-state.ts).
 *
 * Until the secret is proven, an unknown, deleted or suspended account is answered exactly as
 * a wrong password is, after the same work (docs/decisions/0045-refusals-before-proof.md).
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
    private readonly organisationPasswords: OrganisationPasswordGuard = unguarded,
  ) {}

  async authenticateUser(
    username: string,
    credential: PresentedCredential,
    options: AuthenticationOptions = {},
  ): Promise<Principal> {
    // What is wrong with the token itself is said before any account is looked up: it is the same for every username.
    const token = credential.kind === 'digest' ? this.readDigestToken(username, credential) : undefined;
    const found = await this.store.findByUsername(username);
    if (!found || found.status !== 'ACTIVE') {
      await this.spendAsACheck(credential, token, options);
      throw this.refuse(
        'AUTH_FAILED',
        found?.username ?? username,
        found?.userId,
        found?.organisationId,
        undefined,
        'USER_UNKNOWN_OR_UNUSABLE',
      );
    }
    const account = found;
    const verified = options.secretAnswer
      ? await this.checkSecretAnswer(account, credential)
      : credential.kind === 'password'
        ? await this.checkPassword(`user:${account.userId}`, account.passwordHash, credential.password)
        : await this.checkDigest(account, token as DigestToken);
    if (!verified) await this.countFailure(account);
    // The password is proven: the count restarts even if the account's state then refuses the call.
    if (account.failedAttempts > 0) await this.store.clearFailedAttempts(account.userId);
    return this.admit(account, options);
  }

  /**
   * The LRS-compatible services: organisation (UKPRN or OrganisationRef), its web-services password, and a user of it.
   * The user's own password is not presented, so a wrong organisation password is counted against the
   * organisation and the caller's address, never against the user (docs/decisions/0047-organisation-password-failures.md).
   */
  async authenticateOrganisationUser(login: OrganisationLogin): Promise<Principal> {
    await this.organisationPasswords.admit(login.address);
    const organisation = await this.store.findOrganisation({ ukprn: login.ukprn, organisationRef: login.organisationRef });
    if (!organisation || organisation.wsPasswordHash === null) {
      await this.hasher.waste(login.orgPassword);
      throw this.refuse('ORGANISATION_UNKNOWN', login.userName, undefined, undefined, undefined, 'ORGANISATION_UNKNOWN');
    }
    const verified = await this.checkPassword(
      `org:${organisation.organisationId}`,
      organisation.wsPasswordHash,
      login.orgPassword,
    );
    if (!verified) {
      await this.organisationPasswords.failed(organisation, login.address);
      throw this.refuse(
        'AUTH_FAILED',
        login.userName,
        undefined,
        organisation.organisationId,
        undefined,
        'ORGANISATION_PASSWORD_WRONG',
      );
    }
    // The change counters the organisation was read against serve for its user as well: one read a call.
    const account = await this.store.findByUsername(login.userName, organisation.countersRead);
    // A suspended user is answered as one who does not exist, whatever the password (docs/decisions/0045-refusals-before-proof.md).
    if (!account || account.organisationId !== organisation.organisationId || account.status !== 'ACTIVE') {
      const reason =
        account && account.organisationId !== organisation.organisationId
          ? 'USER_OF_ANOTHER_ORGANISATION'
          : 'USER_UNKNOWN_OR_UNUSABLE';
      throw this.refuse('AUTH_FAILED', login.userName, undefined, organisation.organisationId, undefined, reason);
    }
    return this.admit(account, {});
  }

  /**
   * A caller whose client certificate is registered to an organisation (CLIENT_AUTH_MODE=certificate):
   * the certificate stands in for the passwords, so the named user must belong to that organisation,
   * and only the account's state is checked, as on the LRS-compatible services.
   */
  async authenticateCertifiedUser(organisationId: number, username: string): Promise<Principal> {
    const account = await this.store.findByUsername(username);
    if (!account || account.status === 'DELETED') throw this.refuse('AUTH_FAILED', username, undefined, organisationId);
    if (account.organisationId !== organisationId) {
      throw this.refuse('CLIENT_CERTIFICATE_ORGANISATION_MISMATCH', account.username, account.userId, organisationId);
    }
    return this.admit(account, {});
  }

  /** The account-state rules, once the caller is proven; then the login is recorded. */
  private async admit(account: Account, options: AuthenticationOptions): Promise<Principal> {
    const refusal = accountStateRefusal(account, this.clock.now(), this.policy.passwordExpiryDays, options);
    if (refusal) throw this.refuse(refusal, account.username, account.userId, account.organisationId);
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

  /** The same work a check of this credential costs, for an account that cannot be checked. */
  private async spendAsACheck(
    credential: PresentedCredential,
    token: DigestToken | undefined,
    options: AuthenticationOptions,
  ): Promise<void> {
    if (token) {
      digestMatches(token, NO_PASSWORD);
    } else if (credential.kind === 'password') {
      await this.hasher.waste(options.secretAnswer ? normaliseSecretAnswer(credential.password) : credential.password);
    }
  }

  /**
   * The token's Nonce and digest as bytes, refused unless each is canonical base64, and its Created
   * time, refused outside the freshness window; all before any account is read. A stale Created
   * does not count towards lockout: it proves nothing about the password (docs/decisions/0045-refusals-before-proof.md).
   */
  private readDigestToken(username: string, credential: Extract<PresentedCredential, { kind: 'digest' }>): DigestToken {
    if (!this.seal) throw this.refuse('AUTH_DIGEST_UNAVAILABLE', username);
    const nonce = canonicalBase64(credential.nonce);
    const digest = canonicalBase64(credential.digest);
    if (!nonce || nonce.length === 0 || !digest) {
      throw this.refuse(
        'AUTH_FAILED',
        username,
        undefined,
        undefined,
        'The Nonce and the digest must be canonical base64',
        'TOKEN_MALFORMED',
      );
    }
    const created = Date.parse(credential.created);
    if (Number.isNaN(created) || Math.abs(this.clock.now().getTime() - created) > this.policy.createdToleranceSeconds * 1000) {
      throw this.refuse('AUTH_TOKEN_EXPIRED', username);
    }
    return { digest, nonce, created: credential.created };
  }

  /**
   * A digest is proven against the account's sealed password; an account without one cannot be
   * proven by digest, and is answered as a wrong digest without being counted.
   */
  private async checkDigest(account: Account, token: DigestToken): Promise<boolean> {
    const password = account.passwordSealed && this.seal ? this.seal.open(account.passwordSealed) : undefined;
    if (password === undefined) {
      digestMatches(token, NO_PASSWORD);
      throw this.refuse('AUTH_FAILED', account.username, account.userId, account.organisationId);
    }
    if (!digestMatches(token, password)) return false;
    // Keyed on the nonce's bytes, not its text: one nonce has one key however it is spelt.
    const nonceHash = createHash('sha256')
      .update(`${account.userId}:${token.nonce.toString('hex')}`)
      .digest('hex');
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
    throw this.refuse('AUTH_FAILED', account.username, account.userId, account.organisationId, undefined, 'PASSWORD_WRONG');
  }

  private refuse(
    code: ErrorCode,
    username: string,
    userId?: number,
    organisationId?: number,
    message?: string,
    reason?: AuthenticationReason,
  ): DomainError {
    this.onEvent({ outcome: code, username, userId, organisationId });
    return new AuthenticationRefused(code, message, organisationId, reason);
  }

  /** Nonces older than twice the freshness window can no longer be replayed usefully. */
  async forgetOldNonces(): Promise<void> {
    const cutoff = new Date(this.clock.now().getTime() - 2 * this.policy.createdToleranceSeconds * 1000);
    await this.store.forgetNoncesBefore(cutoff);
  }
}

/** base64(sha1(nonce + created + password)), WS-Security UsernameToken Profile 1.0 section 3.1, compared in constant time. */
function digestMatches(token: DigestToken, password: string): boolean {
  const expected = createHash('sha1')
    .update(Buffer.concat([token.nonce, Buffer.from(token.created, 'utf8'), Buffer.from(password, 'utf8')]))
    .digest();
  return token.digest.length === expected.length && timingSafeEqual(token.digest, expected);
}
