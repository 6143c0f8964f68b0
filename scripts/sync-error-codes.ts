// Writes the error codes of src/platform/error-codes.ts into the ErrorCode enumeration of the
// AO gateway XSD (between the error-codes:begin/end markers). A test fails when they differ.
import fs from 'node:fs';
import path from 'node:path';
import { ERROR_CODES } from '../src/platform/error-codes';

const file = path.join(__dirname, '..', 'wsdl', 'xsd', 'ao', 'ao-gateway.xsd');
const text = fs.readFileSync(file, 'utf8');
const enumeration = Object.keys(ERROR_CODES)
  .map((code) => `      <xs:enumeration value="${code}"/>`)
  .join('\n');
const updated = text.replace(/(<!-- error-codes:begin[^>]*-->\n)[\s\S]*?(\n\s*<!-- error-codes:end -->)/, `$1${enumeration}$2`);
fs.writeFileSync(file, updated);
process.stdout.write(`${Object.keys(ERROR_CODES).length} error codes written to ${path.relative(process.cwd(), file)}\n`);
