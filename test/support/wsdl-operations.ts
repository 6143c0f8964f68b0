import fs from 'node:fs';
import { childrenNamed, parseTree, type XmlNode } from './xml-tree';

const WSDL_NS = 'http://schemas.xmlsoap.org/wsdl/';
const WSDL_SOAP_NS = 'http://schemas.xmlsoap.org/wsdl/soap/';

export interface WsdlOperation {
  name: string;
  /** The request element, as `{namespace}LocalName`. */
  requestElement: string;
  soapAction: string;
}

/** The operations a WSDL file binds: name, the element of its input message, and its SOAPAction. */
export function wsdlOperations(wsdlFile: string): WsdlOperation[] {
  const definitions = parseTree(fs.readFileSync(wsdlFile, 'utf8'));
  const resolve = (node: XmlNode, qname: string) => {
    const [prefix, local] = qname.includes(':') ? qname.split(':', 2) : ['', qname];
    return `{${node.scope[prefix] ?? ''}}${local}`;
  };
  const local = (qname: string) => qname.replace(/^.*:/, '');
  const messages = new Map(
    childrenNamed(definitions, WSDL_NS, 'message').map((m) => {
      const part = childrenNamed(m, WSDL_NS, 'part')[0];
      return [m.attrs.name, resolve(part, part.attrs.element)] as const;
    }),
  );
  const portTypes = childrenNamed(definitions, WSDL_NS, 'portType');
  return childrenNamed(definitions, WSDL_NS, 'binding').flatMap((binding) => {
    const portType = portTypes.find((p) => p.attrs.name === local(binding.attrs.type));
    return childrenNamed(binding, WSDL_NS, 'operation').map((operation) => {
      const abstract = childrenNamed(portType as XmlNode, WSDL_NS, 'operation').find(
        (o) => o.attrs.name === operation.attrs.name,
      );
      const input = childrenNamed(abstract as XmlNode, WSDL_NS, 'input')[0];
      return {
        name: operation.attrs.name,
        requestElement: messages.get(local(input.attrs.message)) ?? '',
        soapAction: childrenNamed(operation, WSDL_SOAP_NS, 'operation')[0]?.attrs.soapAction ?? '',
      };
    });
  });
}
