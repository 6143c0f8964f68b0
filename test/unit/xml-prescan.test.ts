import { prescanXml } from '../../src/platform/xml/xml-prescan';

const limits = { maxDepth: 8, maxNameLength: 20, maxAttributes: 3 };
const codeOf = (xml: string) => {
  try {
    prescanXml(xml, limits);
    return 'ok';
  } catch (error) {
    return (error as { code: string }).code;
  }
};

describe('the XML pre-scan', () => {
  test.each([
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
  ])('%s: %s (%s)', (xml, code) => {
    expect(codeOf(xml)).toBe(code);
  });
});
