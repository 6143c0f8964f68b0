import type { EntityManager } from 'typeorm';
import { upsertQualifications } from '../achievements/qualification-register';
import { upsertLearners } from '../learners/learner-writer';
import {
  readPhrases,
  readPostcodes,
  readSynonymPairs,
  replaceProhibitedPostcodes,
  replaceProhibitedText,
  replaceSynonyms,
} from '../learners/reference-lists';
import { normaliseSecretAnswer, type PasswordHasher } from '../platform/auth/password-hashing';
import type { PasswordSeal } from '../platform/auth/password-sealing';
import type { Clock } from '../platform/clock';
import type { Database } from '../platform/database';
import { projectPath } from '../platform/paths';
import { OrganisationEntity } from '../users/organisation.entity';
import { UserRoleEntity } from '../users/user-role.entity';
import { USER_AGREEMENT_VERSION } from '../users/user-agreement';
import { UserEntity } from '../users/user.entity';
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

const SEEDED_KEY = 'compatibility_data_seeded_at';

/** The known LRS test learners' ULNs: the synthetic ones never take them. */
export const KNOWN_ULNS: ReadonlySet<string> = new Set(KNOWN_LEARNERS.map((l) => l.uln));

export async function isSeeded(db: Database): Promise<boolean> {
  const rows = await db.query<unknown[]>('SELECT value FROM app_settings WHERE `key` = ?', [SEEDED_KEY]);
  return rows.length > 0;
}

/**
 * Loads (or, with `force`, reloads) the compatibility data set: reference lists, the operator,
 * two AOs and an LRB with a user for every role, the known LRS test learners and the synthetic
 * learners. Idempotent: every row is keyed (UKPRN, username, ULN), and passwords are reset.
 */
