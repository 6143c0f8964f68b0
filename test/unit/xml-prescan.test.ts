import { prescanXml, XmlPrescan } from '../../src/platform/xml/xml-prescan';

const limits = { maxDepth: 8, maxNameLength: 20, maxAttributes: 3 };
const codeOf = (xml: string) => {
  try {
    prescanXml(xml, limits);
    return 'ok';
  } catch (error) {
    return (error as { code: string }).code;
  }
};

const cases: [string, string, string][] = [
  ['<?xml version="1.0"?><a><b x="1" y=\'>\'>t</b><c/></a>', 'ok', 'an ordinary document'],
  ['<a><!-- <!DOCTYPE in a comment --><b><![CDATA[<x><y><z>]]></b></a>', 'ok', 'markup inside comments and CDATA is text'],
  ['<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>', 'MESSAGE_FORBIDDEN_CONSTRUCT', 'a DOCTYPE'],
  ['<a><!ENTITY x "y"></a>', 'MESSAGE_FORBIDDEN_CONSTRUCT', 'an entity declaration'],
  ['<a><?php echo 1 ?></a>', 'MESSAGE_FORBIDDEN_CONSTRUCT', 'a processing instruction'],
  [`${'<a>'.repeat(9)}${'</a>'.repeat(9)}`, 'MESSAGE_LIMIT_EXCEEDED', 'nine levels deep'],
  [`${'<a>'.repeat(8)}${'</a>'.repeat(8)}`, 'ok', 'eight levels deep'],
  [`${'<a/>'.repeat(50)}`, 'ok', 'siblings do not nest'],
  [`<${'n'.repeat(21)}/>`, 'MESSAGE_LIMIT_EXCEEDED', 'a long element name'],
  [`<a ${'b'.repeat(21)}="1"/>`, 'MESSAGE_LIMIT_EXCEEDED', 'a long attribute name'],
  ['<a b="1" c="2" d="3" e="4"/>', 'MESSAGE_LIMIT_EXCEEDED', 'too many attributes'],
  ['<a b="1', 'MESSAGE_MALFORMED', 'an unterminated attribute'],
  ['<a><!-- never closed', 'MESSAGE_MALFORMED', 'an unterminated comment'],
  ['<a><![CDATA[ ]] > ]]]></a>', 'ok', 'a CDATA section holding most of its terminator'],
  ['<a><!-- - -- -></a> --></a>', 'ok', 'a comment holding most of its terminator'],
  ['  <?xml version="1.0"?><a/>', 'ok', 'white space before the declaration'],
  ['<a/><?xml version="1.0"?>', 'MESSAGE_FORBIDDEN_CONSTRUCT', 'a declaration after the document element'],
  ['x<?xml version="1.0"?><a/>', 'MESSAGE_FORBIDDEN_CONSTRUCT', 'a declaration after text'],
  ['<?xml-stylesheet href="a"?><a/>', 'MESSAGE_FORBIDDEN_CONSTRUCT', 'a processing instruction named like the declaration'],
  ['<?xml version="1.0"', 'MESSAGE_MALFORMED', 'an unterminated declaration'],
  ['<a b="1" c="2" d="3"/>', 'ok', 'as many attributes as allowed'],
  ['<a b="1" c="2" d="3"><e f="1" g="2" h="3"/></a>', 'ok', 'the attribute count is per element'],
  [`<a b="${'>'.repeat(30)}" c='"' d="'"/>`, 'ok', 'markup and quotes inside attribute values'],
  ['<a', 'MESSAGE_MALFORMED', 'an unterminated start tag'],
  ['<a></a', 'MESSAGE_MALFORMED', 'an unterminated end tag'],
  ['<a><!', 'MESSAGE_FORBIDDEN_CONSTRUCT', 'a declaration cut short'],
];

/** The same text fed in pieces of `size` characters. */
function codeInPieces(xml: string, cut: (xml: string) => string[]): string {
  const scan = new XmlPrescan(limits);
  try {
    for (const piece of cut(xml)) scan.write(piece);
    scan.end();
    return 'ok';
  } catch (error) {
    return (error as { code: string }).code;
  }
}

describe('the XML pre-scan', () => {
  test.each(cases)('%s: %s (%s)', (xml, code) => {
    expect(codeOf(xml)).toBe(code);
  });

  test.each(cases)('%s, read in pieces cut at every place, gives the same answer: %s', (xml, code) => {
    for (let at = 0; at <= xml.length; at++)
      expect([at, codeInPieces(xml, (x) => [x.slice(0, at), x.slice(at)])]).toEqual([at, code]);
    expect(codeInPieces(xml, (x) => [...x])).toBe(code);
  });

  test('the XML declaration is read, whatever pieces it comes in', () => {
    const xml = '<?xml version="1.0" encoding="ISO-8859-1"?><a/>';
    for (let at = 0; at <= xml.length; at++) {
      const scan = new XmlPrescan(limits);
      scan.write(xml.slice(0, at));
      scan.write(xml.slice(at));
      scan.end();
      expect(scan.declaration).toBe('version="1.0" encoding="ISO-8859-1"');
    }
  });

  test('an element with too many attributes is refused at the first attribute over the limit, before the tag ends', () => {
    const scan = new XmlPrescan(limits);
    expect(() => scan.write('<a b="1" c="2" d="3" e')).toThrow(/more than 3 attributes/);
  });
});
