/**
 * A journalled body laid out for reading: XML pretty-printed one element to a line and cut into
 * highlighted tokens, JSON indented, each line knowing the line of the original text it starts
 * on so that a diagnostic's "line 7" points at it (docs/decisions/0088-the-compatibility-console.md).
 *
 * The text is whatever a caller sent: not well-formed, cut short, hostile. Nothing here throws on
 * it, and nothing here makes markup: tokens are plain text that the templates escape.
 */

export type TokenKind = 'space' | 'markup' | 'name' | 'attribute' | 'value' | 'text' | 'comment' | 'declaration';

export interface Token {
  kind: TokenKind;
  text: string;
}

export interface CodeLine {
  /** The original line this one starts on, when it is the first to start there (shown in the margin). */
  sourceLine?: number;
  /** A diagnostic points at this line. */
  flagged: boolean;
  tokens: Token[];
}

export interface CodeView {
  lines: CodeLine[];
  /** The laid-out line (from 1) a diagnostic points at, or undefined when the body has no such line. */
  locate(mark: Mark): number | undefined;
}

/** Where a diagnostic says the trouble is: an original line and, when it names one, the element. */
export interface Mark {
  line: number;
  element?: string;
}

/** Past this depth lines are not indented further: a hostile nesting cannot make the page quadratic. */
const MAX_INDENT = 24;

type Item =
  | { type: 'open' | 'close' | 'empty' | 'other'; offset: number; tokens: Token[] }
  | { type: 'text'; offset: number; text: string };

/** The body as lines of tokens; `marks` are where its diagnostics point. */
export function codeView(body: string, format: 'xml' | 'json', marks: readonly Mark[] = []): CodeView {
  const laidOut = format === 'xml' ? layoutXml(body) : layoutJson(body);
  return withMarks(laidOut, marks);
}

interface Laid {
  start: number;
  tokens: Token[];
}

/** An element's local name on a laid-out line: the first name token, without its prefix. */
function elementOn(line: Laid): string | undefined {
  const name = line.tokens.find((token) => token.kind === 'name')?.text;
  return name?.slice(name.indexOf(':') + 1);
}

function withMarks(laid: Laid[], marks: readonly Mark[]): CodeView {
  const lines: CodeLine[] = laid.map((line, index) => ({
    sourceLine: index === 0 || laid[index - 1].start !== line.start ? line.start : undefined,
    flagged: false,
    tokens: line.tokens,
  }));
  /**
   * The line of the named element among those starting on the original line (a message sent on one
   * line has all its elements there), else the first starting there, else the one it is inside of.
   */
  const holder = ({ line: sourceLine, element }: Mark): number | undefined => {
    const named = element === undefined ? -1 : laid.findIndex((line) => line.start === sourceLine && elementOn(line) === element);
    if (named !== -1) return named;
    const first = laid.findIndex((line) => line.start === sourceLine);
    if (first !== -1) return first;
    let inside: number | undefined;
    for (let i = 0; i < laid.length && laid[i].start < sourceLine; i++) inside = i;
    return inside;
  };
  for (const mark of marks) {
    const index = holder(mark);
    if (index !== undefined) lines[index].flagged = true;
  }
  return {
    lines,
    locate(mark) {
      const index = holder(mark);
      return index === undefined ? undefined : index + 1;
    },
  };
}

/** Line numbers of offsets, read in increasing order. */
function lineCounter(text: string): (offset: number) => number {
  let line = 1;
  let at = 0;
  return (offset) => {
    for (; at < offset && at < text.length; at++) if (text.charCodeAt(at) === 10) line++;
    return line;
  };
}

function layoutXml(text: string): Laid[] {
  const items = scanXml(text);
  const lineOf = lineCounter(text);
  const laid: Laid[] = [];
  let depth = 0;
  const indent = (): Token[] => (depth > 0 ? [{ kind: 'space', text: '  '.repeat(Math.min(depth, MAX_INDENT)) }] : []);
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const start = lineOf(item.offset);
    if (item.type === 'text') {
      // Text of several lines (or a note that the body was cut) is laid out a line at a time.
      let offset = item.offset;
      for (const part of item.text.split('\n')) {
        const trimmed = part.trim();
        if (trimmed !== '') laid.push({ start: lineOf(offset), tokens: [...indent(), { kind: 'text', text: trimmed }] });
        offset += part.length + 1;
      }
      continue;
    }
    if (item.type === 'close') depth = Math.max(0, depth - 1);
    const tokens = [...indent(), ...item.tokens];
    if (item.type === 'open') {
      // <ULN>1026893096</ULN> and <Empty></Empty> stay on one line.
      const next = items[i + 1];
      const after = items[i + 2];
      if (next?.type === 'close') {
        laid.push({ start, tokens: [...tokens, ...next.tokens] });
        i += 1;
        continue;
      }
      if (next?.type === 'text' && !next.text.includes('\n') && after?.type === 'close') {
        laid.push({ start, tokens: [...tokens, { kind: 'text', text: next.text.trim() }, ...after.tokens] });
        i += 2;
        continue;
      }
      depth++;
    }
    laid.push({ start, tokens });
  }
  return laid;
}

