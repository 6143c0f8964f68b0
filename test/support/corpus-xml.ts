import sax from 'sax';

/**
 * A request payload as a small editable tree, for the contract corpus (test/soap/contract-corpus.test.ts):
 * read from a fixture, changed by one mutation, written back as text. Elements keep the prefixes and
 * namespace declarations they were written with; only element-only and text-only content is
 * modelled (a payload has no mixed content), and `raw` stands in for text that must go out exactly
 * as written (a comment, a CDATA section, a character reference).
 */
export interface PayloadNode {
  prefix: string;
  local: string;
  /** The namespace the element is in as read; the namespace of a changed element is its prefix's. */
  ns: string;
  /** Attributes as written, namespace declarations included: [qualified name, value]. */
  attrs: [string, string][];
  children: PayloadNode[];
  text: string;
  raw?: string;
}

export const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

export function parsePayload(xml: string): PayloadNode {
  const parser = sax.parser(true, { xmlns: true });
  const stack: PayloadNode[] = [];
  let root: PayloadNode | undefined;
  parser.onopentag = (tag) => {
    const t = tag as sax.QualifiedTag;
    const node: PayloadNode = {
      prefix: t.prefix,
      local: t.local,
      ns: t.uri,
      attrs: Object.values(t.attributes).map((a) => [a.name, a.value]),
      children: [],
      text: '',
    };
    if (node.attrs.some(([name]) => name === 'xmlns')) throw new Error('a corpus payload declares its namespaces with prefixes');
    stack.at(-1)?.children.push(node);
    stack.push(node);
    root ??= node;
  };
  const addText = (text: string) => {
    const top = stack.at(-1);
    if (top) top.text += text;
  };
  parser.ontext = addText;
  parser.oncdata = addText;
  parser.onclosetag = () => {
    const node = stack.pop() as PayloadNode;
    if (node.children.length > 0) node.text = '';
  };
  parser.write(xml).close();
  if (!root) throw new Error('no root element');
  return root;
}

export const escapeText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttribute = (text: string) => escapeText(text).replace(/"/g, '&quot;');

export function qualifiedNameOf(node: PayloadNode): string {
  return node.prefix ? `${node.prefix}:${node.local}` : node.local;
}

/** The element as text; `leaveOut` names namespace declarations written elsewhere (on the envelope). */
export function writePayload(node: PayloadNode, leaveOut: ReadonlySet<string> = new Set()): string {
  const name = qualifiedNameOf(node);
  const attrs = node.attrs
    .filter(([attribute]) => !leaveOut.has(attribute))
    .map(([attribute, value]) => ` ${attribute}="${escapeAttribute(value)}"`)
    .join('');
  const content =
    node.raw ?? (node.children.length > 0 ? node.children.map((c) => writePayload(c, leaveOut)).join('') : escapeText(node.text));
  return `<${name}${attrs}>${content}</${name}>`;
}

/** `{namespace}LocalName` of an element whose prefix is declared on itself (as a corpus payload's root is). */
export function rootNameOf(node: PayloadNode): string {
  const declaration = node.attrs.find(([name]) => name === (node.prefix ? `xmlns:${node.prefix}` : 'xmlns'));
  return `{${declaration?.[1] ?? (node.prefix ? node.ns : '')}}${node.local}`;
}

export function clonePayload(node: PayloadNode): PayloadNode {
  return structuredClone(node);
}

/** Where an element is: child indexes from the root. */
export type NodePath = number[];

export function nodeAt(root: PayloadNode, path: NodePath): PayloadNode {
  return path.reduce((node, index) => node.children[index], root);
}

/** Every element below the root, in document order; of repeated siblings, only the first one's descendants. */
export function elementPaths(root: PayloadNode): NodePath[] {
  const paths: NodePath[] = [];
  const walk = (node: PayloadNode, path: NodePath) => {
    const seen = new Set<string>();
    node.children.forEach((child, index) => {
      const childPath = [...path, index];
      paths.push(childPath);
      const key = `${child.ns} ${child.local}`;
      if (!seen.has(key)) walk(child, childPath);
      seen.add(key);
    });
  };
  walk(root, []);
  return paths;
}

/** A readable name of the element at a path: `Learner/ULN`, `Learner[2]/ULN`. */
export function describePath(root: PayloadNode, path: NodePath): string {
  const names: string[] = [];
  let node = root;
  for (const index of path) {
    const child = node.children[index];
    const same = node.children.filter((c) => c.local === child.local);
    names.push(same.length > 1 ? `${child.local}[${same.indexOf(child) + 1}]` : child.local);
    node = child;
  }
  return names.join('/');
}
