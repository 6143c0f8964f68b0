import { createHash } from 'node:crypto';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { ErrorCode } from '../error-codes';

/** What the TLS layer knows about the caller's certificate, read off the connection. */
export interface PresentedCertificate {
  /** The connection is TLS at all. */
  encrypted: boolean;
  /** The caller's certificate (DER), when it sent one. */
  der?: Buffer;
  /** OpenSSL's reason, as Node reports it, when the certificate did not verify against the client CA. */
  authorizationError?: string;
}

export type CertificateVerdict =
  | { accepted: true; fingerprint: string }
  | { accepted: false; code: Extract<ErrorCode, `CLIENT_CERTIFICATE_${string}`>; reason: string };

/** OpenSSL's verdicts about the validity dates; every other verdict means the chain is not trusted. */
const OUTSIDE_VALIDITY = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);

/** The caller's certificate, as the connection presents it (plain HTTP presents none). */
export function presentedCertificate(socket: Socket): PresentedCertificate {
  const tls = socket as Partial<TLSSocket>;
  if (!tls.encrypted || typeof tls.getPeerCertificate !== 'function') return { encrypted: false };
  const peer = tls.getPeerCertificate();
  const der = peer && Buffer.isBuffer(peer.raw) ? peer.raw : undefined;
  const error = tls.authorized ? undefined : String(tls.authorizationError ?? 'UNABLE_TO_VERIFY_CERTIFICATE');
  return { encrypted: true, der, authorizationError: error };
}

/** Whether a presented certificate may identify the caller, and if not, which stable code says why. */
export function judgeCertificate(presented: PresentedCertificate): CertificateVerdict {
  if (!presented.encrypted) {
    return { accepted: false, code: 'CLIENT_CERTIFICATE_REQUIRED', reason: 'The call did not come over HTTPS' };
  }
  if (!presented.der) {
    return { accepted: false, code: 'CLIENT_CERTIFICATE_REQUIRED', reason: 'No client certificate was sent' };
  }
  if (presented.authorizationError && OUTSIDE_VALIDITY.has(presented.authorizationError)) {
    return { accepted: false, code: 'CLIENT_CERTIFICATE_EXPIRED', reason: presented.authorizationError };
  }
  if (presented.authorizationError === 'CERT_REVOKED') {
    return { accepted: false, code: 'CLIENT_CERTIFICATE_REVOKED', reason: presented.authorizationError };
  }
  if (presented.authorizationError) {
    return { accepted: false, code: 'CLIENT_CERTIFICATE_UNTRUSTED', reason: presented.authorizationError };
  }
  return { accepted: true, fingerprint: certificateFingerprint(presented.der) };
}

/** How the gateway names a certificate: SHA-256 of its DER bytes, lower-case hex. */
export function certificateFingerprint(der: Buffer): string {
  return createHash('sha256').update(der).digest('hex');
}

/** The organisation a registered certificate belongs to. */
export interface CertifiedOrganisation {
  organisationId: number;
  ukprn: string;
  organisationRef: string | null;
}

/** The port through which the SOAP front door looks certificates up (implemented in users/). */
export interface CertificateRegistry {
  organisationOf(fingerprint: string): Promise<CertifiedOrganisation | undefined>;
}
