import type { Request } from 'express';
import type { Authenticator } from '../platform/auth/authenticator';
import type { CallContext } from '../platform/call-context';
import { sourceAddress } from '../platform/http/rate-limits';
import { objectOf, optionalTextOf, textOf, type XmlObject } from '../platform/xml/xml-object';
import { escapeXml } from '../platform/xml/xml-writer';
import { domainFaultWriter } from './lrs-faults';
import { authenticateOrganisationUser, type OrganisationCredentials } from './lrs-learner-service';
import type { AuthorisedCall, SoapCall, SoapOperation } from './soap-call';
import type { SoapSurface } from './soap-endpoint';

export const R9_NS = 'http://tempuri.org/';
export const R9_MODEL_NS = 'http://api.lrs.qcf.gov.uk/model';
export const R9_MIAP_NS = 'http://schemas.datacontract.org/2004/07/Amor.Qcf.MIAPModel';
export const R9_ARRAYS_NS = 'http://schemas.microsoft.com/2003/10/Serialization/Arrays';
const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';

/**
 * The LRS-compatible learner record service (/LearnerServiceR9.svc, docs/contracts.md, "LearnerServiceR9"):
 * the caller is the `invokingOrganisation` parameter (its Ukprn or Reference, Password and Username, checked as
 * the Learner Register checks UKPRN, OrgPassword and UserName); refusals are DomainFaults.
 * docs/decisions/0080-learner-service-r9-wire-shape.md
 */
export function lrsLearnerServiceR9Surface(authenticator: Authenticator, operations: SoapOperation[]): SoapSurface {
  return {
    surface: 'soap-lrs',
    path: '/LearnerServiceR9.svc',
    wsdlFile: 'wsdl/learner-service-r9.wsdl',
    schemaFile: 'wsdl/envelope-learner-service-r9.xsd',
    serviceName: 'LearnerServiceR9Proxy',
    portName: 'BasicHttpBinding_ILearnerServiceR9',
    operations,
    understoodHeaders: new Set(),
    authenticate: (call: SoapCall, req: Request) =>
      authenticateOrganisationUser(authenticator, invokingCredentials(call.payload ?? {}), sourceAddress(req)),
    claimedUsername: (payload) => optionalTextOf(objectOf(payload, 'invokingOrganisation'), 'Username'),
    claimedOrganisation: (payload) => {
      const { ukprn, organisationRef } = invokingCredentials(payload);
      return { ukprn, organisationRef };
    },
    faults: domainFaultWriter,
  };
}

/**
 * `invokingOrganisation`: an InvokingOrganisation names the OrganisationRef `Reference`, the
 * InvokingOrganisationR10 of GetLearnerLearningEvents `OrganisationRef`.
 */
function invokingCredentials(payload: XmlObject): OrganisationCredentials {
  const invoking = objectOf(payload, 'invokingOrganisation');
  return {
    ukprn: optionalTextOf(invoking, 'Ukprn'),
    organisationRef: optionalTextOf(invoking, 'Reference') ?? optionalTextOf(invoking, 'OrganisationRef'),
    orgPassword: textOf(invoking, 'Password'),
    userName: textOf(invoking, 'Username'),
  };
}

export function r9CallContext(call: AuthorisedCall): CallContext {
  return { principal: call.principal, correlationId: call.correlationId, surface: 'soap-lrs' };
}

/** One R9 operation: request element and SOAPAction named after it, and its read, handle and write steps. */
export function r9Operation<Request, Result>(
  name: string,
  roles: SoapOperation['roles'],
  steps: Pick<SoapOperation<Request, Result>, 'read' | 'handle' | 'write'>,
): SoapOperation<Request, Result> {
  return { name, requestElement: `{${R9_NS}}${name}`, soapAction: `${R9_NS}ILearnerServiceR9/${name}`, roles, ...steps };
}

/**
 * `<Operation>Response xmlns="http://tempuri.org/"><Operation>Result …>` as WCF writes it: the result's
 * members under the a: prefix (the model namespace), nulls as i:nil.
 */
export function r9Response(operation: string, resultBody: string | null): string {
  const result =
    resultBody === null
      ? `<${operation}Result xmlns:i="${XSI_NS}" i:nil="true"/>`
      : `<${operation}Result xmlns:a="${R9_MODEL_NS}" xmlns:i="${XSI_NS}">${resultBody}</${operation}Result>`;
  return `<${operation}Response xmlns="${R9_NS}">${result}</${operation}Response>`;
}

/** A result that is a plain string (UpdateLearnerSubsetFieldsResult). */
export function r9StringResponse(operation: string, value: string): string {
  return `<${operation}Response xmlns="${R9_NS}"><${operation}Result>${escapeXml(value)}</${operation}Result></${operation}Response>`;
}

export type MemberValue = string | number | boolean | null | undefined;

/**
 * A DataContract member (`prefix:Name`): its value; `i:nil="true"` for null; an empty element for
 * an empty string; nothing at all for undefined (a member the service does not emit).
 */
export function member(name: string, value: MemberValue): string {
  if (value === undefined) return '';
  if (value === null) return `<${name} i:nil="true"/>`;
  const text = String(value);
  return text === '' ? `<${name}/>` : `<${name}>${escapeXml(text)}</${name}>`;
}

/** A complex member: its children, or i:nil for null. `declarations` adds namespace bindings (xmlns:b="…"). */
export function complexMember(name: string, children: string | null, declarations = ''): string {
  if (children === null) return `<${name}${declarations} i:nil="true"/>`;
  return children === '' ? `<${name}${declarations}/>` : `<${name}${declarations}>${children}</${name}>`;
}

/** A calendar date as the xs:dateTime WCF writes for a DateTime without a time (2012-05-25T00:00:00). */
export function dateTimeOfDate(date: string | null | undefined): string | null {
  return date ? `${date}T00:00:00` : null;
}
