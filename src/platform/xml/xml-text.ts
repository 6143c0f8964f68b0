import { DomainError } from '../errors';

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const UTF8_NAMES = new Set(['utf-8', 'utf8']);

/**
 * The text of an XML request, which must be UTF-8 (docs/decisions/0049-utf8-only-requests.md).
 * A byte sequence that is not UTF-8 is refused as malformed, never repaired to U+FFFD (a repaired
 * name could then match another learner). A charset in the Content-Type or an encoding in the XML
 * declaration other than UTF-8 is refused: the message would be read as other characters than
 * the sender meant.
 */
export function decodeXmlRequest(body: Buffer, contentType: string | undefined): string {
  const charset = contentType && /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType)?.[1];
  if (charset && !UTF8_NAMES.has(charset.toLowerCase())) throw notUtf8(`the Content-Type says charset=${charset}`);
  // In every ASCII-compatible encoding the declaration is ASCII: it is read before the bytes are decoded.
  const declared = declaredEncoding(
    body
      .subarray(0, 256)
      .toString('latin1')
      .replace(/^\u00ef\u00bb\u00bf/, ''),
  );
  if (declared !== undefined && !UTF8_NAMES.has(declared.toLowerCase())) {
    throw notUtf8(`the XML declaration says encoding="${declared}"`);
  }
  try {
    return UTF8.decode(body);
  } catch {
    throw new DomainError('MESSAGE_MALFORMED', 'The request is not well-formed XML: it holds bytes that are not UTF-8');
  }
}

/** The encoding="…" of an XML declaration at the very start, if it names one (XML 1.0 section 4.3.3). */
function declaredEncoding(text: string): string | undefined {
  const declaration = /^<\?xml\s[^?]*\?>/.exec(text)?.[0] ?? '';
  const encoding = /\sencoding\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(declaration);
  return encoding ? (encoding[1] ?? encoding[2]) : undefined;
}

function notUtf8(why: string): DomainError {
  return new DomainError('MESSAGE_ENCODING_UNSUPPORTED', `Requests are accepted in UTF-8 only: ${why}`);
}