/** The text as tags, text and the rest; whitespace between tags is dropped, anything unreadable kept as text. */
function scanXml(text: string): Item[] {
  const items: Item[] = [];
  const pushText = (from: number, to: number) => {
    const slice = text.slice(from, to);
    if (slice.trim() !== '') items.push({ type: 'text', offset: from, text: slice });
  };
  let i = 0;
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    if (lt === -1) {
      pushText(i, text.length);
      break;
    }
    pushText(i, lt);
    const special = specialAt(text, lt);
    if (special) {
      const close = text.indexOf(special.end, lt + special.begin.length);
      const to = close === -1 ? text.length : close + special.end.length;
      items.push({ type: 'other', offset: lt, tokens: [{ kind: special.kind, text: oneLine(text.slice(lt, to)) }] });
      i = to;
      continue;
    }
    const end = tagEnd(text, lt);
    if (end === -1) {
      // A '<' that starts no readable tag: it and what follows up to the next '<' are text.
      const next = text.indexOf('<', lt + 1);
      pushText(lt, next === -1 ? text.length : next);
      i = next === -1 ? text.length : next;
      continue;
    }
    items.push(tagItem(text.slice(lt, end + 1), lt));
    i = end + 1;
  }
  return items;
}

const SPECIALS = [
  { begin: '<!--', end: '-->', kind: 'comment' as const },
  { begin: '<![CDATA[', end: ']]>', kind: 'text' as const },
  { begin: '<?', end: '?>', kind: 'declaration' as const },
  { begin: '<!', end: '>', kind: 'declaration' as const },
];

function specialAt(text: string, at: number) {
  return SPECIALS.find((special) => text.startsWith(special.begin, at));
}

/** The '>' that ends the tag starting at `from`, outside quoted attribute values; -1 when another '<' or the end comes first. */
function tagEnd(text: string, from: number): number {
  let quote: string | undefined;
  for (let i = from + 1; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return i;
    else if (c === '<') return -1;
  }
  return -1;
}

const ATTRIBUTE = /(\s+)([^\s=/>]+)(?:(\s*=\s*)("[^"]*"|'[^']*'|[^\s"'>]+))?/y;

function tagItem(tag: string, offset: number): Item {
  const closing = tag.startsWith('</');
  const empty = !closing && tag.endsWith('/>');
  const inner = tag.slice(closing ? 2 : 1, tag.length - (empty ? 2 : 1));
  const name = /^[^\s/>]*/.exec(inner)?.[0] ?? '';
  const tokens: Token[] = [
    { kind: 'markup', text: closing ? '</' : '<' },
    { kind: 'name', text: name },
  ];
  let at = name.length;
  ATTRIBUTE.lastIndex = at;
  for (let match = ATTRIBUTE.exec(inner); match; match = ATTRIBUTE.exec(inner)) {
    tokens.push({ kind: 'space', text: ' ' }, { kind: 'attribute', text: match[2] });
    if (match[4] !== undefined) tokens.push({ kind: 'markup', text: '=' }, { kind: 'value', text: oneLine(match[4]) });
    at = ATTRIBUTE.lastIndex;
  }
  const rest = inner.slice(at).trim();
  if (rest !== '') tokens.push({ kind: 'space', text: ' ' }, { kind: 'text', text: oneLine(rest) });
  tokens.push({ kind: 'markup', text: empty ? '/>' : '>' });
  return { type: closing ? 'close' : empty ? 'empty' : 'open', offset, tokens };
}

function oneLine(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, ' ');
}

const JSON_MEMBER = /^(\s*)("(?:[^"\\]|\\.)*")(: )(.*)$/;

/** JSON indented by two; text that is not JSON is shown as it is. */
function layoutJson(text: string): Laid[] {
  let pretty: string;
  try {
    pretty = JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text.split('\n').map((line, index) => ({ start: index + 1, tokens: [{ kind: 'text', text: line }] }));
  }
  // Diagnostics of JSON exchanges name no line: the lines are numbered as laid out.
  return pretty.split('\n').map((line, index) => {
    const member = JSON_MEMBER.exec(line);
    const tokens: Token[] = member
      ? [
          { kind: 'space', text: member[1] },
          { kind: 'attribute', text: member[2] },
          { kind: 'markup', text: member[3] },
          { kind: 'value', text: member[4] },
        ]
      : [{ kind: 'value', text: line }];
    return { start: index + 1, tokens: tokens.filter((token) => token.text !== '') };
  });
}
