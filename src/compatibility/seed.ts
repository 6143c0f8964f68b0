import { QualificationStore } from '../achievements/qualification.store';
import { LearnerStore } from '../learners/learner.store';
import { ReferenceListStore } from '../learners/reference-list.store';
import { readPhrases, readPostcodes, readSynonymPairs } from '../learners/reference-lists';
import { normaliseSecretAnswer, type PasswordHasher } from '../platform/auth/password-hashing';
import type { PasswordSeal } from '../platform/auth/password-sealing';
import type { Clock } from '../platform/clock';
import type { Database } from '../platform/database';
import { projectPath } from '../platform/paths';
import { USER_AGREEMENT_VERSION } from '../users/user-agreement';
import {
  COMPATIBILITY_PASSWORD,
  COMPATIBILITY_SECRET_ANSWER,
  COMPATIBILITY_SECRET_QUESTION,
  SEED_ORGANISATIONS,
  SEED_USERS,
} from './compatibility-organisations';
import { OrganisationRolesStore } from '../users/organisation-roles.store';
import { ALWAYS_GRANTED, rolesOfKind } from '../users/role-grants.rules';
import { KNOWN_LEARNERS } from './known-learners';
import { SEED_QUALIFICATION_UNITS, SEED_QUALIFICATIONS, SEED_SHARES } from './qualifications';
import { SeedStore } from './seed.store';
import { syntheticLearners } from './synthetic-learners';

export interface SeedOptions {
  hasher: PasswordHasher;
  seal: PasswordSeal | undefined;
  clock: Clock;
  syntheticLearnerCount: number;
}

export interface SeedReport {
  seeded: boolean;
  organisations: number;
  users: number;
  learners: number;
  synonyms: number;
  qualifications: number;
}

/** The known LRS test learners' ULNs: the synthetic ones never take them. */
export const KNOWN_ULNS: ReadonlySet<string> = new Set(KNOWN_LEARNERS.map((l) => l.uln));

/**
 * Loads (or, with `force`, reloads) the compatibility data set: reference lists, the operator,
 * two AOs and an LRB with a user for every role, the known LRS test learners and the synthetic
 * learners. Idempotent: every row is keyed (UKPRN, username, ULN), and passwords are reset.
 */
export async function seedCompatibilityData(db: Database, options: SeedOptions, force = false): Promise<SeedReport> {
  const store = new SeedStore(db);
  if (!force && (await store.isSeeded())) {
    return { seeded: false, organisations: 0, users: 0, learners: 0, synonyms: 0, qualifications: 0 };
  }
  const passwordHash = await options.hasher.hash(COMPATIBILITY_PASSWORD);
  const wsHashes = new Map(
    await Promise.all(SEED_ORGANISATIONS.map(async (o) => [o.ukprn, await options.hasher.hash(o.wsPassword)] as const)),
  );
  const synonyms = readSynonymPairs(projectPath('reference-data', 'given-name-synonyms.csv'));
  const { postcodes } = readPostcodes(projectPath('reference-data', 'prohibited-postcodes.csv'));
  const phrases = readPhrases(projectPath('reference-data', 'prohibited-text.csv'));
  const learners = [...KNOWN_LEARNERS, ...syntheticLearners(options.syntheticLearnerCount, undefined, KNOWN_ULNS)];

  const lists = new ReferenceListStore(db);
  const roleStore = new OrganisationRolesStore(db);
  await db.transaction(async () => {
    await lists.replaceSynonyms(synonyms);
    await lists.replaceProhibitedPostcodes(postcodes);
    await lists.replaceProhibitedText(phrases);
    const organisationIds = await seedOrganisations(store, wsHashes, options.clock);
    await seedUsers(store, organisationIds, passwordHash, options);
    for (const [ukprn, roles] of organisationRoles()) {
      await roleStore.replace(organisationIds.get(ukprn) as number, roles);
    }
    await new LearnerStore(db).upsert(learners);
    await new QualificationStore(db).upsert(SEED_QUALIFICATIONS);
    await seedQualificationLinks(store, organisationIds);
    await store.markSeeded(options.clock.now());
  });
  return {
    seeded: true,
    qualifications: SEED_QUALIFICATIONS.length,
    organisations: SEED_ORGANISATIONS.length,
    users: SEED_USERS.length,
    learners: learners.length,
    synonyms: synonyms.length,
  };
}

async function seedOrganisations(store: SeedStore, wsHashes: Map<string, string>, clock: Clock): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const seed of SEED_ORGANISATIONS) {
    const id = await store.saveOrganisation(
      {
        ukprn: seed.ukprn,
        organisationRef: seed.organisationRef,
        name: seed.name,
        kind: seed.kind,
        recognitionNumber: seed.recognitionNumber,
        wsPasswordHash: wsHashes.get(seed.ukprn) ?? null,
        learnerManagement: seed.learnerManagement,
        learnerManagementReason: seed.learnerManagement ? 'Compatibility data set' : null,
        edcResolverEmail: seed.edcResolverEmail,
        // The compatibility data set is where vendors test: its organisations keep a request journal (docs/decisions/0087-the-request-journal.md).
        journalEnabled: seed.kind !== 'OPERATOR',
      },
      clock.now(),
    );
    ids.set(seed.ukprn, id);
  }
  return ids;
}

async function seedUsers(
  store: SeedStore,
  organisationIds: Map<string, number>,
  passwordHash: string,
  options: SeedOptions,
): Promise<void> {
  const now = options.clock.now();
  const secretAnswerHash = await options.hasher.hash(normaliseSecretAnswer(COMPATIBILITY_SECRET_ANSWER));
  for (const seed of SEED_USERS) {
    await store.saveUser(
      {
        organisationId: organisationIds.get(seed.ukprn) as number,
        username: seed.username,
        givenName: seed.givenName,
        familyName: seed.familyName,
        email: `${seed.username}@compatibilitytest.example`,
        status: seed.status ?? 'ACTIVE',
        passwordHash,
        passwordSealed: options.seal?.seal(COMPATIBILITY_PASSWORD) ?? null,
        agreementVersion: USER_AGREEMENT_VERSION,
        secretQuestion: COMPATIBILITY_SECRET_QUESTION,
        secretAnswerHash,
        suspendedManually: seed.status === 'SUSPENDED',
        verificationProvided: 'compatibility data set',
        roles: seed.roles,
      },
      now,
    );
  }
}

/** Each organisation is set up for the roles its users hold, and always the super user's (guide Appendix A). */
function organisationRoles(): [ukprn: string, roles: string[]][] {
  return SEED_ORGANISATIONS.filter((organisation) => organisation.kind !== 'OPERATOR').map((organisation) => {
    const held = SEED_USERS.filter((user) => user.ukprn === organisation.ukprn).flatMap((user) => user.roles);
    return [organisation.ukprn, rolesOfKind(organisation.kind).filter((role) => role === ALWAYS_GRANTED || held.includes(role))];
  });
}

async function seedQualificationLinks(store: SeedStore, organisationIds: Map<string, number>): Promise<void> {
  const idOf = await store.qualificationIds(SEED_QUALIFICATIONS.map((q) => q.reference));
  await store.replaceSharesAndUnits(
    [...idOf.values()],
    SEED_SHARES.map(([reference, ukprn]) => [idOf.get(reference) as number, organisationIds.get(ukprn) as number]),
    SEED_QUALIFICATION_UNITS.map(([qualification, unit]) => [idOf.get(qualification) as number, idOf.get(unit) as number]),
  );
}
