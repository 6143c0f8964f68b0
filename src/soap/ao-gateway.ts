import type { Request, Response } from 'express';
import type { Principal } from '../platform/auth/accounts';
import type { Authenticator } from '../platform/auth/authenticator';
import type { Role } from '../platform/auth/roles';
import type { CallContext } from '../platform/call-context';
import { basicAuthentication } from '../platform/http/basic-auth';
import { ERROR_CODES } from '../platform/error-codes';
import { DomainError, isDomainError } from '../platform/errors';
import { escapeXml } from '../platform/xml/xml-writer';
import { WSSE_NS, SoapProtocolError } from './envelope';
import type { SoapFault } from './fault-envelope';
import { HttpChallenge } from './http-challenge';
import type { AuthorisedCall, SoapCall, SoapOperation } from './soap-call';
import type { SoapFaultWriter, SoapSurface } from './soap-endpoint';

export const AO_NS = 'urn:lrs-gateway:ao:1';
const BASIC_CHALLENGE = 'Basic realm="lrs-gateway AO gateway", charset="UTF-8"';

/**
 * The AO gateway surface (/soap/ao): our own WSDL-first contract. Callers authenticate with a
 * WS-Security UsernameToken (PasswordText or PasswordDigest) or HTTP Basic; faults carry a
 * GatewayFault detail with the stable error code and the correlation id.
 */
export function aoGatewaySurface(authenticator: Authenticator, operations: SoapOperation[]): SoapSurface {
  const basic = basicAuthentication(authenticator);

  return {
    surface: 'soap-ao',
    path: '/soap/ao',
    wsdlFile: 'wsdl/ao-gateway.wsdl',
    schemaFile: 'wsdl/xsd/ao/ao-gateway.xsd',
    serviceName: 'AoGatewayService',
    portName: 'AoGatewaySoap11Port',
    operations,
    understoodHeaders: new Set([`{${WSSE_NS}}Security`]),
    async authenticate(call: SoapCall, req: Request) {
      if (call.usernameToken) {
        return authenticator.authenticateUser(call.usernameToken.username, call.usernameToken.credential);
      }
      if (req.headers.authorization?.startsWith('Basic ')) return basic(req, req.res as Response);
      throw new HttpChallenge(BASIC_CHALLENGE, 'AUTH_REQUIRED', 'Send a WS-Security UsernameToken or HTTP Basic credentials');
    },
    faults: aoFaultWriter,
  };
}

export const aoFaultWriter: SoapFaultWriter = {
  describe(error: unknown, call: SoapCall): SoapFault {
    const known = isDomainError(error) ? error : new DomainError('INTERNAL_ERROR');
    const faultcode = known instanceof SoapProtocolError ? known.faultcode : ERROR_CODES[known.code].side;
    const detailXml =
      `<ao:GatewayFault xmlns:ao="${AO_NS}">` +
      `<ao:Code>${known.code}</ao:Code>` +
      `<ao:Message>${escapeXml(known.message)}</ao:Message>` +
      `<ao:CorrelationId>${escapeXml(call.correlationId)}</ao:CorrelationId>` +
      '</ao:GatewayFault>';
    return { faultcode, faultstring: `${known.code}: ${known.message}`, detailXml };
  },
};

export function aoCallContext(call: AuthorisedCall): CallContext {
  return { principal: call.principal, correlationId: call.correlationId, surface: 'soap-ao' };
}

/** An operation of the AO gateway: its request element and SOAPAction follow from its name. */
export function aoOperation<Request, Result>(
  name: string,
  roles: readonly Role[],
  steps: Pick<SoapOperation<Request, Result>, 'read' | 'handle' | 'write' | 'carriesBatchFile'>,
): SoapOperation<Request, Result> {
  return { name, requestElement: `{${AO_NS}}${name}`, soapAction: `${AO_NS}/${name}`, roles, ...steps };
}
