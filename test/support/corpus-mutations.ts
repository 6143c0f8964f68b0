import { clonePayload, describePath, elementPaths, nodeAt, type NodePath, type PayloadNode, escapeText, XSI } from './corpus-xml';

/**
 * The messages the contract corpus derives from one valid payload by code: each changes one thing,
 * and nothing here says whether the change is valid (xmllint, the oracle, says that).
 * - Every element: dropped, repeated, moved to a foreign namespace, (un)qualified, nilled, swapped
 *   with its neighbour, given a child it does not declare; the first child of each, an attribute.
 * - Every leaf: empty, padded with spaces, far too long, of the wrong form for what it looks like
 *   (a date, a number, a code), split by a comment; the first leaf also written as a CDATA section
 *   and with a character reference.
 * - The whole payload: another prefix, a default namespace, its declarations on the SOAP envelope,
 *   the request element in a foreign namespace or with an attribute.
 */
export interface CorpusMessage {
  label: string;
  root: PayloadNode;
  /** Namespace declarations the envelope carries instead of the payload (written on soapenv:Envelope). */
  onEnvelope?: [string, string][];
}

export const FOREIGN_NS = 'urn:lrs-gateway:corpus:foreign';

type Change = (root: PayloadNode) => void;

export function mutationsOf(valid: PayloadNode): CorpusMessage[] {
  const messages: CorpusMessage[] = [];
  const add = (label: string, change: Change) => {
    const root = clonePayload(valid);
    change(root);
    messages.push({ label, root });
  };
  let leaves = 0;
  for (const path of elementPaths(valid)) {
    const node = nodeAt(valid, path);
    const where = describePath(valid, path);
    add(`drop ${where}`, (root) => parentOf(root, path).children.splice(path.at(-1) as number, 1));
    add(`${where} twice`, (root) => parentOf(root, path).children.splice((path.at(-1) as number) + 1, 0, clonePayload(node)));
    add(`${where} in a foreign namespace`, (root) => moveToForeignNamespace(nodeAt(root, path)));
    if (node.prefix === '')
      add(`${where} qualified in the request's namespace`, (root) => (nodeAt(root, path).prefix = valid.prefix));
    else add(`${where} unqualified`, (root) => (nodeAt(root, path).prefix = ''));
    if (node.prefix !== '' && node.ns !== valid.ns) {
      add(`${where} in the request's namespace instead of its own`, (root) => (nodeAt(root, path).prefix = valid.prefix));
    }
    if (path.at(-1) === 0) add(`${where} with an undeclared attribute`, (root) => nodeAt(root, path).attrs.push(['corpus', '1']));
    if (!isNil(node)) add(`${where} xsi:nil`, (root) => makeNil(nodeAt(root, path)));
    if (node.children.length === 0) messages.push(...leafMutations(valid, path, where, leaves++ === 0));
  }
  for (const path of [[], ...elementPaths(valid)]) {
    const node = nodeAt(valid, path);
    if (node.children.length === 0) continue;
    const where = path.length === 0 ? valid.local : describePath(valid, path);
    add(`an undeclared child at the end of ${where}`, (root) => nodeAt(root, path).children.push(unknownChild(node)));
    node.children.forEach((child, i) => {
      const next = node.children[i + 1];
      if (next && next.local !== child.local) {
        add(`${child.local} and ${next.local} swapped in ${where}`, (root) => {
          const children = nodeAt(root, path).children;
          [children[i], children[i + 1]] = [children[i + 1], children[i]];
        });
      }
    });
  }
  messages.push(...wholePayloadVariants(valid));
  return messages;
}

/** Changes to a leaf's value; the other spellings of the same value (CDATA, a character reference) on the first leaf only. */
function leafMutations(valid: PayloadNode, path: NodePath, where: string, firstLeaf: boolean): CorpusMessage[] {
  const value = nodeAt(valid, path).text;
  const variants: [string, Partial<PayloadNode>][] = [];
  if (value !== '') {
    const half = value.length >> 1;
    variants.push(
      [`${where} empty`, { text: '' }],
      [`${where} padded with spaces`, { text: ` ${value} ` }],
      [`${where} far too long`, { text: value.repeat(Math.ceil(300 / value.length)) }],
      [
        `${where} around a comment`,
        { raw: `${escapeText(value.slice(0, half))}<!-- corpus -->${escapeText(value.slice(half))}` },
      ],
    );
    if (firstLeaf) {
      const first = String.fromCodePoint(value.codePointAt(0) as number);
      variants.push(
        [`${where} as a CDATA section`, { raw: `<![CDATA[${value}]]>` }],
        [`${where} with a character reference`, { raw: `&#${first.codePointAt(0)};${escapeText(value.slice(first.length))}` }],
      );
    }
    const wrong = wrongFormOf(value);
    if (wrong !== undefined) variants.push([`${where} ${wrong.what} (${wrong.value})`, { text: wrong.value }]);
  }
  return variants.map(([label, change]) => {
    const root = clonePayload(valid);
    Object.assign(nodeAt(root, path), change);
    return { label, root };
  });
}

