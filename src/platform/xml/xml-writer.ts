/** Building response XML by hand, in schema order, with every value escaped. */
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

// Characters XML 1.0 cannot carry at all; they are dropped rather than emitted.
// eslint-disable-next-line no-control-regex
const NOT_XML_CHAR = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

/** Text content: & < > escaped (quotes need no escaping outside attributes). */
export function escapeXml(value: string): string {
  return value.replace(NOT_XML_CHAR, '').replace(/[&<>]/g, (c) => ESCAPES[c]);
}

/** An attribute value in double quotes. */
export function escapeAttribute(value: string): string {
  return value.replace(NOT_XML_CHAR, '').replace(/[&<>"]/g, (c) => ESCAPES[c]);
}

/** `<name>value</name>`; nothing when the value is undefined; `<name/>` for null or empty. */
export function leaf(name: string, value: string | number | null | undefined): string {
  if (value === undefined) return '';
  if (value === null || value === '') return `<${name}/>`;
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** `<name xsi:nil="true"/>` for null (the prefix must be declared by an ancestor). */
export function nillableLeaf(name: string, value: string | number | null | undefined): string {
  if (value === null) return `<${name} xsi:nil="true"/>`;
  return leaf(name, value);
}

export function element(name: string, ...children: string[]): string {
  return `<${name}>${children.join('')}</${name}>`;
}
