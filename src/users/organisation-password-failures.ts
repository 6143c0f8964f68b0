import { type RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import type { OrganisationCredentials } from '../platform/auth/accounts';
import type { OrganisationPasswordGuard } from '../platform/auth/organisation-password-guard';
import type { Clock } from '../platform/clock';
import type { Database } from '../platform/database';
import { RateLimitedError } from '../platform/http/rate-limits';
import type { Outbox } from '../platform/mail/outbox';
import { UserStore } from './user.store';

/**
 * Wrong web-services passwords (docs/decisions/0047-organisation-password-failures.md): each
 * spends a point of the caller's address's budget, and an address that has spent it is refused
 * before any password is checked until the window ends. The organisation's active super users
 * are mailed at the first wrong password of each window, through the outbox; the mail names
 * the organisation, the address and the time, never what was sent.
 */
export class OrganisationPasswordFailures implements OrganisationPasswordGuard {
  private readonly users: UserStore;

  constructor(
    private readonly db: Database,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly windowSeconds: number,
    /** Per address; undefined when ORG_PASSWORD_FAILURES_PER_ADDRESS is 0. */
    private readonly perAddress: RateLimiterAbstract | undefined,
  ) {
    this.users = new UserStore(db);
  }

  async admit(address: string): Promise<void> {
    if (!this.perAddress) return;
    const spent = await this.perAddress.get(address);
    if (spent && spent.consumedPoints >= this.perAddress.points) {
      throw new RateLimitedError(Math.max(1, Math.ceil(spent.msBeforeNext / 1000)), 'address');
    }
  }

  async failed(organisation: OrganisationCredentials, address: string): Promise<void> {
    if (this.perAddress) {
      await this.perAddress.consume(address).catch((refusal: unknown) => {
        if (!(refusal instanceof RateLimiterRes)) throw refusal;
      });
    }
    await this.tellSuperUsers(organisation, address);
  }

  private async tellSuperUsers(organisation: OrganisationCredentials, address: string): Promise<void> {
    const now = this.clock.now();
    const window = Math.floor(now.getTime() / (this.windowSeconds * 1000));
    const superUsers = await this.users.activeSuperUsers(organisation.organisationId);
    if (superUsers.length === 0) return;
    await this.db.transaction(async () => {
      for (const user of superUsers) {
        await this.outbox.enqueue({
          // One mail per super user per window: the outbox ignores a second mail with the same key.
          dedupeKey: `organisation-password-failure:${organisation.organisationId}:${window}:${user.id}`,
          kind: 'organisation-password-failure',
          to: user.email,
          subject: 'A wrong web-services password was sent for your organisation',
          text: failureMail(organisation.ukprn, address, now, this.windowSeconds),
        });
      }
    });
  }
}

function failureMail(ukprn: string, address: string, at: Date, windowSeconds: number): string {
  return [
    `A call to the LRS-compatible services of the LRS Gateway for organisation UKPRN ${ukprn} sent a wrong`,
    `web-services password, from address ${address} at ${at.toISOString()}.`,
    '',
    `Further wrong passwords in the next ${Math.round(windowSeconds / 60)} minutes are not reported again. If your MIS`,
    'did not send it, someone may be guessing the password: ask the operator to set a new one.',
    '',
  ].join('\n');
}
