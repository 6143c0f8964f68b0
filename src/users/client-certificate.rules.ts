import { X509Certificate } from 'node:crypto';
import { certificateFingerprint } from '../platform/auth/client-certificate';
import { DomainError } from '../platform/errors';

/** What the gateway records of a client certificate. */
export interface CertificateFacts {
  fingerprint: string;
  subject: string;
  issuer: string;
  serialNumber: string;
  validFrom: Date;
  validTo: Date;
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;

/** Every certificate of a PEM bundle (the client CA file); anything that is not one is an error. */
export function pemCertificates(pem: string): X509Certificate[] {
  return [...pem.matchAll(PEM_BLOCK)].filter((m) => m[1] === 'CERTIFICATE').map((m) => new X509Certificate(m[0]));
}

const invalid = (reason: string) => new DomainError('CLIENT_CERTIFICATE_INVALID', reason);

/**
 * A certificate an operator registers to an organisation: exactly one end-entity certificate in
 * PEM, valid now, and, when the gateway has a client CA, issued by it (a certificate the TLS
 * layer would refuse could never be used, so registering it would only mislead).
 */
export function registrableCertificate(pem: string, now: Date, clientCas: X509Certificate[] | undefined): CertificateFacts {
  const blocks = [...pem.matchAll(PEM_BLOCK)];
  if (blocks.some((m) => m[1].includes('PRIVATE KEY'))) {
    throw invalid('The text holds a private key: send the certificate only, and keep the key with the MIS');
  }
  if (blocks.length !== 1 || blocks[0][1] !== 'CERTIFICATE') {
    throw invalid('Send exactly one certificate in PEM (-----BEGIN CERTIFICATE-----)');
  }
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(blocks[0][0]);
  } catch {
    throw invalid('The PEM block is not an X.509 certificate');
  }
  if (certificate.ca) throw invalid('This is a CA certificate; register the MIS system’s own certificate');
  const validFrom = new Date(certificate.validFrom);
  const validTo = new Date(certificate.validTo);
  if (now < validFrom || now >= validTo) {
    throw invalid(`The certificate is valid from ${validFrom.toISOString()} to ${validTo.toISOString()}, not now`);
  }
  if (clientCas && !clientCas.some((ca) => certificate.checkIssued(ca) && certificate.verify(ca.publicKey))) {
    throw invalid(
      `The certificate is issued by "${certificate.issuer.replace(/\n/g, ', ')}", not by the client CA (TLS_CLIENT_CA_FILE)`,
    );
  }
  return {
    fingerprint: certificateFingerprint(certificate.raw),
    subject: certificate.subject.replace(/\n/g, ', '),
    issuer: certificate.issuer.replace(/\n/g, ', '),
    serialNumber: certificate.serialNumber,
    validFrom,
    validTo,
  };
}
