import type { DataSource } from 'typeorm';
import { VERIFICATION_SCENARIOS } from '../../src/compatibility/known-learners';
import { LearnerRegister } from '../../src/learners/learner-register';
import { ReferenceData } from '../../src/learners/reference-data';
import { ChangeCounters } from '../../src/platform/cache/change-counters';
import { VerificationService } from '../../src/learners/verification.service';
import { AuditTrail } from '../../src/platform/audit/audit-trail';
import { systemClock } from '../../src/platform/clock';
import { Database } from '../../src/platform/database';
import { eachDatabase } from '../support/databases';
import { seedTestData } from '../support/seeded';

describe.each(eachDatabase())('the verification service on %s', (_name, database) => {
  let dataSource: DataSource;
  let audit: AuditTrail;
  let service: VerificationService;
  const auditErrors: unknown[] = [];
  const context = {
    principal: {
      userId: 3,
      username: 'victor.vance',
      organisationId: 2,
      organisationUkprn: '10099901',
      organisationKind: 'AO',
      roles: ['AWARDING_BODY_USER' as const],
    },
    correlationId: 'verification-service-test',
    surface: 'soap-ao' as const,
  };

  beforeAll(async () => {
    dataSource = await database.open();
    await seedTestData(dataSource);
    const db = new Database(dataSource);
    audit = new AuditTrail(db, systemClock, {
      flushMs: 5,
      onError: (error) => auditErrors.push(error),
    });
    service = new VerificationService(db, new LearnerRegister(db), new ReferenceData(db, new ChangeCounters(db)), audit);
  });
  afterAll(async () => {
    await audit.flush();
    await database.drop();
  });

  test.each(VERIFICATION_SCENARIOS.map((s) => [s.what, s] as const))('%s', async (_what, scenario) => {
    const outcome = await service.verifyLearner(scenario, context);
    expect(outcome.responseCode).toBe(scenario.responseCode);
    expect(outcome.failureFlags).toEqual(scenario.failureFlags);
  });

  test('a ULN with a wrong check digit is refused before any lookup', async () => {
    await expect(service.verifyLearner({ uln: '9999999999', givenName: 'A', familyName: 'B' }, context)).rejects.toMatchObject({
      code: 'ULN_INVALID',
    });
  });

  test('every verification is audited: who, organisation, operation, outcome and ULN, never the names', async () => {
    await service.verifyLearner(
      { uln: '2000000087', givenName: 'Jim', familyName: 'Smith', dateOfBirth: '2001-02-03' },
      { ...context, correlationId: 'audit-check' },
    );
    await audit.flush();
    const rows = await dataSource.query("SELECT * FROM audit_entries WHERE correlation_id = 'audit-check'");
    expect(auditErrors).toEqual([]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      operation: 'VerifyLearner',
      outcome: 'WSVRC003',
      username: 'victor.vance',
      organisation_id: 2,
    });
    const stored = JSON.stringify(rows[0]);
    for (const demographic of ['Jim', 'Smith', '2001-02-03']) expect(stored).not.toContain(demographic);
  });

  test('a linked chain is followed to its master', async () => {
    await dataSource.query("UPDATE learners SET master_uln = '4444599390' WHERE uln = '2000000508'");
    const outcome = await service.verifyLearner({ uln: '2000000508', givenName: 'Alex', familyName: 'Taylor' }, context);
    expect(outcome.responseCode).toBe('WSVRC002');
    expect(outcome.learner?.uln).toBe('6936002314');
  });
});
