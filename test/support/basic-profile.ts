import { type ServedContract, WSDL_NS, XSD_NS } from './served-contract';
import { childrenNamed, descendants, qnameAttr, type XmlNode } from './xml-tree';

/**
 * WS-I Basic Profile 1.1 requirements on a DESCRIPTION (a WSDL and the schemas it reaches),
 * written as checks because there is no WS-I testing tool here. Each returns its violations,
 * one sentence each; an empty list means the contract meets the requirement.
 */

export const SOAP_BINDING_NS = 'http://schemas.xmlsoap.org/wsdl/soap/';
const SOAP_HTTP_TRANSPORT = 'http://schemas.xmlsoap.org/soap/http';
const SOAP_ENCODING_NS = 'http://schemas.xmlsoap.org/soap/encoding/';

export interface DescriptionCheck {
  id: string;
  what: string;
  check(contract: ServedContract): string[];
}

const definitions = (c: ServedContract) => c.wsdl.tree;
const wsdlChildren = (c: ServedContract, local: string) => childrenNamed(definitions(c), WSDL_NS, local);
const targetNamespace = (c: ServedContract) => definitions(c).attrs.targetNamespace ?? '';
const named = (nodes: XmlNode[], name: string) => nodes.find((n) => n.attrs.name === name);
const localOf = (qname: string | undefined) => qname?.replace(/^\{[^}]*\}/, '');

function messagesByName(c: ServedContract): Map<string, XmlNode> {
  return new Map(wsdlChildren(c, 'message').map((m) => [`{${targetNamespace(c)}}${m.attrs.name}`, m]));
}

/** Every (binding operation, its input/output/fault message) pair, with the portType operation it binds. */
function boundMessages(c: ServedContract): { where: string; role: 'input' | 'output' | 'fault'; message: XmlNode | undefined }[] {
  const messages = messagesByName(c);
  const portTypes = wsdlChildren(c, 'portType');
  return wsdlChildren(c, 'binding').flatMap((binding) => {
    const portType = named(portTypes, localOf(qnameAttr(binding, 'type')) ?? '');
    return childrenNamed(binding, WSDL_NS, 'operation').flatMap((op) => {
      const abstract = portType && named(childrenNamed(portType, WSDL_NS, 'operation'), op.attrs.name);
      return (['input', 'output', 'fault'] as const).flatMap((role) =>
        (abstract ? childrenNamed(abstract, WSDL_NS, role) : []).map((m) => ({
          where: `${binding.attrs.name}/${op.attrs.name} ${role}${role === 'fault' ? ` ${m.attrs.name}` : ''}`,
          role,
          message: messages.get(qnameAttr(m, 'message') ?? ''),
        })),
      );
    });
  });
}

function soapBindingElements(c: ServedContract, local: string): XmlNode[] {
  return wsdlChildren(c, 'binding').flatMap((b) => descendants(b).filter((n) => n.ns === SOAP_BINDING_NS && n.local === local));
}

/** Global element and type declarations of every reachable schema, as `{namespace}name`. */
function declarations(c: ServedContract, kind: 'element' | 'type'): Set<string> {
  const names = new Set<string>();
  for (const schema of c.schemas.values()) {
    const ns = schema.tree.attrs.targetNamespace ?? '';
    for (const child of schema.tree.children) {
      const isKind =
        kind === 'element' ? child.local === 'element' : child.local === 'complexType' || child.local === 'simpleType';
      if (child.ns === XSD_NS && isKind && child.attrs.name) names.add(`{${ns}}${child.attrs.name}`);
    }
  }
  return names;
}

