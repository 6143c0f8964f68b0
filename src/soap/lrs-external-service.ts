import type { Request } from 'express';
import type { Authenticator } from '../platform/auth/authenticator';
import type { CallContext } from '../platform/call-context';
import { DomainError } from '../platform/errors';
import { sourceAddress } from '../platform/http/rate-limits';
import { objectOf, optionalTextOf } from '../platform/xml/xml-object';
import { domainFaultWriter } from './lrs-faults';
import type { AuthorisedCall, SoapCall, SoapOperation } from './soap-call';
import type { SoapSurface } from './soap-endpoint';

export const EXTERNAL_SERVICES_NS = 'http://api.lrs.qcf.gov.uk/services';
export const EXTERNAL_MODEL_NS = 'http://api.lrs.qcf.gov.uk/model';

/**
 * The LRS-compatible achievement upload service (/ExternalService.svc, docs/contracts.md, "Achievement upload"):
 * the caller is `invokingUser` (OrganisationRef, its web-services password, a user of it);
 * refusals are DomainFaults with the WSEC code and the explanation (base64, as its type says).
 */
export function lrsExternalServiceSurface(authenticator: Authenticator, operations: SoapOperation[]): SoapSurface {
  return {
    surface: 'soap-lrs',
    path: '/ExternalService.svc',
    wsdlFile: 'wsdl/external-service.wsdl',
    schemaFile: 'wsdl/envelope-external-service.xsd',
    serviceName: 'ExternalServiceProxy',
    portName: 'BasicHttpBinding_IExternalService',
    operations,
    understoodHeaders: new Set(),
    authenticate(call: SoapCall, req: Request) {
      const user = objectOf(call.payload ?? {}, 'invokingUser');
      const organisationRef = optionalTextOf(user, 'OrganisationRef');
      if (!organisationRef) throw new DomainError('ORGANISATION_UNKNOWN', 'Send invokingUser with the OrganisationRef');
      return authenticator.authenticateOrganisationUser({
        organisationRef,
        orgPassword: optionalTextOf(user, 'OrgPassword') ?? '',
        userName: optionalTextOf(user, 'UserName') ?? '',
        address: sourceAddress(req),
      });
    },
    claimedUsername: (payload) => optionalTextOf(objectOf(payload, 'invokingUser'), 'UserName'),
    claimedOrganisation: (payload) => ({ organisationRef: optionalTextOf(objectOf(payload, 'invokingUser'), 'OrganisationRef') }),
    faults: domainFaultWriter,
  };
}

export function externalCallContext(call: AuthorisedCall): CallContext {
  return { principal: call.principal, correlationId: call.correlationId, surface: 'soap-lrs' };
}
