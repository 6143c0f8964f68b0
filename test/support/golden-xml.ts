import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { XmlElement } from 'libxml2-wasm';
import type { LibXml } from '../../src/platform/xml/libxml';

/**
 * Golden files compared as XML, not as text: element names with their namespace URIs (prefixes may
 * differ), in document order, with their attributes and text; whitespace between elements and
 * comments do not count. And xmllint, which validates them against the contract's schemas.
 */

const execFileAsync = promisify(execFile);

// ---------------------------------------------------------------------------------------------
// XML as comparable trees

/** An element: expanded name {namespace}local, attributes by expanded name, children, text. */
export interface Node {
  name: string;
  path: string;
  attributes: Record<string, string>;
  children: Node[];
  /** The text of a leaf (QNames resolved to {namespace}local); undefined for elements with element children. */
  text: string | undefined;
  /** Text beside element children (mixed content): must be whitespace in both documents. */
  strayText: string;
}

/** Elements whose text is a QName (SOAP 1.1 section 4.4.1): compared with the prefix resolved. */
const QNAME_TEXT = new Set(['{}faultcode']);

export function toTree(lib: LibXml, xml: string): Node {
  const doc = lib.XmlDocument.fromString(xml);
  try {
    return toNode(lib, doc.root, '', 0);
  } finally {
    doc.dispose();
  }
}

function toNode(lib: LibXml, element: XmlElement, parentPath: string, index: number): Node {
  const name = `{${element.namespaceUri ?? ''}}${element.name}`;
  const nodePath = `${parentPath}/${name}[${index}]`;
  const attributes: Record<string, string> = {};
  for (const attr of element.attrs) attributes[`{${attr.namespaceUri ?? ''}}${attr.name}`] = attr.value;
  const children: Node[] = [];
  let text = '';
  for (let child = element.firstChild; child; child = child.next) {
    if (child instanceof lib.XmlElement) children.push(toNode(lib, child, nodePath, children.length));
    else if (child instanceof lib.XmlText || child instanceof lib.XmlCData) text += child.content;
  }
  if (children.length > 0) return { name, path: nodePath, attributes, children, text: undefined, strayText: text.trim() };
  return {
    name,
    path: nodePath,
    attributes,
    children,
    text: QNAME_TEXT.has(name) ? resolveQName(element, text) : text,
    strayText: '',
  };
}

function resolveQName(element: XmlElement, value: string): string {
  const trimmed = value.trim();
  const colon = trimmed.indexOf(':');
  const prefix = colon < 0 ? '' : trimmed.slice(0, colon);
  const namespace = element.namespaceForPrefix(prefix);
  return namespace === null && prefix !== ''
    ? `{unbound prefix ${prefix}}${trimmed}`
    : `{${namespace ?? ''}}${trimmed.slice(colon + 1)}`;
}

// ---------------------------------------------------------------------------------------------
// Comparison

export interface Context {
  correlationId: string;
}

/** How to compare a leaf whose value changes on every call: a problem, or undefined when it matches. */
export type VaryingLeaf = (expected: string, actual: string, context: Context) => string | undefined;

/**
 * Every difference between two trees: element names with their namespace URIs, in document order,
 * attributes, text; `varying` leaves (by `{ns}parent/{ns}name`) compared their own way.
 */
export function differences(
  expected: Node,
  actual: Node,
  context: Context,
  varying: Record<string, VaryingLeaf> = {},
  parent = '',
): string[] {
  const where = expected.path;
  if (expected.name !== actual.name) return [`${where}: expected element ${expected.name}, got ${actual.name}`];
  const found: string[] = [];
  const attributeNames = new Set([...Object.keys(expected.attributes), ...Object.keys(actual.attributes)]);
  for (const attribute of attributeNames) {
    if (expected.attributes[attribute] !== actual.attributes[attribute]) {
      found.push(
        `${where}/@${attribute}: expected ${show(expected.attributes[attribute])}, got ${show(actual.attributes[attribute])}`,
      );
    }
  }
  if (expected.strayText !== actual.strayText) {
    found.push(`${where}: expected mixed text ${show(expected.strayText)}, got ${show(actual.strayText)}`);
  }
  const vary = varying[`${parent}/${expected.name}`];
  if (expected.text !== undefined && actual.text !== undefined) {
    const problem = vary
      ? vary(expected.text, actual.text, context)
      : expected.text === actual.text
        ? undefined
        : `expected ${show(expected.text)}, got ${show(actual.text)}`;
    if (problem) found.push(`${where}: ${problem}`);
    return found;
  }
  const expectedNames = expected.children.map((c) => c.name);
  const actualNames = actual.children.map((c) => c.name);
  if (expectedNames.join(' ') !== actualNames.join(' ')) {
    found.push(`${where}: expected children [${expectedNames.join(', ')}], got [${actualNames.join(', ')}]`);
    if (expected.text !== undefined || actual.text !== undefined) {
      found.push(`${where}: expected text ${show(expected.text)}, got ${show(actual.text)}`);
    }
  }
  const pairs = Math.min(expected.children.length, actual.children.length);
  for (let i = 0; i < pairs; i++) {
    if (expected.children[i].name === actual.children[i].name) {
      found.push(...differences(expected.children[i], actual.children[i], context, varying, expected.name));
    }
  }
  return found;
}

function show(value: string | undefined): string {
  return value === undefined ? '(none)' : JSON.stringify(value);
}

// ---------------------------------------------------------------------------------------------
// xmllint

export async function requireXmllint(): Promise<void> {
  try {
    await execFileAsync('xmllint', ['--version'], { timeout: 20_000 });
  } catch (error) {
    throw new Error(
      `xmllint cannot be run (${(error as Error).message.split('\n')[0]}): apt-get install -y --no-install-recommends libxml2-utils`,
    );
  }
}

export async function xmllintValidate(schema: string, file: string): Promise<{ valid: boolean; output: string }> {
  try {
    const { stdout, stderr } = await execFileAsync('xmllint', ['--noout', '--nonet', '--schema', schema, file], {
      timeout: 20_000,
    });
    return { valid: true, output: `${stdout}${stderr}` };
  } catch (error) {
    const e = error as { code?: unknown; stdout?: string; stderr?: string; message: string };
    if (typeof e.code !== 'number') throw error; // not run at all, or timed out
    return { valid: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}
