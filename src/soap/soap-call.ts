import type { Principal } from '../platform/auth/accounts';
import type { Surface } from '../platform/call-context';
import type { XmlObject } from '../platform/xml/xml-object';
import type { SchemaIssue } from '../platform/xml/xml-schema';
import type { Role } from '../platform/auth/roles';
import type { UsernameToken } from './wsse';

/** One SOAP request as it goes through the front door, authentication and the operation. */
export interface SoapCall {
  readonly correlationId: string;
  readonly surface: Surface;
  readonly httpMethod: string;
  operation?: SoapOperation;
  /** The validated request element as plain data. */
  payload?: XmlObject;
  usernameToken?: UsernameToken;
  /** The username the request claims (token, Basic header or body), for auditing refusals. */
  claimedUsername?: string;
  principal?: Principal;
  /** Set when the failure is a schema failure: libxml2's messages, for the fault detail. */
  schemaIssues?: string[];
  /** The same issues with their lines, for the request journal's diagnostics. */
  schemaIssueDetails?: SchemaIssue[];
}

/** A call that has passed validation and authentication. */
export interface AuthorisedCall extends SoapCall {
  operation: SoapOperation;
  payload: XmlObject;
  principal: Principal;
}

/**
 * One operation of a SOAP surface, declared once (docs/decisions/0075-operations-and-feature-modules.md): its
 * contract element, who may call it, and three steps the endpoint runs in turn: `read` the typed request from
 * the validated element, `handle` it (the use case call), `write` the result as the response payload element.
 */
export interface SoapOperation<Request = unknown, Result = unknown> {
  /** The binding operation name, as the WSDL names it (logs, metrics, audit). */
  name: string;
  /** `{namespace}LocalName` of the request element. */
  requestElement: string;
  soapAction: string;
  /** guide Appendix A: any of these roles may call the operation. */
  roles: readonly Role[];
  /** It carries a batch file: its request may be as large as the batch body limit, not only the usual one. */
  carriesBatchFile?: boolean;
  /** The operation's request, read from the request element that the schema has validated. */
  read(payload: XmlObject): Request;
  /** Runs the use case as the authorised caller. */
  handle(request: Request, call: AuthorisedCall): Promise<Result>;
  /** The response payload element, serialised. */
  write(result: Result): string;
}
