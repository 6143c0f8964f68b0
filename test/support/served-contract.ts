import { descendants, parseTree, type XmlNode } from './xml-tree';

export const WSDL_NS = 'http://schemas.xmlsoap.org/wsdl/';
export const XSD_NS = 'http://www.w3.org/2001/XMLSchema';

/** One document of a served contract: where it was fetched, what came back, and its tree. */
export interface ServedDocument {
  url: string;
  status: number;
  contentType: string;
  text: string;
  tree: XmlNode;
}

/** A WSDL as the running gateway serves it, with every schema reachable from it through ?xsd= URLs. */
export interface ServedContract {
  wsdl: ServedDocument;
  /** By URL, in the order they were reached; the namespace each was imported for is checked by the caller. */
  schemas: Map<string, ServedDocument>;
  /** Every xs:import / xs:include met on the way: who referred to which URL, for which namespace. */
  references: { from: string; location: string; namespace: string | undefined }[];
}

/** Fetches `<baseUrl><path>?wsdl` and, recursively, every schemaLocation in it and in the schemas it reaches. */
export async function fetchServedContract(baseUrl: string, path: string): Promise<ServedContract> {
  const wsdl = await fetchDocument(`${baseUrl}${path}?wsdl`);
  const schemas = new Map<string, ServedDocument>();
  const references: ServedContract['references'] = [];
  const pending = [wsdl];
  while (pending.length > 0) {
    const document = pending.shift() as ServedDocument;
    for (const node of descendants(document.tree)) {
      if (node.ns !== XSD_NS || (node.local !== 'import' && node.local !== 'include')) continue;
      const location = node.attrs.schemaLocation;
      if (location === undefined) continue;
      references.push({ from: document.url, location, namespace: node.attrs.namespace });
      if (schemas.has(location)) continue;
      const schema = await fetchDocument(location);
      schemas.set(location, schema);
      pending.push(schema);
    }
  }
  return { wsdl, schemas, references };
}

async function fetchDocument(url: string): Promise<ServedDocument> {
  const response = await fetch(url);
  const text = await response.text();
  let tree: XmlNode;
  try {
    tree = parseTree(text);
  } catch (error) {
    throw new Error(`${url} answered ${response.status} with a body that is not XML: ${(error as Error).message}`);
  }
  return { url, status: response.status, contentType: response.headers.get('content-type') ?? '', text, tree };
}

/** The global element declarations of a set of schemas, as `{targetNamespace}name`. */
export function globalElements(schemas: Iterable<ServedDocument>): Set<string> {
  const names = new Set<string>();
  for (const schema of schemas) {
    const target = schema.tree.attrs.targetNamespace ?? '';
    for (const child of schema.tree.children) {
      if (child.ns === XSD_NS && child.local === 'element' && child.attrs.name) names.add(`{${target}}${child.attrs.name}`);
    }
  }
  return names;
}
