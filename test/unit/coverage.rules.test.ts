import { behavioursShown, catalogue, coverage } from '../../src/journal/coverage.rules';
import { VERIFICATION_SCENARIOS } from '../../src/compatibility/known-learners';

const answer = (code: string, flags: string[] = []) =>
  `<ns2:VerifyLearnerResponse><VerifiedLearner><ResponseCode>${code}</ResponseCode>${flags.map((f) => `<FailureFlag>${f}</FailureFlag>`).join('')}</VerifiedLearner></ns2:VerifyLearnerResponse>`;

describe('the coverage checklist', () => {
  test('a verify operation asks for every response code and failure flag of the scenario table, each with a learner that produces it', () => {
    const behaviours = catalogue(['verifyLearner']);
    const codes = new Set(VERIFICATION_SCENARIOS.map((s) => s.responseCode));
    const flags = new Set(VERIFICATION_SCENARIOS.flatMap((s) => s.failureFlags));
    expect(behaviours.filter((b) => b.key.startsWith('ResponseCode:')).map((b) => b.key.slice(13))).toEqual([...codes].sort());
    expect(behaviours.filter((b) => b.key.startsWith('FailureFlag:')).map((b) => b.key.slice(12))).toEqual([...flags].sort());
    for (const behaviour of behaviours) expect(behaviour.howTo.length).toBeGreaterThan(5);
  });

  test('the finds ask for every response code of their scenario table, the other LRS operations for theirs', () => {
    const codes = (operation: string) =>
      catalogue([operation])
        .filter((b) => b.key.startsWith('ResponseCode:'))
        .map((b) => b.key.slice(13));
    expect(codes('learnerByDemographics')).toEqual(['WSRC0001', 'WSRC0002', 'WSRC0003', 'WSRC0004', 'WSRC0022']);
    expect(codes('learnerByULN')).toEqual(expect.arrayContaining(['WSRC0001', 'WSRC0004', 'WSRC0022']));
    expect(codes('GetLearnerLearningEvents')).toEqual(expect.arrayContaining(['WSEC0206', 'WSEC0208']));
    expect(codes('registerSingleLearner')).toEqual(['WSRC0005', 'WSRC0021']);
  });

  test('every operation asks for a success, the common faults and the injected failures', () => {
    const keys = catalogue(['CreateAchievement']).map((b) => b.key);
    expect(keys).toEqual(
      expect.arrayContaining([
        'OK',
        'Fault:MESSAGE_INVALID',
        'Fault:AUTH_FAILED',
        'Fault:ACHIEVEMENT_EXISTS',
        'Injected:HTTP_503',
      ]),
    );
  });

  test('what an exchange shows: its outcome, and the codes and flags of a successful answer', () => {
    expect(
      behavioursShown({ id: 1, operation: 'verifyLearner', outcome: 'OK', responseBody: answer('WSVRC005', ['VRF1', 'VRF3']) }),
    ).toEqual(['OK', 'ResponseCode:WSVRC005', 'FailureFlag:VRF1', 'FailureFlag:VRF3']);
    expect(behavioursShown({ id: 2, operation: 'verifyLearner', outcome: 'AUTH_FAILED', responseBody: '<Fault/>' })).toEqual([
      'Fault:AUTH_FAILED',
    ]);
    expect(behavioursShown({ id: 3, operation: 'verifyLearner', outcome: 'INJECTED_RESET', responseBody: null })).toEqual([
      'Injected:RESET',
    ]);
  });

  test('only operations called are listed, each behaviour marked with the first exchange that showed it', () => {
    const lines = coverage([
      { id: 7, operation: 'verifyLearner', outcome: 'OK', responseBody: answer('WSVRC001') },
      { id: 9, operation: 'verifyLearner', outcome: 'OK', responseBody: answer('WSVRC001') },
      { id: 8, operation: 'verifyLearner', outcome: 'MESSAGE_INVALID', responseBody: null },
    ]);
    expect(new Set(lines.map((l) => l.operation))).toEqual(new Set(['verifyLearner']));
    const at = (key: string) => lines.find((l) => l.key === key)?.seenIn;
    expect([at('OK'), at('ResponseCode:WSVRC001'), at('Fault:MESSAGE_INVALID'), at('ResponseCode:WSVRC006')]).toEqual([
      7,
      7,
      8,
      null,
    ]);
  });
});