/** A value of the wrong form for what the valid value looks like (a date, a number, a code). */
export function wrongFormOf(value: string): { what: string; value: string } | undefined {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return { what: 'not a calendar date', value: '2023-02-29' };
  if (/^\d{4}-\d{2}-\d{2}T/.test(value)) return { what: 'not a calendar date-time', value: `2023-02-29${value.slice(10)}` };
  if (/^\d+$/.test(value)) return { what: 'with a letter', value: `${value.slice(0, -1)}O` };
  if (/^[A-Z][A-Z_]+$/.test(value)) return { what: 'in lower case', value: value.toLowerCase() };
  if (/^[A-Z][a-z]+$/.test(value)) return { what: 'in upper case', value: value.toUpperCase() };
  return undefined;
}

function wholePayloadVariants(valid: PayloadNode): CorpusMessage[] {
  const declarations = valid.attrs.filter(([name]) => name.startsWith('xmlns:'));
  const renamed = clonePayload(valid);
  renamePrefix(renamed, valid.prefix, `corpus${valid.prefix}`);
  const defaulted = clonePayload(valid);
  toDefaultNamespace(defaulted, valid.prefix, valid.ns, '');
  const foreignRoot = clonePayload(valid);
  moveToForeignNamespace(foreignRoot);
  const attributed = clonePayload(valid);
  attributed.attrs.push(['corpus', '1']);
  return [
    { label: `the request's prefix renamed`, root: renamed },
    { label: `the request's namespace as the default namespace`, root: defaulted },
    { label: 'the namespace declarations on the SOAP envelope', root: clonePayload(valid), onEnvelope: declarations },
    { label: 'the request element in a foreign namespace', root: foreignRoot },
    { label: 'the request element with an undeclared attribute', root: attributed },
  ];
}

function parentOf(root: PayloadNode, path: NodePath): PayloadNode {
  return nodeAt(root, path.slice(0, -1));
}

function moveToForeignNamespace(node: PayloadNode): void {
  node.prefix = 'corpusforeign';
  node.attrs.push(['xmlns:corpusforeign', FOREIGN_NS]);
}

function isNil(node: PayloadNode): boolean {
  return node.attrs.some(([name, value]) => name.endsWith(':nil') && value === 'true');
}

function makeNil(node: PayloadNode): void {
  node.children = [];
  node.text = '';
  node.attrs.push(['xmlns:corpusxsi', XSI], ['corpusxsi:nil', 'true']);
}

function unknownChild(parent: PayloadNode): PayloadNode {
  const sibling = parent.children[0];
  return { prefix: sibling.prefix, local: 'CorpusUndeclared', ns: sibling.ns, attrs: [], children: [], text: 'x' };
}

function renamePrefix(node: PayloadNode, from: string, to: string): void {
  if (node.prefix === from) node.prefix = to;
  node.attrs = node.attrs.map(([name, value]) => [name === `xmlns:${from}` ? `xmlns:${to}` : name, value]);
  node.children.forEach((child) => renamePrefix(child, from, to));
}

/** Elements of `prefix` lose it under a default namespace; unqualified ones under it undeclare it. */
function toDefaultNamespace(node: PayloadNode, prefix: string, ns: string, inScope: string): void {
  let scope = inScope;
  if (node.prefix === prefix) {
    node.prefix = '';
    if (scope !== ns) node.attrs.push(['xmlns', ns]);
    scope = ns;
  } else if (node.prefix === '' && scope !== '') {
    node.attrs.push(['xmlns', '']);
    scope = '';
  }
  node.children.forEach((child) => toDefaultNamespace(child, prefix, ns, scope));
}
