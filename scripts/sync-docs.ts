// Writes what the code defines into the documents that repeat it (npm run docs:sync): each part of
// GENERATED_PARTS in scripts/docs-tables.ts (the error codes into the AO gateway XSD and
// docs/error-codes.md; the test credentials, the verification scenarios and the contents line into
// the README; the roles into docs/users.md). Each sits between <!-- name:begin --> and
// <!-- name:end --> markers; test/unit/docs-in-step.test.ts fails when one is stale.
import fs from 'node:fs';
import path from 'node:path';
import { GENERATED_PARTS } from './docs-tables';

const root = path.join(__dirname, '..');

function replaceBetweenMarkers(file: string, name: string, body: (current: string) => string): void {
  const full = path.join(root, file);
  const text = fs.readFileSync(full, 'utf8');
  const pattern = new RegExp(`(<!-- ${name}:begin[^>]*-->)[\\s\\S]*?\\n([ \\t]*)(<!-- ${name}:end -->)`);
  if (!pattern.test(text)) throw new Error(`${file} has no ${name} markers`);
  fs.writeFileSync(
    full,
    text.replace(pattern, (_m, begin: string, indent: string, end: string) => `${begin}\n${body(text)}\n${indent}${end}`),
  );
}

for (const part of GENERATED_PARTS) replaceBetweenMarkers(part.file, part.name, part.body);
process.stdout.write(`${[...new Set(GENERATED_PARTS.map((part) => part.file))].join(', ')}: in step with the code\n`);
