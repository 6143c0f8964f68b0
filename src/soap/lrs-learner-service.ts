import type { Request } from 'express';
import type { Authenticator } from '../platform/auth/authenticator';
import type { CallContext } from '../platform/call-context';
import { DomainError } from '../platform/errors';
import { sourceAddress } from '../platform/http/rate-limits';
import { optionalTextOf, textOf } from '../platform/xml/xml-object';
import { loadPatternTypes, lrsFaultWriter } from './lrs-faults';
import type { AuthorisedCall, SoapCall, SoapOperation } from './soap-call';
import type { SoapSurface } from './soap-endpoint';

export const LRS_REPORT_NS = 'http://api.lrs.miap.gov.uk/reportmsg';
export const LRS_VLD_NS = 'http://api.lrs.miap.gov.uk/vldmsg';
export const LRS_FIND_NS = 'http://api.lrs.miap.gov.uk/findmsg';
export const LRS_LEARNER_NS = 'http://api.lrs.miap.gov.uk/learner';

/**
 * The LRS-compatible Learner Register (/LearnerService.svc), wire-compatible with the real
 * service: credentials travel in the body (UKPRN or OrganisationRef, OrgPassword, UserName),
 * faults are MIAPAPIExceptions with WSEC codes.
 */
export function lrsLearnerServiceSurface(authenticator: Authenticator, operations: SoapOperation[]): SoapSurface {
  return {
    surface: 'soap-lrs',
    path: '/LearnerService.svc',
    wsdlFile: 'wsdl/learner-service.wsdl',
    schemaFile: 'wsdl/envelope-learner-service.xsd',
    serviceName: 'LearnerServiceProxy',
    portName: 'BasicHttpBinding_LearnerPortType',
    operations,
    // The real service uses no SOAP headers; WS-Addressing headers from generated clients are not mustUnderstand.
    understoodHeaders: new Set(),
    authenticate: (call: SoapCall, req: Request) => authenticateFromBody(authenticator, call, sourceAddress(req)),
    claimedUsername: (payload) => optionalTextOf(payload, 'UserName'),
    claimedOrganisation: (payload) => ({
      ukprn: optionalTextOf(payload, 'UKPRN'),
      organisationRef: optionalTextOf(payload, 'OrganisationRef'),
    }),
    faults: lrsFaultWriter((call) => `lrs-gateway.LearnerService.${call.operation?.name ?? 'unknown'}`, loadPatternTypes()),
  };
}

/** Every LRS request starts with OrganisationRef?, UKPRN?, OrgPassword, UserName (docs/contracts.md, "Authentication"). */
export function authenticateFromBody(authenticator: Authenticator, call: SoapCall, address: string) {
  const payload = call.payload ?? {};
  return authenticateOrganisationUser(
    authenticator,
    {
      ukprn: optionalTextOf(payload, 'UKPRN'),
      organisationRef: optionalTextOf(payload, 'OrganisationRef'),
      orgPassword: textOf(payload, 'OrgPassword'),
      userName: textOf(payload, 'UserName'),
    },
    address,
  );
}

/** The organisation (its UKPRN or OrganisationRef), its web-services password and one of its users, as the LRS services take them. */
export interface OrganisationCredentials {
  ukprn?: string;
  organisationRef?: string;
  orgPassword: string;
  userName: string;
}

export function authenticateOrganisationUser(
  authenticator: Authenticator,
  credentials: OrganisationCredentials,
  address: string,
) {
  const { ukprn, organisationRef } = credentials;
  if (!ukprn && !organisationRef) {
    throw new DomainError('ORGANISATION_UNKNOWN', 'Send the organisation UKPRN or OrganisationRef');
  }
  return authenticator.authenticateOrganisationUser({
    ukprn,
    organisationRef,
    orgPassword: credentials.orgPassword,
    userName: credentials.userName.trim(),
    address,
  });
}

export function lrsCallContext(call: AuthorisedCall): CallContext {
  return { principal: call.principal, correlationId: call.correlationId, surface: 'soap-lrs' };
}
