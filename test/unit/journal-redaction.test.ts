import { clip, REDACTED, redactJson, redactXml } from '../../src/journal/journal.rules';

describe('the request journal keeps no secret', () => {
  test.each([
    ['WS-Security PasswordText', '<wsse:Password Type="…#PasswordText">Compat-Test-2026</wsse:Password>', 'Compat-Test-2026'],
    [
      'a digest and its nonce',
      '<wsse:Password Type="…#PasswordDigest">abc=</wsse:Password><wsse:Nonce EncodingType="x">bm9uY2U=</wsse:Nonce>',
      'bm9uY2U=',
    ],
    ['an OrgPassword, unqualified', '<UKPRN>10099901</UKPRN><OrgPassword>AO1WebService#01</OrgPassword>', 'AO1WebService#01'],
    [
      'an R9 invokingOrganisation password',
      '<a:Password>AO1WebService#01</a:Password><a:Username>victor.vance</a:Username>',
      'AO1WebService#01',
    ],
    ['a secret answer', '<ao:SecretAnswer>Compat Primary School</ao:SecretAnswer>', 'Compat Primary School'],
    ['a one-time password', '<OneTimePassword>Zx9-pq</OneTimePassword>', 'Zx9-pq'],
    ['a password attribute', '<x password="hunter22"/>', 'hunter22'],
    ['CDATA', '<OrgPassword><![CDATA[AO1WebService#01]]></OrgPassword>', 'AO1WebService#01'],
  ])('%s', (_what, xml, secret) => {
    const kept = redactXml(`<root>${xml}<ULN>1026893096</ULN></root>`);
    expect(kept).not.toContain(secret);
    expect(kept).toContain(REDACTED);
    expect(kept).toContain('<ULN>1026893096</ULN>');
  });

  test('a request the parser would refuse is redacted as surely', () => {
    const kept = redactXml('<!DOCTYPE x><a><OrgPassword>AO1WebService#01</OrgPassword><b>');
    expect(kept).not.toContain('AO1WebService#01');
  });

  test('elements whose names say nothing of secrets are kept', () => {
    expect(redactXml('<GivenName>Sample</GivenName><PasswordExpiryDays>90</PasswordExpiryDays>')).toBe(
      `<GivenName>Sample</GivenName><PasswordExpiryDays>${REDACTED}</PasswordExpiryDays>`,
    );
  });

  test('JSON: secret-named fields at any depth, and text that is not JSON', () => {
    const kept = redactJson(JSON.stringify({ username: 'a', password: 'p1', nested: [{ secretAnswer: 's', ok: 1 }] }));
    expect(JSON.parse(kept)).toEqual({ username: 'a', password: REDACTED, nested: [{ secretAnswer: REDACTED, ok: 1 }] });
    expect(redactJson('password=hunter22')).toBe('[17 characters that are not JSON]');
    expect(redactJson('')).toBe('');
  });

  test('clip keeps short text and says how much of a long one was left out', () => {
    expect(clip('abc', 3)).toBe('abc');
    expect(clip('abcdef', 3)).toBe('abc\n[… 3 more characters not kept]');
  });
});
