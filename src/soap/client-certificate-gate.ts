import type { Request } from 'express';
import type { Principal } from '../platform/auth/accounts';
import type { Authenticator } from '../platform/auth/authenticator';
import {
  type CertificateRegistry,
  type CertifiedOrganisation,
  judgeCertificate,
  presentedCertificate,
} from '../platform/auth/client-certificate';
import type { ClientAuthMode } from '../config';
import { ERROR_CODES } from '../platform/error-codes';
import { DomainError } from '../platform/errors';
import type { SoapCall } from './soap-call';
import type { SoapAuthentication, SoapSurface } from './soap-endpoint';

/**
 * Client certificates on the SOAP surfaces, the real LRS's model (docs/contracts.md, "Authentication"): the
 * certificate says which organisation's MIS system is calling, and the request still names the
 * user (UserName in the body of the LRS services, the UsernameToken or Basic user on the AO
 * gateway). The certificate is checked first, so a caller without one cannot try passwords.
 *
 * - certificate-and-password: the surface's credentials are checked as without certificates,
 *   and the user they prove must belong to the certificate's organisation.
 * - certificate: the certificate stands in for the passwords (any sent are not checked, so an
 *   MIS set up for the real LRS keeps working unchanged); the named user must belong to the
 *   certificate's organisation, as must an organisation the body names.
 */
export function clientCertificateGate(
  mode: ClientAuthMode,
  registry: CertificateRegistry,
  authenticator: Authenticator,
): SoapAuthentication | undefined {
  if (mode === 'password') return undefined;
  return {
    async authenticate(surface: SoapSurface, call: SoapCall, req: Request): Promise<Principal> {
      const organisation = await certifiedOrganisation(registry, req);
      if (mode === 'certificate-and-password') {
        const principal = await surface.authenticate(call, req);
        if (principal.organisationId !== organisation.organisationId) throw mismatch();
        return principal;
      }
      const named = call.payload && surface.claimedOrganisation?.(call.payload);
      if (named && !namesOrganisation(named, organisation)) throw mismatch();
      const username = call.claimedUsername?.trim();
      if (!username) throw new DomainError('AUTH_REQUIRED', 'Name the user of your organisation who makes the call');
      return authenticator.authenticateCertifiedUser(organisation.organisationId, username);
    },
  };
}

async function certifiedOrganisation(registry: CertificateRegistry, req: Request): Promise<CertifiedOrganisation> {
  const verdict = judgeCertificate(presentedCertificate(req.socket));
  if (!verdict.accepted) throw new DomainError(verdict.code, `${ERROR_CODES[verdict.code].message} (${verdict.reason})`);
  const organisation = await registry.organisationOf(verdict.fingerprint);
  if (!organisation) {
    throw new DomainError(
      'CLIENT_CERTIFICATE_UNKNOWN',
      `No organisation has the certificate with SHA-256 ${verdict.fingerprint}`,
    );
  }
  return organisation;
}

function namesOrganisation(named: { ukprn?: string; organisationRef?: string }, organisation: CertifiedOrganisation): boolean {
  if (named.ukprn && named.ukprn !== organisation.ukprn) return false;
  if (named.organisationRef && named.organisationRef !== organisation.organisationRef) return false;
  return true;
}

const mismatch = () => new DomainError('CLIENT_CERTIFICATE_ORGANISATION_MISMATCH');