export const DESCRIPTION_CHECKS: DescriptionCheck[] = [
  {
    id: 'R4003',
    what: 'the description is UTF-8 (or UTF-16) encoded',
    check: (c) =>
      [c.wsdl, ...c.schemas.values()]
        .filter((d) => !/^<\?xml[^>]*encoding="utf-(8|16)"/i.test(d.text) && !/charset=utf-8/i.test(d.contentType))
        .map((d) => `${d.url} declares neither UTF-8 nor UTF-16`),
  },
  {
    id: 'R2001 R2002 R2003',
    what: 'schemas are brought in with xs:import inside wsdl:types only; wsdl:import imports WSDL only',
    check: (c) => [
      ...wsdlChildren(c, 'import')
        .filter((i) => /\.xsd\b|[?&]xsd=/.test(i.attrs.location ?? ''))
        .map((i) => `wsdl:import of a schema (${i.attrs.location})`),
      ...descendants(definitions(c))
        .filter((n) => n.ns === XSD_NS && n.local === 'import')
        .filter((n) => !wsdlChildren(c, 'types').some((t) => descendants(t).includes(n)))
        .map(() => 'an xs:import outside wsdl:types'),
    ],
  },
  {
    id: 'R2105',
    what: 'every xs:schema in wsdl:types has a targetNamespace, unless it only imports or annotates',
    check: (c) =>
      wsdlChildren(c, 'types')
        .flatMap((t) => childrenNamed(t, XSD_NS, 'schema'))
        .filter((s) => !s.attrs.targetNamespace && s.children.some((k) => k.local !== 'import' && k.local !== 'annotation'))
        .map(() => 'an xs:schema without targetNamespace declares components'),
  },
  {
    id: 'R2101 R2102',
    what: 'every QName reference resolves: messages, portTypes, bindings, and the element of every part',
    check: (c) => {
      const problems: string[] = [];
      const messages = messagesByName(c);
      const elements = declarations(c, 'element');
      const own = (kind: string) => new Set(wsdlChildren(c, kind).map((n) => `{${targetNamespace(c)}}${n.attrs.name}`));
      const portTypes = own('portType');
      const bindings = own('binding');
      for (const message of messages.values()) {
        for (const part of childrenNamed(message, WSDL_NS, 'part')) {
          const element = qnameAttr(part, 'element');
          if (element && !elements.has(element))
            problems.push(`part ${message.attrs.name}/${part.attrs.name}: no element ${element}`);
        }
      }
      for (const portType of wsdlChildren(c, 'portType')) {
        for (const io of descendants(portType).filter(
          (n) => n.ns === WSDL_NS && ['input', 'output', 'fault'].includes(n.local),
        )) {
          if (!messages.has(qnameAttr(io, 'message') ?? ''))
            problems.push(`${portType.attrs.name}: no message ${io.attrs.message}`);
        }
      }
      for (const binding of wsdlChildren(c, 'binding')) {
        if (!portTypes.has(qnameAttr(binding, 'type') ?? ''))
          problems.push(`binding ${binding.attrs.name}: no portType ${binding.attrs.type}`);
      }
      for (const port of wsdlChildren(c, 'service').flatMap((s) => childrenNamed(s, WSDL_NS, 'port'))) {
        if (!bindings.has(qnameAttr(port, 'binding') ?? ''))
          problems.push(`port ${port.attrs.name}: no binding ${port.attrs.binding}`);
      }
      return problems;
    },
  },
  {
    id: 'R2102 (schemas)',
    what: 'every type, base and ref in the reachable schemas names a declared type or element (or an XSD built-in)',
    check: (c) => {
      const types = declarations(c, 'type');
      const elements = declarations(c, 'element');
      const problems: string[] = [];
      for (const schema of c.schemas.values()) {
        for (const node of descendants(schema.tree).filter((n) => n.ns === XSD_NS)) {
          for (const [attr, known] of [
            ['type', types],
            ['base', types],
            ['ref', elements],
          ] as const) {
            if (attr === 'ref' && node.local !== 'element') continue; // attribute refs (xml:lang) are not elements
            const qname = qnameAttr(node, attr);
            if (qname && !qname.startsWith(`{${XSD_NS}}`) && !known.has(qname)) {
              problems.push(`${schema.url}: ${attr}="${node.attrs[attr]}" resolves to nothing (${qname})`);
            }
          }
        }
      }
      return problems;
    },
  },
  {
    id: 'R2401 R2701 R2702 R2705',
    what: 'every binding is a SOAP 1.1 binding over HTTP, document style',
    check: (c) =>
      wsdlChildren(c, 'binding').flatMap((b) => {
        const soap = childrenNamed(b, SOAP_BINDING_NS, 'binding')[0];
        if (!soap) return [`binding ${b.attrs.name} has no soap:binding`];
        const problems: string[] = [];
        if (soap.attrs.transport !== SOAP_HTTP_TRANSPORT)
          problems.push(`binding ${b.attrs.name}: transport ${soap.attrs.transport}`);
        const styles = [soap, ...soapBindingElements(c, 'operation')].map((n) => n.attrs.style ?? 'document');
        if (styles.some((s) => s !== 'document')) problems.push(`binding ${b.attrs.name}: not document style throughout`);
        return problems;
      }),
  },
  {
    id: 'R2706 R1005-R1007',
    what: 'use="literal" on every soap:body and soap:fault, and no encodingStyle or SOAP encoding anywhere',
    check: (c) => [
      ...[...soapBindingElements(c, 'body'), ...soapBindingElements(c, 'fault'), ...soapBindingElements(c, 'header')]
        .filter((n) => n.attrs.use !== 'literal')
        .map((n) => `soap:${n.local} with use="${n.attrs.use ?? '(none)'}"`),
      ...[c.wsdl, ...c.schemas.values()]
        .flatMap((d) => descendants(d.tree))
        .filter((n) => n.attrs.encodingStyle !== undefined || Object.values(n.scope).includes(SOAP_ENCODING_NS))
        .map((n) => `${n.local}: encodingStyle or the SOAP encoding namespace`),
    ],
  },
  {
    id: 'R2201 R2210 R2204 R2205',
    what: 'one part per message, defined with element= (not type=), in bodies and faults alike',
    check: (c) =>
      boundMessages(c).flatMap(({ where, message }) => {
        if (!message) return [`${where}: message missing`];
        const parts = childrenNamed(message, WSDL_NS, 'part');
        const problems = parts.length === 1 ? [] : [`${where}: ${parts.length} parts`];
        return [
          ...problems,
          ...parts.filter((p) => !p.attrs.element).map((p) => `${where}: part ${p.attrs.name} has no element=`),
        ];
      }),
  },
  {
    id: 'R2716',
    what: 'no namespace attribute on soap:body or soap:fault (document-literal)',
    check: (c) =>
      [...soapBindingElements(c, 'body'), ...soapBindingElements(c, 'fault')]
        .filter((n) => n.attrs.namespace !== undefined)
        .map((n) => `soap:${n.local} with namespace="${n.attrs.namespace}"`),
  },
  {
    id: 'R2710',
    what: 'operation signatures differ: no two operations of a binding take the same request element',
    check: (c) => {
      const seen = new Map<string, string>();
      const problems: string[] = [];
      for (const { where, role, message } of boundMessages(c)) {
        if (role !== 'input' || !message) continue;
        const element = qnameAttr(childrenNamed(message, WSDL_NS, 'part')[0] ?? message, 'element') ?? '';
        const binding = where.split('/')[0];
        const key = `${binding} ${element}`;
        if (seen.has(key)) problems.push(`${where} and ${seen.get(key)} both take ${element}`);
        seen.set(key, where);
      }
      return problems;
    },
  },
  {
    id: 'R2718 R2304',
    what: 'each binding has exactly the operations of its portType, none overloaded',
    check: (c) =>
      wsdlChildren(c, 'binding').flatMap((b) => {
        const portType = named(wsdlChildren(c, 'portType'), localOf(qnameAttr(b, 'type')) ?? '');
        const abstract = (portType ? childrenNamed(portType, WSDL_NS, 'operation') : []).map((o) => o.attrs.name);
        const bound = childrenNamed(b, WSDL_NS, 'operation').map((o) => o.attrs.name);
        const problems = new Set(abstract).size === abstract.length ? [] : [`portType of ${b.attrs.name} overloads an operation`];
        if ([...abstract].sort().join() !== [...bound].sort().join())
          problems.push(`binding ${b.attrs.name} and its portType differ`);
        return problems;
      }),
  },
  {
    id: 'R2721 R2754',
    what: 'every soap:fault is named, with the name of its wsdl:fault',
    check: (c) =>
      wsdlChildren(c, 'binding')
        .flatMap((b) => descendants(b).filter((n) => n.ns === WSDL_NS && n.local === 'fault'))
        .flatMap((fault) => {
          const soap = childrenNamed(fault, SOAP_BINDING_NS, 'fault')[0];
          return soap?.attrs.name === fault.attrs.name
            ? []
            : [`wsdl:fault ${fault.attrs.name}: soap:fault name ${soap?.attrs.name}`];
        }),
  },
  {
    id: 'SOAPAction',
    what: 'every operation has a soapAction, and the non-empty ones are distinct (R2744 lets a server tell operations apart by them)',
    check: (c) => {
      const actions = soapBindingElements(c, 'operation').map((o) => o.attrs.soapAction);
      const problems = actions.filter((a) => a === undefined).map(() => 'a soap:operation without soapAction');
      const given = actions.filter((a): a is string => !!a);
      if (new Set(given).size !== given.length) problems.push('two operations share a soapAction');
      return problems;
    },
  },
  {
    id: 'reachable schemas',
    what: 'every schemaLocation is an absolute ?xsd= URL of this endpoint that answers 200 with the schema of the imported namespace',
    check: (c) => {
      const endpoint = c.wsdl.url.replace(/\?wsdl$/, '');
      return c.references.flatMap(({ from, location, namespace }) => {
        const schema = c.schemas.get(location);
        const problems: string[] = [];
        if (!location.startsWith(`${endpoint}?xsd=`))
          problems.push(`${from}: schemaLocation ${location} is not ${endpoint}?xsd=...`);
        if (!schema || schema.status !== 200) problems.push(`${location} answered ${schema?.status}`);
        else if (schema.tree.ns !== XSD_NS || schema.tree.local !== 'schema') problems.push(`${location} is not an xs:schema`);
        else if (namespace !== undefined && schema.tree.attrs.targetNamespace !== namespace) {
          problems.push(`${location} has targetNamespace ${schema.tree.attrs.targetNamespace}, imported as ${namespace}`);
        }
        return problems;
      });
    },
  },
];
