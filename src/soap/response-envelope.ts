import { SOAP11_NS } from './envelope';

/** Namespaces of the WSDL's own machinery, which a response envelope never declares. */
const CONTRACT_MACHINERY = new Set([
  'http://xml.apache.org/xml-soap',
  'http://schemas.xmlsoap.org/wsdl/',
  'http://schemas.xmlsoap.org/wsdl/soap/',
  'http://schemas.xmlsoap.org/wsdl/soap12/',
  'http://schemas.xmlsoap.org/soap/encoding/',
  'http://www.w3.org/2001/XMLSchema',
]);

/**
 * Wraps an operation's response payload in the surface's SOAP 1.1 envelope. The envelope
 * declares the contract's own namespaces (those of the WSDL's root, in its order), byte for
 * byte as the answers recorded before the front door was the project's own, so clients and
 * golden fixtures see no change (docs/decisions/0083-the-front-door-is-ours.md).
 */
export class ResponseEnvelope {
  private readonly prefix: string;
  private static readonly SUFFIX = '</soap:Body></soap:Envelope>';

  constructor(wsdlText: string) {
    const declarations = contractNamespaces(wsdlText)
      .map(([prefix, uri]) => ` xmlns:${prefix}="${uri}"`)
      .join('');
    this.prefix = `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="${SOAP11_NS}" ${declarations}><soap:Body>`;
  }

  wrap(payloadXml: string): string {
    return this.prefix + payloadXml + ResponseEnvelope.SUFFIX;
  }
}

/** The prefixed namespace declarations of the WSDL's root element, without the WSDL machinery. */
function contractNamespaces(wsdlText: string): [string, string][] {
  const root = /<(?:\w+:)?definitions\b([^>]*)>/.exec(wsdlText);
  if (!root) throw new Error('the WSDL has no definitions element');
  return [...root[1].matchAll(/\sxmlns:([\w.-]+)="([^"]*)"/g)]
    .map((m): [string, string] => [m[1], m[2]])
    .filter(([, uri]) => !CONTRACT_MACHINERY.has(uri));
}
