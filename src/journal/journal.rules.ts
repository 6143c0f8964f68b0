/**
 * What the request journal keeps of an exchange: its bodies with every secret taken out before
 * anything is stored (docs/decisions/0087-the-request-journal.md). Pure functions.
 */

/** Element and field names whose value is a secret: passwords, OrgPasswords, nonces, digests, one-time passwords, secret answers. */
const SECRET_NAME = /password|passwd|nonce|secret|answer|otp|digest|token|authori[sz]ation|credential|cookie/i;

export const REDACTED = '[redacted]';

/**
 * An XML text with the content of every element whose local name says it holds a secret
 * replaced, and every attribute of that kind too. It works on text, not on a parsed tree, so
 * that a request the parser refused (not well-formed, hostile) is redacted as surely as a good one.
 */
export function redactXml(xml: string): string {
  let out = '';
  let from = 0;
  const openTag = /<((?:[\w.-]+:)?([\w.-]+))(\s[^<>]*?)?(\/?)>/g;
  for (let tag = openTag.exec(xml); tag; tag = openTag.exec(xml)) {
    const [whole, qname, local, attributes = '', selfClosing] = tag;
    out += xml.slice(from, tag.index) + `<${qname}${redactAttributes(attributes)}${selfClosing}>`;
    from = tag.index + whole.length;
    if (selfClosing || !SECRET_NAME.test(local)) continue;
    // Everything up to the element's own end tag goes, nested elements and CDATA included;
    // an element that never ends (a cut or hostile text) takes the rest of the text with it.
    const close = xml.indexOf(`</${qname}`, from);
    out += REDACTED;
    from = close === -1 ? xml.length : close;
    openTag.lastIndex = from;
  }
  return out + xml.slice(from);
}

function redactAttributes(attributes: string): string {
  return attributes.replace(/(\s(?:[\w.-]+:)?([\w.-]+)\s*=\s*)("[^"]*"|'[^']*')/g, (whole, before: string, local: string) =>
    SECRET_NAME.test(local) ? `${before}"${REDACTED}"` : whole,
  );
}

/** A JSON text with the value of every secret-named field replaced; text that is not JSON is kept only as its length. */
export function redactJson(text: string): string {
  if (text.trim() === '') return text;
  try {
    return JSON.stringify(redactValue(JSON.parse(text)));
  } catch {
    return `[${text.length} characters that are not JSON]`;
  }
}

function redactValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactValue);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_NAME.test(k) ? REDACTED : redactValue(v)]));
  }
  return value;
}

/** A stored body is cut at `max` characters, saying how much was left out. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}\n[… ${text.length - max} more characters not kept]`;
}

/** Is a secret-looking value still there? Used by the tests, and by the journal as a last check before storing. */
export function holdsSecret(text: string, secrets: readonly string[]): boolean {
  return secrets.some((secret) => secret.length > 0 && text.includes(secret));
}
