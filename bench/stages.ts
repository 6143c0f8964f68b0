// Times the parts of one VerifyLearner request in isolation, in the bench process, on each SOAP
// surface: the front door's XML work, authentication with a remembered credential, the rate limits,
// the operation itself and its response envelope. Each part is filed under the stage of the front
// door it belongs to, as the server's own stage histogram names them (bench/stage-metrics.ts), so
// the two can be read side by side. Isolated parts run hot in the CPU caches, so inside a real
// request each costs more; the gap between the two columns is the cost of being in a server.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createGateway } from '../src/app';
import { loadConfig, xmlLimitsOf } from '../src/config';
import { verifyLearnerOperation } from '../src/learners/verification.soap';
import { lrsVerifyLearnerOperation } from '../src/learners/verification.lrs';
import type { Principal } from '../src/platform/auth/accounts';
import type { Surface } from '../src/platform/call-context';
import { RateLimits } from '../src/platform/http/rate-limits';
import { createLogger } from '../src/platform/logger';
import { projectPath } from '../src/platform/paths';
import { type LibXml, loadLibXml } from '../src/platform/xml/libxml';
import { elementToValue, type XmlObject } from '../src/platform/xml/xml-object';
import { prescanXml } from '../src/platform/xml/xml-prescan';
import { parseXml, XmlSchema } from '../src/platform/xml/xml-schema';
import { readEnvelope, WSSE_NS } from '../src/soap/envelope';
import type { SoapOperation } from '../src/soap/soap-call';
import { ResponseEnvelope } from '../src/soap/response-envelope';
import { readUsernameToken } from '../src/soap/wsse';

/** The stages of the front door, in the order a request goes through them. */
export const STAGES = ['read', 'parse', 'validate', 'authenticate', 'handle', 'write', 'send'] as const;

/** Work of every request that falls in none of the front door's stages. */
export const AROUND_THE_STAGES = 'around the stages';

export interface StagePart {
  stage: string;
  part: string;
  micros: number;
}

export type FrontDoorSurface = Extract<Surface, 'soap-ao' | 'soap-lrs'>;

const MAX_ITERATIONS = 20_000;
/** Each part is timed for at most this long: a part that reads MariaDB takes a few hundred µs. */
const MAX_NANOSECONDS = 1_000_000_000n;

async function time(work: () => unknown): Promise<number> {
  for (let i = 0; i < 500; i++) await work();
  const started = process.hrtime.bigint();
  let iterations = 0;
  let now = started;
  while (iterations < MAX_ITERATIONS && now - started < MAX_NANOSECONDS) {
    for (let i = 0; i < 50; i++) await work();
    iterations += 50;
    now = process.hrtime.bigint();
  }
  return Number(now - started) / 1000 / iterations;
}

/** One surface's request and what the front door does with it. */
interface SurfaceUnderTest {
  request: string;
  schemaFile: string;
  wsdlFile: string;
  understoodHeaders: ReadonlySet<string>;
  operation: SoapOperation;
  authenticate(): Promise<Principal>;
}

