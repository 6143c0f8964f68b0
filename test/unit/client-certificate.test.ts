import { certificateFingerprint, judgeCertificate } from '../../src/platform/auth/client-certificate';

const der = Buffer.from('not really DER, but bytes to fingerprint');

describe('judging the certificate a caller presents', () => {
  test.each([
    ['plain HTTP', { encrypted: false }, 'CLIENT_CERTIFICATE_REQUIRED'],
    ['HTTPS without a certificate', { encrypted: true }, 'CLIENT_CERTIFICATE_REQUIRED'],
    ['an expired certificate', { encrypted: true, der, authorizationError: 'CERT_HAS_EXPIRED' }, 'CLIENT_CERTIFICATE_EXPIRED'],
    [
      'a certificate not valid yet',
      { encrypted: true, der, authorizationError: 'CERT_NOT_YET_VALID' },
      'CLIENT_CERTIFICATE_EXPIRED',
    ],
    [
      'a certificate of an unknown CA',
      { encrypted: true, der, authorizationError: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' },
      'CLIENT_CERTIFICATE_UNTRUSTED',
    ],
    [
      'a self-signed certificate',
      { encrypted: true, der, authorizationError: 'DEPTH_ZERO_SELF_SIGNED_CERT' },
      'CLIENT_CERTIFICATE_UNTRUSTED',
    ],
    ['a revoked certificate', { encrypted: true, der, authorizationError: 'CERT_REVOKED' }, 'CLIENT_CERTIFICATE_REVOKED'],
    [
      'any certificate while the CRL is past its next update',
      { encrypted: true, der, authorizationError: 'CRL_HAS_EXPIRED' },
      'CLIENT_CERTIFICATE_UNTRUSTED',
    ],
    [
      'a certificate whose CA has no CRL when CRLs are checked',
      { encrypted: true, der, authorizationError: 'UNABLE_TO_GET_CRL' },
      'CLIENT_CERTIFICATE_UNTRUSTED',
    ],
  ])('%s is refused with %s', (_case, presented, code) => {
    const verdict = judgeCertificate(presented);
    expect(verdict).toMatchObject({ accepted: false, code });
  });

  test('a verified certificate is known by the SHA-256 of its DER bytes', () => {
    const verdict = judgeCertificate({ encrypted: true, der });
    expect(verdict).toEqual({ accepted: true, fingerprint: certificateFingerprint(der) });
    expect(certificateFingerprint(der)).toMatch(/^[0-9a-f]{64}$/);
  });

  test('the refusal names OpenSSL’s reason, so the MIS vendor can tell what is wrong', () => {
    const verdict = judgeCertificate({ encrypted: true, der, authorizationError: 'SELF_SIGNED_CERT_IN_CHAIN' });
    expect(verdict).toMatchObject({ reason: 'SELF_SIGNED_CERT_IN_CHAIN' });
  });
});
