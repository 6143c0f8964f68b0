import { DomainError } from '../errors';

export interface XmlLimits {
  maxDepth: number;
  maxNameLength: number;
  maxAttributes: number;
}

/** The longest XML declaration read (`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` is 55). */
const MAX_DECLARATION = 1024;

type State = 'text' | 'open' | 'bang' | 'until' | 'pi' | 'end-tag' | 'tag-name' | 'in-tag' | 'attribute-name' | 'value';

/**
 * One linear pass over the raw text before any parser sees it: refuses document type
 * declarations (so no entity can be defined, expanded or fetched: XXE, billion laughs) and
 * processing instructions other than the XML declaration, and caps element nesting, name
 * length and attributes per element. It reads only markup, so its cost is a scan of the body.
 *
 * The text may come in pieces (`write` each, then `end`): a batch file is scanned as it streams,
 * and refused at the first piece that breaks a limit, before a parser whose attribute handling
 * is quadratic (sax) has seen that piece.
 */
export class XmlPrescan {
  /** The XML declaration's content (`version="1.0" encoding="UTF-8"`), once it has been read. */
  declaration: string | undefined;
  private state: State = 'text';
  private depth = 0;
  /** Something other than white space has been seen: a processing instruction now is not the declaration. */
  private started = false;
  private atStart = false;
  /** The markup being recognised across pieces: `<!` and what follows, or a processing instruction. */
  private buffer = '';
  private terminator = '';
  private unterminated = '';
  private nameLength = 0;
  private attributes = 0;
  private quote = 0;
  private previous = 0;

  constructor(private readonly limits: XmlLimits) {}

  write(text: string): void {
    let i = 0;
    while (i < text.length) i = this.step(text, i);
  }

  /** The text has ended: anything still open is not well-formed. */
  end(): void {
    switch (this.state) {
      case 'text':
        return;
      case 'bang':
        throw forbiddenDeclaration();
      case 'until':
      case 'pi':
        throw malformed(this.unterminated);
      case 'end-tag':
        throw malformed('an unterminated end tag');
      case 'value':
        throw malformed('an unterminated attribute value');
      default:
        throw malformed('an unterminated start tag');
    }
  }

  /** Reads on from `i` in the current state; returns where it stopped. */
  private step(text: string, i: number): number {
    switch (this.state) {
      case 'text':
        return this.text(text, i);
      case 'open':
        return this.open(text, i);
      case 'bang':
        return this.bang(text, i);
      case 'until':
        return this.until(text, i);
      case 'pi':
        return this.processingInstruction(text, i);
      case 'end-tag': {
        const end = text.indexOf('>', i);
        if (end === -1) return text.length;
        this.depth -= 1;
        this.state = 'text';
        return end + 1;
      }
      case 'tag-name':
      case 'attribute-name':
        return this.name(text, i);
      case 'in-tag':
        return this.inTag(text, i);
      case 'value': {
        const end = text.indexOf(String.fromCharCode(this.quote), i);
        if (end === -1) return text.length;
        this.previous = this.quote;
        this.state = 'in-tag';
        return end + 1;
      }
    }
  }

  private text(text: string, i: number): number {
    const lt = text.indexOf('<', i);
    if (!this.started) this.started = /\S/.test(lt === -1 ? text.slice(i) : text.slice(i, lt));
    this.atStart = !this.started;
    if (lt === -1) return text.length;
    this.started = true;
    this.state = 'open';
    return lt + 1;
  }

  private open(text: string, i: number): number {
    const next = text.charCodeAt(i);
    if (next === 0x21 /* ! */) {
      this.state = 'bang';
      this.buffer = '<!';
      return i + 1;
    }
    if (next === 0x3f /* ? */) {
      this.state = 'pi';
      this.buffer = '';
      this.unterminated = 'an unterminated processing instruction';
      return i + 1;
    }
    if (next === 0x2f /* / */) {
      this.state = 'end-tag';
      return i + 1;
    }
    this.state = 'tag-name';
    this.nameLength = 0;
    this.attributes = 0;
    this.previous = 0;
    return i;
  }

  /** `<!`: a comment or a CDATA section; anything else is a declaration, refused. */
  private bang(text: string, i: number): number {
    while (i < text.length) {
      this.buffer += text[i++];
      if (this.buffer === '<!--') return this.skipTo('-->', 'an unterminated comment', i);
      if (this.buffer === '<![CDATA[') return this.skipTo(']]>', 'an unterminated CDATA section', i);
      if (!'<!--'.startsWith(this.buffer) && !'<![CDATA['.startsWith(this.buffer)) throw forbiddenDeclaration();
    }
    return i;
  }

