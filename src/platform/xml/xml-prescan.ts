import { DomainError } from '../errors';

export interface XmlLimits {
  maxDepth: number;
  maxNameLength: number;
  maxAttributes: number;
}

/**
 * One linear pass over the raw text before any parser sees it: refuses document type
 * declarations (so no entity can be defined, expanded or fetched: XXE, billion laughs) and
 * processing instructions other than the XML declaration, and caps element nesting, name
 * length and attributes per element. It reads only markup, so its cost is a scan of the body.
 */
export function prescanXml(xml: string, limits: XmlLimits): void {
  let depth = 0;
  let i = xml.indexOf('<');
  while (i !== -1 && i < xml.length) {
    const next = xml.charCodeAt(i + 1);
    if (next === 0x21 /* ! */) {
      i = skipDeclaration(xml, i);
    } else if (next === 0x3f /* ? */) {
      const end = xml.indexOf('?>', i + 2);
      if (end === -1) throw malformed('an unterminated processing instruction');
      const target = /^<\?([^\s?]+)/.exec(xml.slice(i, Math.min(end + 2, i + 64)))?.[1] ?? '';
      if (target !== 'xml' || i !== xml.search(/\S/)) {
        throw new DomainError('MESSAGE_FORBIDDEN_CONSTRUCT', 'Processing instructions are not accepted');
      }
      i = end + 2;
    } else if (next === 0x2f /* / */) {
      depth -= 1;
      const end = xml.indexOf('>', i);
      if (end === -1) throw malformed('an unterminated end tag');
      i = end + 1;
    } else {
      i = scanStartTag(xml, i, limits, () => {
        depth += 1;
        if (depth > limits.maxDepth) {
          throw new DomainError('MESSAGE_LIMIT_EXCEEDED', `Elements are nested deeper than ${limits.maxDepth} levels`);
        }
      });
    }
    i = xml.indexOf('<', i);
  }
}

function skipDeclaration(xml: string, i: number): number {
  if (xml.startsWith('<!--', i)) {
    const end = xml.indexOf('-->', i + 4);
    if (end === -1) throw malformed('an unterminated comment');
    return end + 3;
  }
  if (xml.startsWith('<![CDATA[', i)) {
    const end = xml.indexOf(']]>', i + 9);
    if (end === -1) throw malformed('an unterminated CDATA section');
    return end + 3;
  }
  throw new DomainError('MESSAGE_FORBIDDEN_CONSTRUCT', 'Document type declarations and entity declarations are not accepted');
}

/** Returns the index after the tag; calls `opened` unless the tag closes itself. */
function scanStartTag(xml: string, start: number, limits: XmlLimits, opened: () => void): number {
  let i = start + 1;
  const nameStart = i;
  while (i < xml.length && !isNameEnd(xml.charCodeAt(i))) i++;
  checkName(i - nameStart, limits);
  let attributes = 0;
  while (i < xml.length) {
    const c = xml.charCodeAt(i);
    if (c === 0x3e /* > */) {
      if (xml.charCodeAt(i - 1) !== 0x2f /* / */) opened();
      return i + 1;
    }
    if (c === 0x22 || c === 0x27 /* quotes */) {
      const end = xml.indexOf(String.fromCharCode(c), i + 1);
      if (end === -1) throw malformed('an unterminated attribute value');
      i = end + 1;
      continue;
    }
    if (!isSpace(c) && c !== 0x2f && c !== 0x3d /* = */) {
      const attributeStart = i;
      while (i < xml.length && !isNameEnd(xml.charCodeAt(i)) && xml.charCodeAt(i) !== 0x3d) i++;
      checkName(i - attributeStart, limits);
      attributes += 1;
      if (attributes > limits.maxAttributes) {
        throw new DomainError('MESSAGE_LIMIT_EXCEEDED', `An element has more than ${limits.maxAttributes} attributes`);
      }
      continue;
    }
    i++;
  }
  throw malformed('an unterminated start tag');
}

function checkName(length: number, limits: XmlLimits): void {
  if (length > limits.maxNameLength) {
    throw new DomainError('MESSAGE_LIMIT_EXCEEDED', `A name is longer than ${limits.maxNameLength} characters`);
  }
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

function isNameEnd(c: number): boolean {
  return isSpace(c) || c === 0x3e || c === 0x2f;
}

function malformed(what: string): DomainError {
  return new DomainError('MESSAGE_MALFORMED', `The request is not well-formed XML: ${what}`);
}
