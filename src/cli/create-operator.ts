import { SchemaRegistry } from '../platform/validation/schema-registry';
import type { Config } from '../config';
import type { AuditTrail } from '../platform/audit/audit-trail';
import { PasswordHasher } from '../platform/auth/password-hashing';
import { PasswordSeal } from '../platform/auth/password-sealing';
import { systemClock } from '../platform/clock';
import type { Database } from '../platform/database';
import { OrganisationService } from '../users/organisation.service';
import { Passwords } from '../users/passwords';
import { UserService } from '../users/user.service';
import { option } from './options';

/**
 * `create-operator`: an operator of the service from the command line, for a deployment that
 * does not load the compatibility data set (whose operator's password is published). Checked
 * by the same schemas as the admin API's organisations and super users. The lines to print:
 * the one-time password among them, shown this once, as the admin API shows a new user's.
 */
export async function createOperatorCommand(db: Database, audit: AuditTrail, config: Config, args: string[]): Promise<string[]> {
  const schemas = new SchemaRegistry();
  const person = schemas.check<{ givenName: string; familyName: string; email: string }>(
    'admin/organisations/super-user.request',
    {
      givenName: option(args, '--given-name'),
      familyName: option(args, '--family-name'),
      email: option(args, '--email'),
    },
  );
  const ukprn = option(args, '--ukprn');
  const name = option(args, '--organisation-name');
  // A new operator organisation's UKPRN and name follow the rules of every organisation's (kind aside).
  if (ukprn !== undefined && name !== undefined)
    schemas.check('admin/organisations/create.request', { ukprn, name, kind: 'LRB' });

  const hasher = new PasswordHasher(config.scryptCost);
  const seal = config.passwordDigestKey ? new PasswordSeal(config.passwordDigestKey) : undefined;
  const users = new UserService(db, audit, new Passwords(hasher, seal), systemClock, config.passwordExpiryDays);
  const organisations = new OrganisationService(db, audit, hasher, systemClock, users);
  const created = await organisations.createOperator({ ukprn, name, person });
  const { organisation } = created;
  return [
    `operator organisation ${organisation.ukprn} (${organisation.name}): ${created.organisationCreated ? 'created' : 'already there'}`,
    `operator: ${created.user.username}`,
    `one-time password, shown this once: ${created.oneTimePassword}`,
    'Log in to the admin API with it (GET /admin/self says what is pending) and choose a password: PUT /admin/self/password.',
  ];
}
