// Splits one VerifyLearner request into the stages of the front door and node-soap's own
// parse, timing each over many iterations: the answer to "how much of the time is node-soap's".
import fs from 'node:fs';
import { WSDL } from 'soap';
import { loadLibXml } from '../src/platform/xml/libxml';
import { elementToValue } from '../src/platform/xml/xml-object';
import { prescanXml } from '../src/platform/xml/xml-prescan';
import { parseXml, XmlSchema } from '../src/platform/xml/xml-schema';
import { projectPath } from '../src/platform/paths';
import { readEnvelope } from '../src/soap/envelope';

const ITERATIONS = 20_000;

function time(work: () => void): number {
  for (let i = 0; i < 1000; i++) work();
  const started = process.hrtime.bigint();
  for (let i = 0; i < ITERATIONS; i++) work();
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
  return {
    'pre-scan (limits, DOCTYPE)': time(() => prescanXml(request, limits)),
    'libxml2 parse + envelope + XSD validation + to object': time(() => {
      const doc = parseXml(lib, request);
      const { payload } = readEnvelope(lib, doc, new Set());
      schema.validate(payload);
      elementToValue(lib, payload);
      doc.dispose();
    }),
    "node-soap's own parse of the same request (xmlToObject)": time(() => wsdl.xmlToObject(request)),
  };
}
