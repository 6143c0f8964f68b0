import fs from 'node:fs';
import type { SeedOptions } from '../compatibility/seed';
import type { FeatureModule, Platform } from '../feature-module';
import type { ReferenceData } from '../learners/reference-data';
import { ReferenceListsService } from '../learners/reference-lists.service';
import type { Authenticator } from '../platform/auth/authenticator';
import type { CertificateRegistry } from '../platform/auth/client-certificate';
import { accountAuthenticator } from './authentication';
import { pemCertificates } from './client-certificate.rules';
import { ClientCertificateService } from './client-certificate.service';
import { clientCertificateAdminRoutes } from './client-certificates.admin';
import { LearnerManagement } from './learner-management';
import { learnerManagementAdminRoutes } from './learner-management.admin';
import { operatorAdminRoutes } from './operator.admin';
import { organisationRolesAdminRoutes } from './organisation-roles.admin';
import { OrganisationRolesService } from './organisation-roles.service';
import { OrganisationService } from './organisation.service';
import { Passwords } from './passwords';
import { selfServiceAdminRoutes } from './self-service.admin';
import { SelfService } from './self-service.service';
import { UserAccessService } from './user-access.service';
import { UserService } from './user.service';
import { userAdminRoutes } from './users.admin';

export interface UsersModule extends FeatureModule {
  /** Who is calling, for every front door. */
  authenticator: Authenticator;
  /** The client certificates registered to organisations, which the SOAP front door asks (CLIENT_AUTH_MODE). */
  certificates: CertificateRegistry;
  /** guide 1.4: whether an organisation may find learners and read their records. */
  learnerManagement: LearnerManagement;
}

/** How often nonces past the WS-Security freshness window are forgotten. */
const NONCE_SWEEP_MS = 60_000;

/**
 * Organisations, their users and their MIS systems' client certificates: the authenticator, each organisation's
 * learner management (guide 1.4), the admin routes of operators, super users and self-service, and the sweep of
 * spent WS-Security nonces.
 */
export function usersModule(platform: Platform, deps: { referenceData: ReferenceData }): UsersModule {
  const { db, audit, clock, config, hasher, seal, logger } = platform;
  const authenticator = accountAuthenticator(platform);
  const passwords = new Passwords(hasher, seal);
  const users = new UserService(db, audit, passwords, clock, config.passwordExpiryDays);
  const access = new UserAccessService(db, audit, passwords, clock, users);
  const self = new SelfService(db, audit, passwords, platform.outbox, clock, config.passwordExpiryDays);
  const organisations = new OrganisationService(db, audit, hasher, clock, users);
  const seedOptions: SeedOptions = { hasher, seal, clock, syntheticLearnerCount: config.syntheticLearnerCount };
  const lists = new ReferenceListsService(db, audit, deps.referenceData, seedOptions);
  // TLS_CLIENT_CA_FILE: a certificate must be issued by one of its CAs to be registered.
  const clientCas = config.tlsClientCaFile ? pemCertificates(fs.readFileSync(config.tlsClientCaFile, 'utf8')) : undefined;
  const certificates = new ClientCertificateService(db, audit, clock, clientCas);
  const learnerManagement = new LearnerManagement(db, audit, clock);
  let nonceSweep: NodeJS.Timeout | undefined;
  return {
    name: 'users',
    authenticator,
    certificates,
    learnerManagement,
    adminRoutes: [
      ...selfServiceAdminRoutes(self),
      ...userAdminRoutes({ db, users, access }),
      ...operatorAdminRoutes({ db, organisations, lists }),
      ...organisationRolesAdminRoutes(new OrganisationRolesService(db, audit)),
      ...learnerManagementAdminRoutes(learnerManagement),
      ...clientCertificateAdminRoutes(certificates),
    ],
    start() {
      nonceSweep = setInterval(() => {
        authenticator.forgetOldNonces().catch((error: unknown) => logger.warn('nonce sweep failed', { error: String(error) }));
      }, NONCE_SWEEP_MS);
      nonceSweep.unref();
    },
    async stop() {
      clearInterval(nonceSweep);
    },
  };
}
