import type { XmlDocument, XmlElement } from 'libxml2-wasm';
import { DomainError } from '../platform/errors';
import type { LibXml } from '../platform/xml/libxml';
import { childElements } from '../platform/xml/xml-object';

export const SOAP11_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const SOAP12_NS = 'http://www.w3.org/2003/05/soap-envelope';
export const WSSE_NS = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';

/** SOAP rejections that have their own fault codes (SOAP 1.1 section 4.4.1). */
export class SoapProtocolError extends DomainError {
  constructor(
    readonly faultcode: 'VersionMismatch' | 'MustUnderstand',
    detail: string,
    /** The request was a SOAP 1.2 envelope, so the fault must be one its sender can read. */
    readonly soap12Request = false,
  ) {
    super(faultcode === 'VersionMismatch' ? 'SOAP_VERSION_MISMATCH' : 'MESSAGE_INVALID', detail);
  }
}

export interface Envelope {
  header: XmlElement | undefined;
  /** The one element of the body: the operation's request element. */
  payload: XmlElement;
}

/** The header and body payload of a SOAP 1.1 envelope, or the fault that explains why there are none. */
export function readEnvelope(lib: LibXml, doc: XmlDocument, understoodHeaders: ReadonlySet<string>): Envelope {
  const root = doc.root;
  if (root.name !== 'Envelope' || root.namespaceUri !== SOAP11_NS) {
    if (root.name === 'Envelope' && root.namespaceUri === SOAP12_NS) {
      throw new SoapProtocolError(
        'VersionMismatch',
        `This endpoint speaks SOAP 1.1 only (${SOAP11_NS}, Content-Type text/xml); the request is a SOAP 1.2 envelope`,
        true,
      );
    }
    throw new SoapProtocolError('VersionMismatch', `The root element must be a SOAP 1.1 Envelope (${SOAP11_NS})`);
  }
  // SOAP 1.1 section 4 and WS-I BP R1011: an optional Header first, then the Body, then nothing.
  const parts = childElements(lib, root);
  const isSoap = (e: XmlElement, name: string) => e.name === name && e.namespaceUri === SOAP11_NS;
  const header = parts.length > 0 && isSoap(parts[0], 'Header') ? parts[0] : undefined;
  const body = parts[header ? 1 : 0];
  if (!body || !isSoap(body, 'Body')) {
    throw new DomainError('MESSAGE_INVALID', 'The envelope must hold an optional Header, then a Body');
  }
  if (parts.length > (header ? 2 : 1)) throw new DomainError('MESSAGE_INVALID', 'Nothing may follow the Body in the envelope');
  if (header) checkMustUnderstand(lib, header, understoodHeaders);
  const payloads = childElements(lib, body);
  if (payloads.length !== 1) {
    throw new DomainError('MESSAGE_INVALID', `The Body must hold exactly one element, not ${payloads.length}`);
  }
  return { header, payload: payloads[0] };
}

function checkMustUnderstand(lib: LibXml, header: XmlElement, understood: ReadonlySet<string>): void {
  for (const entry of childElements(lib, header)) {
    const mustUnderstand = entry.attrs.find((a) => a.name === 'mustUnderstand' && a.namespaceUri === SOAP11_NS);
    if (mustUnderstand && (mustUnderstand.value === '1' || mustUnderstand.value === 'true')) {
      const qname = `{${entry.namespaceUri}}${entry.name}`;
      if (!understood.has(qname)) {
        throw new SoapProtocolError('MustUnderstand', `The header ${entry.name} (${entry.namespaceUri}) is not understood`);
      }
    }
  }
}

export function qualifiedName(element: XmlElement): string {
  return `{${element.namespaceUri}}${element.name}`;
}