/** `databaseUrl`: the database the parts read (a scratch SQLite file when undefined). */
export async function measureStages(
  requests: Record<FrontDoorSurface, string>,
  databaseUrl?: string,
): Promise<Record<FrontDoorSurface, StagePart[]>> {
  const lib = await loadLibXml();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lrs-stages-'));
  const config = loadConfig({
    DATABASE_URL: databaseUrl ?? `sqlite:${path.join(dir, 'stages.sqlite')}`,
    SYNTHETIC_LEARNERS: '5000',
    LOG_LEVEL: 'error',
    AUDIT_FLUSH_MS: '20',
  });
  const gateway = await createGateway(config, { logger: createLogger('error', true) });
  const rateLimits = RateLimits.create(
    loadConfig({
      DATABASE_URL: config.databaseUrl,
      RATE_LIMIT_SOAP_PER_ADDRESS: '100000000',
      RATE_LIMIT_SOAP_PER_ORGANISATION: '100000000',
    }),
    gateway.db,
    gateway.metrics,
    createLogger('error', true),
  );
  const credential = { kind: 'password' as const, password: 'Compat-Test-2026' };
  const surfaces: Record<FrontDoorSurface, SurfaceUnderTest> = {
    'soap-ao': {
      request: requests['soap-ao'],
      schemaFile: 'wsdl/xsd/ao/ao-gateway.xsd',
      wsdlFile: 'wsdl/ao-gateway.wsdl',
      understoodHeaders: new Set([`{${WSSE_NS}}Security`]),
      operation: verifyLearnerOperation(gateway.verification),
      authenticate: () => gateway.authenticator.authenticateUser('victor.vance', credential),
    },
    'soap-lrs': {
      request: requests['soap-lrs'],
      schemaFile: 'wsdl/envelope-learner-service.xsd',
      wsdlFile: 'wsdl/learner-service.wsdl',
      understoodHeaders: new Set(),
      operation: lrsVerifyLearnerOperation(gateway.verification),
      authenticate: () =>
        gateway.authenticator.authenticateOrganisationUser({
          ukprn: '10099901',
          orgPassword: 'AO1WebService#01',
          userName: 'victor.vance',
          address: '127.0.0.1',
        }),
    },
  };
  try {
    const principal = await surfaces['soap-ao'].authenticate();
    const shared: StagePart[] = [
      {
        stage: 'authenticate',
        part: 'rate limits: per address and per organisation',
        micros: await time(async () => {
          await rateLimits.check('soap', 'address', '127.0.0.1');
          await rateLimits.check('soap', 'organisation', principal.organisationId);
        }),
      },
      {
        stage: AROUND_THE_STAGES,
        part: 'metrics: count and time one request',
        micros: await time(() => {
          gateway.metrics.requests.inc({ surface: 'soap-ao', operation: 'VerifyLearner', outcome: 'OK' });
          gateway.metrics.requestDuration.observe({ surface: 'soap-ao', operation: 'VerifyLearner' }, 0.004);
        }),
      },
    ];
    const parts = async (surface: FrontDoorSurface) => [
      ...(await surfaceParts(lib, xmlLimitsOf(config), surface, surfaces[surface])),
      ...shared,
    ];
    return { 'soap-ao': await parts('soap-ao'), 'soap-lrs': await parts('soap-lrs') };
  } finally {
    rateLimits.close();
    await gateway.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function surfaceParts(
  lib: LibXml,
  limits: ReturnType<typeof xmlLimitsOf>,
  surface: FrontDoorSurface,
  s: SurfaceUnderTest,
): Promise<StagePart[]> {
  const schema = XmlSchema.load(lib, projectPath(s.schemaFile));
  const responseEnvelope = new ResponseEnvelope(fs.readFileSync(projectPath(s.wsdlFile), 'utf8'));
  const kept = parseXml(lib, s.request);
  const { header, payload } = readEnvelope(lib, kept, s.understoodHeaders);
  const principal = await s.authenticate();
  const call = {
    correlationId: 'bench',
    surface,
    httpMethod: 'POST',
    operation: s.operation,
    payload: elementToValue(lib, payload) as XmlObject,
    principal,
  };
  const run = async () => s.operation.write(await s.operation.handle(s.operation.read(call.payload), call));
  const answer = await run();
  try {
    return [
      { stage: 'parse', part: 'pre-scan (limits, DOCTYPE)', micros: await time(() => prescanXml(s.request, limits)) },
      {
        stage: 'parse',
        part: 'libxml2 parse + SOAP envelope',
        micros: await time(() => {
          const doc = parseXml(lib, s.request);
          readEnvelope(lib, doc, s.understoodHeaders);
          doc.dispose();
        }),
      },
      { stage: 'validate', part: 'XSD validation of the payload', micros: await time(() => schema.validate(payload)) },
      {
        stage: 'validate',
        part: 'payload and UsernameToken to plain data',
        micros: await time(() => {
          elementToValue(lib, payload);
          readUsernameToken(lib, header);
        }),
      },
      { stage: 'authenticate', part: 'authentication, credential remembered', micros: await time(s.authenticate) },
      {
        stage: 'handle',
        part: 'the operation: its typed request, verification (one read, rules, audit buffered) and its answer',
        micros: await time(run),
      },
      { stage: 'write', part: 'the response envelope', micros: await time(() => responseEnvelope.wrap(answer)) },
    ];
  } finally {
    kept.dispose();
  }
}