  private skipTo(terminator: string, unterminated: string, i: number): number {
    this.state = 'until';
    this.terminator = terminator;
    this.unterminated = unterminated;
    this.buffer = '';
    return i;
  }

  /** Inside a comment or CDATA section; `buffer` holds the end of the last piece, which may begin the terminator. */
  private until(text: string, i: number): number {
    const terminator = this.terminator;
    if (this.buffer !== '') {
      const end = (this.buffer + text.slice(i, i + terminator.length - 1)).indexOf(terminator);
      if (end !== -1) return this.markupEnded(i + end + terminator.length - this.buffer.length);
    }
    const end = text.indexOf(terminator, i);
    if (end !== -1) return this.markupEnded(end + terminator.length);
    const tail = text.slice(Math.max(i, text.length - (terminator.length - 1)));
    this.buffer = (this.buffer + tail).slice(-(terminator.length - 1));
    return text.length;
  }

  private markupEnded(after: number): number {
    this.state = 'text';
    this.buffer = '';
    return after;
  }

  private processingInstruction(text: string, i: number): number {
    const seen = this.buffer + text.slice(i, i + MAX_DECLARATION + 2 - this.buffer.length);
    const end = seen.indexOf('?>');
    if (end === -1 && seen.length <= MAX_DECLARATION) {
      this.buffer = seen;
      return text.length;
    }
    const target = /^([^\s?]+)/.exec(seen.slice(0, 64))?.[1] ?? '';
    if (target !== 'xml' || !this.atStart) {
      throw new DomainError('MESSAGE_FORBIDDEN_CONSTRUCT', 'Processing instructions are not accepted');
    }
    if (end === -1) throw malformed(`an XML declaration longer than ${MAX_DECLARATION} characters`);
    this.declaration = seen.slice(3, end).trim();
    return this.markupEnded(end + 2 - this.buffer.length + i);
  }

  /** An element or attribute name, its length checked as it is read. */
  private name(text: string, i: number): number {
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (isNameEnd(c) || (this.state === 'attribute-name' && c === 0x3d) /* = */) {
        this.state = 'in-tag';
        return i;
      }
      this.nameLength += 1;
      if (this.nameLength > this.limits.maxNameLength) {
        throw new DomainError('MESSAGE_LIMIT_EXCEEDED', `A name is longer than ${this.limits.maxNameLength} characters`);
      }
      this.previous = c;
      i++;
    }
    return i;
  }

  private inTag(text: string, i: number): number {
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 0x3e /* > */) {
        if (this.previous !== 0x2f /* / */) this.opened();
        this.state = 'text';
        return i + 1;
      }
      if (c === 0x22 || c === 0x27 /* quotes */) {
        this.state = 'value';
        this.quote = c;
        return i + 1;
      }
      if (!isSpace(c) && c !== 0x2f && c !== 0x3d /* = */) {
        this.attributes += 1;
        if (this.attributes > this.limits.maxAttributes) {
          throw new DomainError('MESSAGE_LIMIT_EXCEEDED', `An element has more than ${this.limits.maxAttributes} attributes`);
        }
        this.state = 'attribute-name';
        this.nameLength = 0;
        return i;
      }
      this.previous = c;
      i++;
    }
    return i;
  }

  private opened(): void {
    this.depth += 1;
    if (this.depth > this.limits.maxDepth) {
      throw new DomainError('MESSAGE_LIMIT_EXCEEDED', `Elements are nested deeper than ${this.limits.maxDepth} levels`);
    }
  }
}

/** The whole text at once (a SOAP message). */
export function prescanXml(xml: string, limits: XmlLimits): void {
  const scan = new XmlPrescan(limits);
  scan.write(xml);
  scan.end();
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

function isNameEnd(c: number): boolean {
  return isSpace(c) || c === 0x3e || c === 0x2f;
}

function forbiddenDeclaration(): DomainError {
  return new DomainError('MESSAGE_FORBIDDEN_CONSTRUCT', 'Document type declarations and entity declarations are not accepted');
}

function malformed(what: string): DomainError {
  return new DomainError('MESSAGE_MALFORMED', `The request is not well-formed XML: ${what}`);
}
