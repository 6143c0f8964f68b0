import { decodeXmlRequest } from '../../src/platform/xml/xml-text';

const outcome = (body: Buffer, contentType?: string): string => {
  try {
    return decodeXmlRequest(body, contentType);
  } catch (error) {
    return (error as { code: string }).code;
  }
};

describe('XML requests are read as UTF-8 only', () => {
  test.each([
    ['plain UTF-8', Buffer.from('<a>Zoë</a>'), undefined, '<a>Zoë</a>'],
    [
      'a UTF-8 declaration',
      Buffer.from('<?xml version="1.0" encoding="utf-8"?><a/>'),
      undefined,
      '<?xml version="1.0" encoding="utf-8"?><a/>',
    ],
    [
      'a UTF8 declaration in single quotes',
      Buffer.from("<?xml version='1.0' encoding='UTF8'?><a/>"),
      undefined,
      "<?xml version='1.0' encoding='UTF8'?><a/>",
    ],
    ['no encoding declared', Buffer.from('<?xml version="1.0"?><a/>'), undefined, '<?xml version="1.0"?><a/>'],
    ['a UTF-8 byte order mark', Buffer.from('\uFEFF<a/>'), undefined, '<a/>'],
    ['charset=utf-8', Buffer.from('<a/>'), 'text/xml; charset=utf-8', '<a/>'],
    ['charset="UTF-8" quoted, SOAP 1.2 style', Buffer.from('<a/>'), 'application/soap+xml; charset="UTF-8"; action="x"', '<a/>'],
    [
      'invalid bytes (Sam\\xff\\xfeple)',
      Buffer.concat([Buffer.from('<a>Sam'), Buffer.from([0xff, 0xfe]), Buffer.from('ple</a>')]),
      undefined,
      'MESSAGE_MALFORMED',
    ],
    [
      'a truncated sequence',
      Buffer.concat([Buffer.from('<a>Zo'), Buffer.from([0xc3]), Buffer.from('</a>')]),
      undefined,
      'MESSAGE_MALFORMED',
    ],
    [
      'an overlong encoding of /',
      Buffer.concat([Buffer.from('<a>'), Buffer.from([0xc0, 0xaf]), Buffer.from('</a>')]),
      undefined,
      'MESSAGE_MALFORMED',
    ],
    [
      'an encoded surrogate',
      Buffer.concat([Buffer.from('<a>'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('</a>')]),
      undefined,
      'MESSAGE_MALFORMED',
    ],
    ['UTF-16 with its byte order mark', Buffer.from('\uFEFF<a/>', 'utf16le'), undefined, 'MESSAGE_MALFORMED'],
    [
      'an ISO-8859-1 declaration',
      Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><a>Zoë</a>', 'latin1'),
      undefined,
      'MESSAGE_ENCODING_UNSUPPORTED',
    ],
    [
      'a windows-1252 declaration',
      Buffer.from("<?xml version='1.0' encoding='windows-1252'?><a/>"),
      undefined,
      'MESSAGE_ENCODING_UNSUPPORTED',
    ],
    ['charset=ISO-8859-1', Buffer.from('<a/>'), 'text/xml; charset=ISO-8859-1', 'MESSAGE_ENCODING_UNSUPPORTED'],
  ])('%s → %j', (_case, body, contentType, expected) => {
    expect(outcome(body, contentType)).toBe(expected);
  });
});
