import sax from 'sax';

/** An element with its namespace, its attributes and the namespace bindings in scope (for QName values). */
export interface XmlNode {
  ns: string;
  local: string;
  attrs: Record<string, string>;
  /** Attributes in a namespace, as `{namespace}local`. */
  qualifiedAttrs: Record<string, string>;
  scope: Record<string, string>;
  children: XmlNode[];
  text: string;
}

/** Parses a document into a namespace-aware tree (sax in xmlns mode); throws on malformed XML. */
export function parseTree(xml: string): XmlNode {
  const parser = sax.parser(true, { xmlns: true });
  const stack: XmlNode[] = [];
  let root: XmlNode | undefined;
  parser.onopentag = (tag) => {
    const t = tag as sax.QualifiedTag;
    const node: XmlNode = {
      ns: t.uri,
      local: t.local,
      attrs: {},
      qualifiedAttrs: {},
      scope: { ...t.ns },
      children: [],
      text: '',
    };
    for (const attr of Object.values(t.attributes)) {
      if (attr.prefix === 'xmlns' || attr.name === 'xmlns') continue;
      if (attr.uri) node.qualifiedAttrs[`{${attr.uri}}${attr.local}`] = attr.value;
      else node.attrs[attr.local] = attr.value;
    }
    stack.at(-1)?.children.push(node);
    stack.push(node);
    root ??= node;
  };
  parser.ontext = (text) => {
    const top = stack.at(-1);
    if (top) top.text += text;
  };
  parser.onclosetag = () => {
    stack.pop();
  };
  parser.write(xml).close();
  if (!root) throw new Error('no root element');
  return root;
}

/** Every descendant (and the node itself) in document order. */
export function descendants(node: XmlNode): XmlNode[] {
  return [node, ...node.children.flatMap(descendants)];
}

export function childrenNamed(node: XmlNode, ns: string, local: string): XmlNode[] {
  return node.children.filter((c) => c.ns === ns && c.local === local);
}

/** A QName-valued attribute (element="ao:VerifyLearner") as `{namespace}local`, resolved in the node's scope. */
export function qnameAttr(node: XmlNode, name: string): string | undefined {
  const value = node.attrs[name];
  if (value === undefined) return undefined;
  const [prefix, local] = value.includes(':') ? value.split(':', 2) : ['', value];
  const ns = node.scope[prefix];
  return `{${ns ?? `unbound prefix "${prefix}"`}}${local}`;
}
