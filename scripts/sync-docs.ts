// Writes what the code defines into the documents that repeat it (npm run docs:sync): the error
// codes into the AO gateway XSD's ErrorCode enumeration and the README's table, and the
// verification scenarios and the red-team catalogue into the README. Each sits between
// <!-- name:begin --> and <!-- name:end --> markers; test/unit/docs-in-step.test.ts (and, for the
// catalogue, test/red-team/catalogue.test.ts) fails when one is stale.
import fs from 'node:fs';
import path from 'node:path';
import { contentsLine, errorCodeEnumeration, errorCodeTable, scenarioTable } from './docs-tables';
import { catalogueTable } from './red-team-catalogue';

const root = path.join(__dirname, '..');

function replaceBetweenMarkers(file: string, name: string, body: string): void {
  const full = path.join(root, file);
  const text = fs.readFileSync(full, 'utf8');
  const pattern = new RegExp(`(<!-- ${name}:begin[^>]*-->)[\\s\\S]*?\\n([ \\t]*)(<!-- ${name}:end -->)`);
  if (!pattern.test(text)) throw new Error(`${file} has no ${name} markers`);
  fs.writeFileSync(
    full,
    text.replace(pattern, (_m, begin: string, indent: string, end: string) => `${begin}\n${body}\n${indent}${end}`),
  );
}

replaceBetweenMarkers('wsdl/xsd/ao/ao-gateway.xsd', 'error-codes', errorCodeEnumeration());
replaceBetweenMarkers('README.md', 'error-codes', errorCodeTable());
replaceBetweenMarkers('README.md', 'scenarios', scenarioTable());
replaceBetweenMarkers('README.md', 'red-team-catalogue', catalogueTable());
replaceBetweenMarkers('README.md', 'contents', contentsLine(fs.readFileSync(path.join(root, 'README.md'), 'utf8')));
process.stdout.write('README and XSD brought in step with the code\n');