export async function seedCompatibilityData(db: Database, options: SeedOptions, force = false): Promise<SeedReport> {
  if (!force && (await isSeeded(db))) {
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

  await db.transaction(async (manager) => {
    await replaceSynonyms(manager, synonyms);
    await replaceProhibitedPostcodes(manager, postcodes);
    await replaceProhibitedText(manager, phrases);
    const organisationIds = await seedOrganisations(manager, wsHashes);
    await seedUsers(manager, organisationIds, passwordHash, options);
    await seedOrganisationRoles(new OrganisationRolesStore(db), organisationIds);
    await upsertLearners(manager, learners);
    await seedQualifications(manager, organisationIds);
    await manager.query('DELETE FROM app_settings WHERE `key` = ?', [SEEDED_KEY]);
    await manager.query('INSERT INTO app_settings (`key`, value) VALUES (?, ?)', [SEEDED_KEY, options.clock.now().toISOString()]);
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

async function seedOrganisations(manager: EntityManager, wsHashes: Map<string, string>): Promise<Map<string, number>> {
  const repository = manager.getRepository(OrganisationEntity);
  const ids = new Map<string, number>();
  for (const seed of SEED_ORGANISATIONS) {
    const existing = await repository.findOneBy({ ukprn: seed.ukprn });
    const saved = await repository.save({
      ...(existing ?? {}),
      ukprn: seed.ukprn,
      organisationRef: seed.organisationRef,
      name: seed.name,
      kind: seed.kind,
      status: 'ACTIVE',
      recognitionNumber: seed.recognitionNumber,
      wsPasswordHash: wsHashes.get(seed.ukprn) ?? null,
      learnerManagement: seed.learnerManagement,
      learnerManagementReason: seed.learnerManagement ? 'Compatibility data set' : null,
      learnerManagementChangedAt: null,
    });
    if (seed.edcResolverEmail !== undefined) {
      await manager.query('UPDATE organisations SET edc_resolver_email = ? WHERE id = ?', [seed.edcResolverEmail, saved.id]);
    }
    // The compatibility data set is where vendors test: its organisations keep a request journal (docs/decisions/0087-the-request-journal.md).
    await manager.query('UPDATE organisations SET journal_enabled = ? WHERE id = ?', [
      seed.kind === 'OPERATOR' ? 0 : 1,
      saved.id,
    ]);
    ids.set(seed.ukprn, saved.id);
  }
  return ids;
}

async function seedUsers(
  manager: EntityManager,
  organisationIds: Map<string, number>,
  passwordHash: string,
  options: SeedOptions,
): Promise<void> {
  const users = manager.getRepository(UserEntity);
  const now = options.clock.now();
  const secretAnswerHash = await options.hasher.hash(normaliseSecretAnswer(COMPATIBILITY_SECRET_ANSWER));
  for (const seed of SEED_USERS) {
    const existing = await users.findOneBy({ username: seed.username });
    const saved = await users.save({
      ...(existing ?? {}),
      organisationId: organisationIds.get(seed.ukprn) as number,
      username: seed.username,
      givenName: seed.givenName,
      familyName: seed.familyName,
      email: `${seed.username}@compatibilitytest.example`,
      status: seed.status ?? 'ACTIVE',
      passwordHash,
      passwordSealed: options.seal?.seal(COMPATIBILITY_PASSWORD) ?? null,
      passwordChangedAt: now,
      passwordIsOneTime: false,
      failedAttempts: 0,
      agreementAcceptedAt: now,
      agreementVersion: USER_AGREEMENT_VERSION,
      secretQuestion: COMPATIBILITY_SECRET_QUESTION,
      secretAnswerHash,
      secretQuestionSetAt: now,
      suspendedManually: seed.status === 'SUSPENDED',
      deletedAt: null,
      verificationProvided: 'compatibility data set',
    });
    await manager.delete(UserRoleEntity, { userId: saved.id });
    await manager.insert(
      UserRoleEntity,
      seed.roles.map((role) => ({ userId: saved.id, role })),
    );
  }
}

/** Each organisation is set up for the roles its users hold, and always the super user's (guide Appendix A). */
async function seedOrganisationRoles(store: OrganisationRolesStore, organisationIds: Map<string, number>): Promise<void> {
  for (const organisation of SEED_ORGANISATIONS) {
    if (organisation.kind === 'OPERATOR') continue;
    const held = SEED_USERS.filter((user) => user.ukprn === organisation.ukprn).flatMap((user) => user.roles);
    const roles = rolesOfKind(organisation.kind).filter((role) => role === ALWAYS_GRANTED || held.includes(role));
    await store.replace(organisationIds.get(organisation.ukprn) as number, roles);
  }
}

async function seedQualifications(manager: EntityManager, organisationIds: Map<string, number>): Promise<void> {
  await upsertQualifications(manager, SEED_QUALIFICATIONS);
  const rows: { id: number; reference: string }[] = await manager.query(
    `SELECT id, reference FROM qualifications WHERE reference IN (${SEED_QUALIFICATIONS.map(() => '?').join(', ')})`,
    SEED_QUALIFICATIONS.map((q) => q.reference),
  );
  const idOf = new Map(rows.map((r) => [r.reference, r.id]));
  const ids = [...idOf.values()];
  const placeholders = ids.map(() => '?').join(', ');
  await manager.query(`DELETE FROM qualification_shares WHERE qualification_id IN (${placeholders})`, ids);
  await manager.query(`DELETE FROM qualification_units WHERE qualification_id IN (${placeholders})`, ids);
  for (const [reference, ukprn] of SEED_SHARES) {
    await manager.query('INSERT INTO qualification_shares (qualification_id, organisation_id) VALUES (?, ?)', [
      idOf.get(reference),
      organisationIds.get(ukprn),
    ]);
  }
  for (const [qualification, unit] of SEED_QUALIFICATION_UNITS) {
    await manager.query('INSERT INTO qualification_units (qualification_id, unit_id) VALUES (?, ?)', [
      idOf.get(qualification),
      idOf.get(unit),
    ]);
  }
}
