import { type RunningGateway, startGateway } from '../support/running-gateway';
import { getLearnerLearningEvents, SCHOOL } from '../support/r9-messages';
import { aoVerifyLearner, envelope, firstText, lrsVerifyLearner, passwordTextHeader } from '../support/soap-messages';

const LEARNER = { uln: '1026893096', givenName: 'Sample', familyName: 'Testname' };
const EXTERNAL_GET_JOB =
  '<ser:GetAchievementBatchJob xmlns:ser="http://api.lrs.qcf.gov.uk/services" xmlns:mod="http://api.lrs.qcf.gov.uk/model">' +
  '<ser:invokingUser><mod:OrgPassword>WrongWebService9</mod:OrgPassword><mod:OrganisationRef>AOB001</mod:OrganisationRef>' +
  '<mod:UserName>rita.reeves</mod:UserName></ser:invokingUser><ser:jobId>1</ser:jobId></ser:GetAchievementBatchJob>';

interface Surface {
  path: string;
  /** A well-formed call that is refused after authentication fails. */
  refusedCall: string;
  /** The correlation id as the surface's fault carries it. */
  idInFault(body: string): string | undefined;
}

const trailingId = (text: string | undefined) => /\[correlation id ([^\]]+)\]$/.exec(text ?? '')?.[1];

const SURFACES: Record<string, Surface> = {
  'AO gateway': {
    path: '/soap/ao',
    refusedCall: envelope(aoVerifyLearner(LEARNER), passwordTextHeader('victor.vance', 'Wrong-Password-1')),
    idInFault: (body) => firstText(body, 'CorrelationId'),
  },
  LearnerService: {
    path: '/LearnerService.svc',
    refusedCall: envelope(lrsVerifyLearner(LEARNER, { orgPassword: 'WrongWebService9' })),
    idInFault: (body) => trailingId(firstText(body, 'FurtherDetails')),
  },
  ExternalService: {
    path: '/ExternalService.svc',
    refusedCall: envelope(EXTERNAL_GET_JOB),
    idInFault: (body) => trailingId(Buffer.from(firstText(body, 'ErrorDetail') ?? '', 'base64').toString('utf8')),
  },
  LearnerServiceR9: {
    path: '/LearnerServiceR9.svc',
    refusedCall: envelope(getLearnerLearningEvents(LEARNER, { ...SCHOOL, password: 'WrongWebService9' })),
    idInFault: (body) => trailingId(Buffer.from(firstText(body, 'ErrorDetail') ?? '', 'base64').toString('utf8')),
  },
};

const REFUSALS: [string, (s: Surface) => RequestInit][] = [
  ['wrong credentials', (s) => ({ method: 'POST', body: s.refusedCall })],
  ['a body that is not XML', () => ({ method: 'POST', body: 'not xml at all' })],
  ['an empty body', () => ({ method: 'POST', body: '' })],
  ['a document type declaration', () => ({ method: 'POST', body: '<!DOCTYPE x [<!ENTITY e "e">]><x>&e;</x>' })],
  ['an operation the service does not have', () => ({ method: 'POST', body: envelope('<x:Nothing xmlns:x="urn:x"/>') })],
  ['a GET that asks for no contract document', () => ({ method: 'GET' })],
  ['a PUT', () => ({ method: 'PUT', body: 'x' })],
  ['an unsupported Content-Encoding', () => ({ method: 'POST', body: 'x', headers: { 'Content-Encoding': 'compress' } })],
];

describe('the correlation id of a refused request', () => {
  let running: RunningGateway;
  beforeAll(async () => {
    running = await startGateway();
  });
  afterAll(() => running.stop());

  let n = 0;
  const send = (path: string, init: RequestInit) => {
    const id = `corr-test-${++n}-abcdef`;
    const headers = {
      'Content-Type': 'text/xml; charset=utf-8',
      ...(init.headers as Record<string, string>),
      'X-Correlation-Id': id,
    };
    return fetch(`${running.baseUrl}${path}`, { ...init, headers }).then(async (response) => ({
      id,
      status: response.status,
      header: response.headers.get('x-correlation-id'),
      body: await response.text(),
    }));
  };

  describe.each(Object.entries(SURFACES))('on the %s', (_name, surface) => {
    test.each(REFUSALS)('is in the fault of %s, and in the header', async (_what, request) => {
      const reply = await send(surface.path, request(surface));
      expect(reply.status).toBe(500);
      expect(reply.header).toBe(reply.id);
      expect(surface.idInFault(reply.body)).toBe(reply.id);
    });
  });

  test.each([
    ['no credentials', '/admin/self', {}],
    [
      'a wrong password',
      '/admin/self',
      { headers: { Authorization: `Basic ${Buffer.from('olga.ortiz:nope').toString('base64')}` } },
    ],
    ['a path that does not exist', '/admin/nothing-here', {}],
    ['a path outside every surface', '/nowhere', {}],
  ])('is in the JSON error of %s', async (_what, path, init) => {
    const reply = await send(path, init as RequestInit);
    expect(reply.status).toBeGreaterThanOrEqual(400);
    expect(reply.header).toBe(reply.id);
    expect((JSON.parse(reply.body) as { error: { correlationId: string } }).error.correlationId).toBe(reply.id);
  });
});
