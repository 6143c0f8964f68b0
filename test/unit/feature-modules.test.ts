import type { AdminRoute } from '../../src/admin/admin-route';
import { type FeatureModule, Modules } from '../../src/feature-module';
import type { VerificationRequest } from '../../src/learners/verification.rules';
import type { VerificationService } from '../../src/learners/verification.service';
import { verifyLearnerOperation } from '../../src/learners/verification.soap';
import { AO_NS, aoOperation } from '../../src/soap/ao-gateway';
import type { AuthorisedCall, SoapOperation } from '../../src/soap/soap-call';

const named = (name: string): SoapOperation =>
  aoOperation(name, ['QCF_USER'], { read: () => name, handle: async () => name, write: () => `<${name}/>` });
const route = (path: string) => ({ path }) as AdminRoute;

describe('modules composed', () => {
  test("each SOAP service offers the operations every module declares on it, in the modules' order", () => {
    const modules = new Modules([
      { name: 'a', operations: { 'ao-gateway': [named('A1'), named('A2')], 'lrs-learner-service': [named('A3')] } },
      { name: 'b' },
      { name: 'c', operations: { 'ao-gateway': [named('C1')], 'lrs-external-service': [named('C2')] } },
    ]);
    const names = (service: Parameters<Modules['operationsOn']>[0]) => modules.operationsOn(service).map((op) => op.name);
    expect(names('ao-gateway')).toEqual(['A1', 'A2', 'C1']);
    expect(names('lrs-learner-service')).toEqual(['A3']);
    expect(names('lrs-external-service')).toEqual(['C2']);
  });

  test("the admin API serves every module's routes, in the modules' order", () => {
    const modules = new Modules([
      { name: 'a', adminRoutes: [route('/a')] },
      { name: 'b' },
      { name: 'c', adminRoutes: [route('/c1'), route('/c2')] },
    ]);
    expect(modules.adminRoutes().map((r) => r.path)).toEqual(['/a', '/c1', '/c2']);
  });

  test('start in order and stop in reverse, each stop finished before the one before it begins', async () => {
    const events: string[] = [];
    const module = (name: string): FeatureModule => ({
      name,
      start: () => events.push(`start ${name}`),
      async stop() {
        events.push(`stopping ${name}`);
        await Promise.resolve();
        events.push(`stopped ${name}`);
      },
    });
    const modules = new Modules([module('mail'), { name: 'routes only' }, module('batches'), module('users')]);
    modules.start();
    await modules.stop();
    expect(events).toEqual([
      'start mail',
      'start batches',
      'start users',
      'stopping users',
      'stopped users',
      'stopping batches',
      'stopped batches',
      'stopping mail',
      'stopped mail',
    ]);
  });
});

describe('an operation: read, handle, write', () => {
  test('an AO gateway operation takes its request element and SOAPAction from its name', () => {
    expect(named('FindAchievement')).toMatchObject({
      name: 'FindAchievement',
      requestElement: `{${AO_NS}}FindAchievement`,
      soapAction: `${AO_NS}/FindAchievement`,
      roles: ['QCF_USER'],
    });
  });

  test('VerifyLearner reads the typed request, hands it to the service as the caller, and writes its answer', async () => {
    const asked: { request: VerificationRequest; surface: string; username: string }[] = [];
    const service = {
      async verifyLearner(request, context) {
        asked.push({ request, surface: context.surface, username: context.principal.username });
        return { responseCode: 'WSVRC006', failureFlags: ['VRF1'] };
      },
    } as Pick<VerificationService, 'verifyLearner'> as VerificationService;
    const operation = verifyLearnerOperation(service);
    const call = {
      correlationId: 'c-1',
      principal: { username: 'victor.vance' },
    } as AuthorisedCall;

    const request = operation.read({ ULN: '1026893096', GivenName: 'Sample', FamilyName: 'Testname', Gender: '2' });
    expect(request).toEqual({
      uln: '1026893096',
      givenName: 'Sample',
      familyName: 'Testname',
      dateOfBirth: undefined,
      gender: 2,
    });
    const answer = operation.write(await operation.handle(request, call));

    expect(asked).toEqual([{ request, surface: 'soap-ao', username: 'victor.vance' }]);
    expect(answer).toBe(
      `<ao:VerifyLearnerResponse xmlns:ao="${AO_NS}"><ao:ResponseCode>WSVRC006</ao:ResponseCode>` +
        '<ao:FailureFlag>VRF1</ao:FailureFlag></ao:VerifyLearnerResponse>',
    );
  });
});
