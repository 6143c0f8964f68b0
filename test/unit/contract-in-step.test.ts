import fs from 'node:fs';
import path from 'node:path';
import { ERROR_CODES } from '../../src/platform/error-codes';

const root = path.join(__dirname, '..', '..');

describe('the error codes are one list', () => {
  const codes = Object.keys(ERROR_CODES).sort();

  test('the AO gateway XSD declares exactly the codes of error-codes.ts (npm run contract:codes)', () => {
    const xsd = fs.readFileSync(path.join(root, 'wsdl', 'xsd', 'ao', 'ao-gateway.xsd'), 'utf8');
    const block = /<xs:simpleType name="ErrorCode">[\s\S]*?<\/xs:simpleType>/.exec(xsd)?.[0] ?? '';
    const declared = [...block.matchAll(/<xs:enumeration value="([A-Z_]+)"\/>/g)].map((m) => m[1]).sort();
    expect(declared).toEqual(codes);
  });

  test('the README lists every code with its LRS equivalent', () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    for (const code of codes) {
      expect(readme).toMatch(new RegExp(`\\|\\s*\`${code}\`\\s*\\|[^\\n]*\\|\\s*${ERROR_CODES[code as keyof typeof ERROR_CODES].lrs}\\s*\\|`));
    }
  });
});
