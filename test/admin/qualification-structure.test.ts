import type { CallContext } from '../../src/platform/call-context';
import { admin } from '../support/admin-client';
import { eachDatabase } from '../support/databases';
import { type RunningGateway, startGateway } from '../support/running-gateway';
import { principalOf } from '../support/seeded';
import { codeOf } from './users-helpers';

const OLGA = { user: 'olga.ortiz' };
const JAMES = { uln: '2000000087', givenName: 'James', familyName: 'Smith' };
const UNIT = {
  title: 'Safeguarding young people',
  creditValue: 5,
  level: 'Level 3',
  ownerRecognitionNumber: 'RN9002',
  grades: ['Pass'],
};

describe.each(eachDatabase())(
  'the operator keeps units, their qualifications and shares (guide 5.1), on %s',
  (_name, database) => {
    let running: RunningGateway;
    let nadia: CallContext;
    let quentin: CallContext;
    beforeAll(async () => {
      running = await startGateway({ database });
      const context = async (username: string): Promise<CallContext> => ({
        principal: await principalOf(running.gateway.dataSource, username),
        correlationId: 'register',
        surface: 'soap-ao',
      });
      nadia = await context('nadia.novak');
      quentin = await context('quentin.quinn');
    });
    afterAll(() => running.stop());

    const put = (path: string, body: unknown, user = OLGA.user) => admin(running.baseUrl, 'PUT', path, { user, body });

    test('a unit made by the operator is awarded by its owner, counted towards its qualification, and by a sharing AO', async () => {
      const unit = await put('/units/M%2F615%2F0001', UNIT);
      expect(unit.status).toBe(200);
      expect(unit.body).toMatchObject({
        reference: 'M6150001',
        kind: 'UNIT',
        creditValue: 5,
        level: 'Level 3',
        ownerRecognitionNumber: 'RN9002',
        ownerName: 'Compat Awarding Body Two',
        operationalStartDate: '2006-09-01',
        source: 'OPERATOR',
        units: [],
        sharedWith: [],
      });
      const composed = await put('/qualifications/60170700/units', { units: ['A/601/7001', 'D6017002', 'M6150001'] });
      expect(composed.body).toMatchObject({ units: ['A6017001', 'D6017002', 'M6150001'] });

      await running.gateway.achievements.create(
        { learner: JAMES, aimReference: 'M/615/0001', awardDate: '2025-01-10', grade: 'Pass' },
        nadia,
      );
      const check = await running.gateway.achievements.creditCheck({ ...JAMES, qualificationReference: '601/7070/0' }, nadia);
      expect(check.units.map((u) => u.aimReference)).toContain('M6150001');
      expect(check.totalCredits).toBeGreaterThanOrEqual(5);

      const refused = running.gateway.achievements.create(
        { learner: JAMES, aimReference: 'M6150001', awardDate: '2025-01-11', grade: 'Pass' },
        quentin,
      );
      await expect(refused).rejects.toMatchObject({ code: 'QUALIFICATION_NOT_AVAILABLE' });
      const shared = await put('/qualifications/M6150001/shares', { ukprns: ['10099901'] });
      expect(shared.body).toMatchObject({ sharedWith: ['10099901'] });
      await running.gateway.achievements.create(
        { learner: JAMES, aimReference: 'M6150001', awardDate: '2025-01-11', grade: 'Pass' },
        quentin,
      );
      const unshared = await put('/qualifications/M6150001/shares', { ukprns: [] });
      expect(unshared.body).toMatchObject({ sharedWith: [] });

      const changed = await put('/units/M6150001', { ...UNIT, creditValue: 6, grades: ['Pass', 'Fail'] });
      expect(changed.body).toMatchObject({ creditValue: 6, grades: ['Pass', 'Fail'], units: [] });
      const audited = await running.gateway.dataSource.query(
        "SELECT operation, subject FROM audit_entries WHERE operation IN ('SetUnit', 'SetQualificationUnits', 'SetQualificationShares') ORDER BY id",
      );
      expect(audited.map((a: { operation: string }) => a.operation)).toEqual([
        'SetUnit',
        'SetQualificationUnits',
        'SetQualificationShares',
        'SetQualificationShares',
        'SetUnit',
      ]);
    });

    test.each([
      ['a unit with a qualification number', '/units/60312348', UNIT, 400, 'AIM_REFERENCE_INVALID'],
      [
        'a unit owned by no awarding organisation',
        '/units/M6150002',
        { ...UNIT, ownerRecognitionNumber: 'RN1' },
        404,
        'ORGANISATION_NOT_FOUND',
      ],
      ['a unit without a credit value', '/units/M6150002', { ...UNIT, creditValue: undefined }, 400, 'REQUEST_INVALID'],
      [
        'a qualification of a unit not on the register',
        '/qualifications/60170700/units',
        { units: ['Y9999999'] },
        404,
        'QUALIFICATION_UNKNOWN',
      ],
      [
        'a qualification of a qualification',
        '/qualifications/60170700/units',
        { units: ['60312348'] },
        404,
        'QUALIFICATION_UNKNOWN',
      ],
      ['units of a unit', '/qualifications/A6017001/units', { units: ['D6017002'] }, 400, 'AIM_REFERENCE_INVALID'],
      ['a share with a school', '/qualifications/60312348/shares', { ukprns: ['10099903'] }, 404, 'ORGANISATION_NOT_FOUND'],
      ['a share of an unknown qualification', '/qualifications/69999999/shares', { ukprns: [] }, 404, 'QUALIFICATION_UNKNOWN'],
    ])('%s is refused, changing nothing', async (_what, path, body, status, code) => {
      const before = await running.gateway.dataSource.query(
        'SELECT (SELECT COUNT(*) FROM qualifications) AS q, (SELECT COUNT(*) FROM qualification_units) AS u, (SELECT COUNT(*) FROM qualification_shares) AS s',
      );
      const reply = await put(path, body);
      expect([reply.status, codeOf(reply)]).toEqual([status, code]);
      const after = await running.gateway.dataSource.query(
        'SELECT (SELECT COUNT(*) FROM qualifications) AS q, (SELECT COUNT(*) FROM qualification_units) AS u, (SELECT COUNT(*) FROM qualification_shares) AS s',
      );
      expect(after).toEqual(before);
    });

    test('only an operator keeps the register', async () => {
      const reply = await put('/units/M6150003', UNIT, 'alice.archer');
      expect([reply.status, codeOf(reply)]).toEqual([403, 'ROLE_REQUIRED']);
    });
  },
);
