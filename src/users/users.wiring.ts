import type { AdminRoute } from '../admin/admin-route';
import type { SeedOptions } from '../compatibility/seed';
import type { ReferenceData } from '../learners/reference-data';
import type { AuditTrail } from '../platform/audit/audit-trail';
import type { PasswordHasher } from '../platform/auth/password-hashing';
import type { PasswordSeal } from '../platform/auth/password-sealing';
import type { Clock } from '../platform/clock';
import type { Database } from '../platform/database';
import type { Outbox } from '../platform/mail/outbox';
import type { LearnerManagement } from './learner-management';
import { learnerManagementAdminRoutes } from './learner-management.admin';
import { operatorAdminRoutes } from './operator.admin';
import { organisationRolesAdminRoutes } from './organisation-roles.admin';
import { OrganisationRolesService } from './organisation-roles.service';
import { OrganisationService } from './organisation.service';
import { Passwords } from './passwords';
import { ReferenceListsService } from '../learners/reference-lists.service';
import { selfServiceAdminRoutes } from './self-service.admin';
import { SelfService } from './self-service.service';
import { UserAccessService } from './user-access.service';
import { UserService } from './user.service';
import { userAdminRoutes } from './users.admin';

export interface UserManagementDeps {
  db: Database;
  audit: AuditTrail;
  hasher: PasswordHasher;
  seal: PasswordSeal | undefined;
  outbox: Outbox;
  clock: Clock;
  referenceData: ReferenceData;
  passwordExpiryDays: number;
  syntheticLearnerCount: number;
  learnerManagement: LearnerManagement;
}

/** The users feature's services and admin routes, built once by the composition root (app.ts). */
export function userManagementRoutes(deps: UserManagementDeps): AdminRoute[] {
  const { db, audit, clock } = deps;
  const passwords = new Passwords(deps.hasher, deps.seal);
  const users = new UserService(db, audit, passwords, clock, deps.passwordExpiryDays);
  const access = new UserAccessService(db, audit, passwords, clock, users);
  const self = new SelfService(db, audit, passwords, deps.outbox, clock, deps.passwordExpiryDays);
  const organisations = new OrganisationService(db, audit, deps.hasher, clock, users);
  const seedOptions: SeedOptions = {
    hasher: deps.hasher,
    seal: deps.seal,
    clock,
    syntheticLearnerCount: deps.syntheticLearnerCount,
  };
  const lists = new ReferenceListsService(db, audit, deps.referenceData, seedOptions);
  return [
    ...selfServiceAdminRoutes(self),
    ...userAdminRoutes({ db, users, access }),
    ...operatorAdminRoutes({ db, organisations, lists }),
    ...organisationRolesAdminRoutes(new OrganisationRolesService(db, audit)),
    ...learnerManagementAdminRoutes(deps.learnerManagement),
  ];
}
