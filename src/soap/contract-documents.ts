import fs from 'node:fs';
import path from 'node:path';
import { projectPath } from '../platform/paths';
import { escapeAttribute } from '../platform/xml/xml-writer';

/**
 * Serves a WSDL and the XSDs it imports as the client should see them: every schemaLocation
 * becomes an absolute `<endpoint>?xsd=<path>` URL and soap:address the endpoint's own URL.
 * `?singlewsdl` gives the WSDL with every schema inlined (WCF's form, which some tools need).
 */
export class ContractDocuments {
  private readonly wsdlDir = projectPath('wsdl');
  private readonly wsdlText: string;
  /** Schema files reachable from the WSDL, by path relative to wsdl/ (e.g. xsd/lrs/learner.xsd). */
  private readonly schemas = new Map<string, string>();
  private readonly cache = new Map<string, string>();

  constructor(wsdlFile: string) {
    this.wsdlText = fs.readFileSync(projectPath(wsdlFile), 'utf8');
    this.collectSchemas(this.wsdlText, path.dirname(projectPath(wsdlFile)));
  }

  /** The WSDL as written (the response envelope takes its namespace declarations from it). */
  get rawWsdl(): string {
    return this.wsdlText;
  }

  wsdl(endpointUrl: string): string {
    return this.cached(`wsdl ${endpointUrl}`, () =>
      this.rewriteLocations(this.wsdlText, '', endpointUrl).replace(
        /(<soap(?:12)?:address\s+location=")[^"]*(")/g,
        `$1${escapeAttribute(endpointUrl)}$2`,
      ),
    );
  }

  /** The schema at a ?xsd= path, or undefined when the WSDL does not import it. */
  schema(relativePath: string, endpointUrl: string): string | undefined {
    const text = this.schemas.get(relativePath);
    if (text === undefined) return undefined;
    return this.cached(`xsd ${relativePath} ${endpointUrl}`, () =>
      this.rewriteLocations(text, path.posix.dirname(relativePath), endpointUrl),
    );
  }

  singleWsdl(endpointUrl: string): string {
    return this.cached(`single ${endpointUrl}`, () => {
      const inlined = [...this.schemas.values()]
        .map((text) => withoutProlog(text).replace(/\s+schemaLocation="[^"]*"/g, ''))
        .join('\n');
      return this.wsdl(endpointUrl).replace(/<xs:schema>[\s\S]*?<\/xs:schema>/, inlined);
    });
  }

  get schemaPaths(): string[] {
    return [...this.schemas.keys()];
  }

  private collectSchemas(text: string, fromDir: string): void {
    for (const location of schemaLocations(text)) {
      const file = path.resolve(fromDir, location);
      const relative = path.relative(this.wsdlDir, file).split(path.sep).join('/');
      if (relative.startsWith('..') || this.schemas.has(relative)) continue;
      const schemaText = fs.readFileSync(file, 'utf8');
      this.schemas.set(relative, schemaText);
      this.collectSchemas(schemaText, path.dirname(file));
    }
  }

  private rewriteLocations(text: string, baseDir: string, endpointUrl: string): string {
    return text.replace(/schemaLocation="([^"]+)"/g, (_match, location: string) => {
      const relative = path.posix.normalize(path.posix.join(baseDir, location));
      return `schemaLocation="${escapeAttribute(`${endpointUrl}?xsd=${relative}`)}"`;
    });
  }

  private cached(key: string, build: () => string): string {
    let value = this.cache.get(key);
    if (value === undefined) {
      value = build();
      if (this.cache.size > 100) this.cache.clear(); // endpoint URLs come from Host headers: bound the cache
      this.cache.set(key, value);
    }
    return value;
  }
}

function schemaLocations(text: string): string[] {
  return [...text.matchAll(/<xs:(?:import|include)\b[^>]*\bschemaLocation="([^"]+)"/g)].map((m) => m[1]);
}

function withoutProlog(text: string): string {
  return text
    .replace(/<\?xml[^>]*\?>/, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .trim();
}
