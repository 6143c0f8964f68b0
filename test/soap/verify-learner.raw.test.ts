import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { VERIFICATION_SCENARIOS } from '../../src/compatibility/known-learners';
import { eachDatabase } from '../support/databases';
import { type RunningGateway, startGateway } from '../support/running-gateway';
import {
  allTexts,
  aoVerifyLearner,
  envelope,
  firstText,
  lrsVerifyLearner,
  passwordDigestHeader,
  passwordTextHeader,
  postSoap,
} from '../support/soap-messages';

describe.each(eachDatabase())('VerifyLearner over raw SOAP on %s', (_name, database) => {
  let running: RunningGateway;
  beforeAll(async () => {
    running = await startGateway({ database });
  });
  afterAll(() => running.stop());

  test.each(VERIFICATION_SCENARIOS.map((s) => [s.what, s] as const))('AO gateway: %s', async (_what, scenario) => {
    const reply = await postSoap(
      `${running.baseUrl}/soap/ao`,
      envelope(aoVerifyLearner(scenario), passwordTextHeader('victor.vance')),
    );
    expect(reply.status).toBe(200);
    expect(firstText(reply.body, 'ResponseCode')).toBe(scenario.responseCode);
    expect(allTexts(reply.body, 'FailureFlag')).toEqual(scenario.failureFlags);
  });

  test.each(VERIFICATION_SCENARIOS.map((s) => [s.what, s] as const))('LRS LearnerService: %s', async (_what, scenario) => {
    const reply = await postSoap(`${running.baseUrl}/LearnerService.svc`, envelope(lrsVerifyLearner(scenario)), {
      SOAPAction: '"http://tempuri.org/LearnerPortType/verifyLearner"',
    });
    expect(reply.status).toBe(200);
    expect(firstText(reply.body, 'ResponseCode')).toBe(scenario.responseCode);
    expect(allTexts(reply.body, 'FailureFlag')).toEqual(scenario.failureFlags);
  });

  test('a linked ULN returns the master learner details', async () => {
    const reply = await postSoap(
      `${running.baseUrl}/soap/ao`,
      envelope(
        aoVerifyLearner({ uln: '4444599390', givenName: 'Sample', familyName: 'Test' }),
        passwordTextHeader('victor.vance'),
      ),
    );
    expect(firstText(reply.body, 'ULN')).toBe('6936002314');
    expect(firstText(reply.body, 'GivenName')).toBe('Testing-Sample');
  });

  test('PasswordDigest authenticates, and the same nonce is refused the second time', async () => {
    const header = passwordDigestHeader('victor.vance');
    const body = envelope(aoVerifyLearner({ uln: '1026893096', givenName: 'Sample', familyName: 'Testname' }), header);
    const first = await postSoap(`${running.baseUrl}/soap/ao`, body);
    expect(firstText(first.body, 'ResponseCode')).toBe('WSVRC001');
    const replay = await postSoap(`${running.baseUrl}/soap/ao`, body);
    expect(replay.status).toBe(500);
    expect(firstText(replay.body, 'Code')).toBe('AUTH_NONCE_REPLAYED');
  });

  test('HTTP Basic authenticates on the AO gateway', async () => {
    const reply = await postSoap(
      `${running.baseUrl}/soap/ao`,
      envelope(aoVerifyLearner({ uln: '1026893096', givenName: 'Sample', familyName: 'Testname' })),
      { Authorization: `Basic ${Buffer.from('victor.vance:Compat-Test-2026').toString('base64')}` },
    );
    expect(firstText(reply.body, 'ResponseCode')).toBe('WSVRC001');
  });

  test.each([
    ['gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ] as const)('a request compressed with %s is accepted', async (encoding, compress) => {
    const body = envelope(
      aoVerifyLearner({ uln: '1026893096', givenName: 'Sample', familyName: 'Testname' }),
      passwordTextHeader('victor.vance'),
    );
    const response = await fetch(`${running.baseUrl}/soap/ao`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/xml; charset=utf-8', 'Content-Encoding': encoding },
      body: compress(Buffer.from(body)),
    });
    expect(firstText(await response.text(), 'ResponseCode')).toBe('WSVRC001');
  });
});
