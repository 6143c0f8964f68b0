// Times the parts of one VerifyLearner request in isolation, in this process, over many
// iterations: the front door's XML work, node-soap's parse (of the caller's request, which the
// gateway no longer hands it, and of the dispatch envelope it does), authentication with a
// remembered credential, and the verification use case. Isolated parts run hot in the CPU
// caches, so inside a real request each costs more; the table shows where the time goes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WSDL } from 'soap';
import { createGateway } from '../src/app';
import { loadConfig } from '../src/config';
import { RateLimits } from '../src/platform/http/rate-limits';
import { createLogger } from '../src/platform/logger';
import { projectPath } from '../src/platform/paths';
import { loadLibXml } from '../src/platform/xml/libxml';
import { elementToValue } from '../src/platform/xml/xml-object';
import { prescanXml } from '../src/platform/xml/xml-prescan';
import { parseXml, XmlSchema } from '../src/platform/xml/xml-schema';
import { readEnvelope } from '../src/soap/envelope';

const ITERATIONS = 20_000;

async function time(work: () => unknown): Promise<number> {
  for (let i = 0; i < 1000; i++) await work();
  const started = process.hrtime.bigint();
  for (let i = 0; i < ITERATIONS; i++) await work();
  return Number(process.hrtime.bigint() - started) / 1000 / ITERATIONS;
}

export async function measureStages(request: string): Promise<Record<string, number>> {
  const lib = await loadLibXml();
  const schema = XmlSchema.load(lib, projectPath('wsdl', 'xsd', 'ao', 'ao-gateway.xsd'));
  const limits = { maxDepth: 32, maxNameLength: 128, maxAttributes: 32 };
  const wsdl = new WSDL(
    fs.readFileSync(projectPath('wsdl', 'ao-gateway.wsdl'), 'utf8'),
    projectPath('wsdl', 'ao-gateway.wsdl'),
    {},
  );
  await new Promise<void>((resolve, reject) => wsdl.onReady((error?: Error) => (error ? reject(error) : resolve())));
  const dispatchEnvelope =
    '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><op:VerifyLearner xmlns:op="urn:lrs-gateway:ao:1"/></soap:Body></soap:Envelope>';

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lrs-stages-'));
  const gateway = await createGateway(
    loadConfig({
      DATABASE_URL: `sqlite:${path.join(dir, 'stages.sqlite')}`,
      SYNTHETIC_LEARNERS: '5000',
      LOG_LEVEL: 'error',
      AUDIT_FLUSH_MS: '20',
    }),
    { logger: createLogger('error', true) },
  );
  const rateLimits = RateLimits.create(
    loadConfig({ RATE_LIMIT_SOAP_PER_ADDRESS: '100000000', RATE_LIMIT_SOAP_PER_ORGANISATION: '100000000' }),
    gateway.dataSource,
    gateway.metrics,
    createLogger('error', true),
  );
  const credential = { kind: 'password' as const, password: 'Compat-Test-2026' };
  const principal = await gateway.authenticator.authenticateUser('victor.vance', credential);
  const context = { principal, correlationId: 'bench', surface: 'soap-ao' as const };
  const learner = {
    uln: '1026893096',
    givenName: 'Sample',
    familyName: 'Testname',
    dateOfBirth: '1976-08-16',
    gender: 2 as const,
  };
  try {
    return {
      'pre-scan (limits, DOCTYPE)': await time(() => prescanXml(request, limits)),
      'libxml2 parse + envelope + XSD validation + to object': await time(() => {
        const doc = parseXml(lib, request);
        const { payload } = readEnvelope(lib, doc, new Set());
        schema.validate(payload);
        elementToValue(lib, payload);
        doc.dispose();
      }),
      "node-soap's parse of the caller's request (avoided)": await time(() => wsdl.xmlToObject(request)),
      "node-soap's parse of the dispatch envelope": await time(() => wsdl.xmlToObject(dispatchEnvelope)),
      'authentication, credential remembered (one SQLite read)': await time(() =>
        gateway.authenticator.authenticateUser('victor.vance', credential),
      ),
      'verification use case (one SQLite read, rules, audit buffered)': await time(() =>
        gateway.verification.verifyLearner(learner, context),
      ),
      'rate limits: per address and per organisation, in memory (SQLite)': await time(async () => {
        await rateLimits.check('soap', 'address', '127.0.0.1');
        await rateLimits.check('soap', 'organisation', principal.organisationId);
      }),
      'metrics: count and time one request': await time(() => {
        gateway.metrics.requests.inc({ surface: 'soap-ao', operation: 'VerifyLearner', outcome: 'OK' });
        gateway.metrics.requestDuration.observe({ surface: 'soap-ao', operation: 'VerifyLearner' }, 0.004);
      }),
    };
  } finally {
    rateLimits.close();
    await gateway.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
