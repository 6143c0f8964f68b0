import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import * as soap from 'soap';
import type { Principal } from '../platform/auth/accounts';
import type { AuditTrail } from '../platform/audit/audit-trail';
import type { Surface } from '../platform/call-context';
import { DomainError, isDomainError } from '../platform/errors';
import { basicUsername } from '../platform/http/basic-auth';
import { type RateLimits, setRetryAfter, sourceAddress } from '../platform/http/rate-limits';
import { requestContext } from '../platform/http/request-context';
import type { Logger } from '../platform/logger';
import { projectPath } from '../platform/paths';
import type { LibXml } from '../platform/xml/libxml';
import { elementToValue, type XmlObject } from '../platform/xml/xml-object';
import { prescanXml, type XmlLimits } from '../platform/xml/xml-prescan';
import { parseXml, XmlSchema } from '../platform/xml/xml-schema';
import { decodeXmlRequest } from '../platform/xml/xml-text';
import { holdsAny } from '../platform/auth/roles';
import { ContractDocuments } from './contract-documents';
import { qualifiedName, readEnvelope, SOAP11_NS, SoapProtocolError } from './envelope';
import { type SoapFault, soap12FaultEnvelope, soapFaultEnvelope } from './fault-envelope';
import { challengeOf } from './http-challenge';
import type { AuthorisedCall, SoapCall, SoapOperation } from './soap-call';
import { readUsernameToken } from './wsse';

/** How a surface turns any error into its own fault (one mapper per surface); the endpoint picks the envelope. */
export interface SoapFaultWriter {
  describe(error: unknown, call: SoapCall): SoapFault;
}

export interface SoapSurface {
  surface: Surface;
  path: string;
  wsdlFile: string;
  /** The XSD that declares every request element of the surface (imports allowed). */
  schemaFile: string;
  serviceName: string;
  portName: string;
  operations: SoapOperation[];
  /** Header entries this surface processes, as `{namespace}LocalName` (for mustUnderstand). */
  understoodHeaders: ReadonlySet<string>;
  authenticate(call: SoapCall, req: Request): Promise<Principal>;
  /** Who the request says it is, before authentication, for the audit trail of refusals. */
  claimedUsername?(payload: XmlObject): string | undefined;
  /** The organisation the request names in its body, if the contract carries one (LRS surfaces). */
  claimedOrganisation?(payload: XmlObject): { ukprn?: string; organisationRef?: string };
  faults: SoapFaultWriter;
}

export interface SoapEndpointDeps {
  lib: LibXml;
  limits: XmlLimits;
  bodyLimitBytes: number;
  /** The larger limit of the operations that carry a batch file (SubmitBatchJob and the LRS batch submissions). */
  batchBodyLimitBytes: number;
  publicBaseUrl: string | undefined;
  validateResponses: boolean;
  audit: AuditTrail;
  logger: Logger;
  /** Set when CLIENT_AUTH_MODE asks for client certificates: it authenticates instead of the surface alone. */
  clientCertificates?: SoapAuthentication;
  rateLimits: RateLimits;
  /** Refuses every call while a maintenance window is in force (WSEC0004 on the LRS-compatible services). */
  maintenance: { ensureOpen(): Promise<void> };
}

/** Who is calling, for a surface: the surface's own credentials, or a client certificate gate around them. */
export interface SoapAuthentication {
  authenticate(surface: SoapSurface, call: SoapCall, req: Request): Promise<Principal>;
}

const SOAP_CALL = Symbol('soapCall');
type RequestWithCall = Request & { [SOAP_CALL]?: SoapCall };

/**
 * Mounts one SOAP surface: the contract documents on GET, and on POST the front door
 * (size limit, pre-scan, libxml2 parse, envelope, operation, SOAPAction, XSD validation,
 * authentication, role) before node-soap dispatches to the operation. Every failure on the
 * way becomes the surface's own SOAP 1.1 fault; nothing reaches node-soap unvalidated.
 */
export async function mountSoapSurface(router: Router, surface: SoapSurface, deps: SoapEndpointDeps): Promise<void> {
  const documents = new ContractDocuments(surface.wsdlFile);
  const schema = XmlSchema.load(deps.lib, projectPath(surface.schemaFile));
  const byElement = new Map(surface.operations.map((op) => [op.requestElement, op]));
  const endpointUrl = (req: Request) =>
    `${deps.publicBaseUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`}${surface.path}`;

  const sendFault = (res: Response, call: SoapCall, error: unknown) => {
    const context = requestContext(res);
    context.outcome = isDomainError(error) ? error.code : 'INTERNAL_ERROR';
    if (!isDomainError(error))
      deps.logger.error('soap call failed', { correlationId: call.correlationId, error: describe(error) });
    setRetryAfter(res, error);
    const challenge = challengeOf(error);
    if (challenge) res.status(401).set('WWW-Authenticate', challenge);
    else res.status(500);
    const fault = surface.faults.describe(error, call);
    // A SOAP 1.2 client can only read a SOAP 1.2 fault: it is told the version it sent is not spoken here.
    if (error instanceof SoapProtocolError && error.soap12Request) {
      res.type('application/soap+xml; charset=utf-8').send(soap12FaultEnvelope(fault));
    } else res.type('text/xml; charset=utf-8').send(soapFaultEnvelope(fault));
  };

  const auditFailure = (call: SoapCall, error: unknown) => {
    deps.audit.recordSoon({
      correlationId: call.correlationId,
      surface: surface.surface,
      operation: call.operation?.name ?? 'unknown',
      outcome: isDomainError(error) ? error.code : 'INTERNAL_ERROR',
      organisationId: call.principal?.organisationId,
      userId: call.principal?.userId,
      username: call.principal?.username ?? call.claimedUsername,
    });
  };

  /** Every refusal is audited and answered with the surface's fault. */
  const refuse = (res: Response, call: SoapCall, error: unknown) => {
    auditFailure(call, error);
    sendFault(res, call, error);
  };

  const newCall = (res: Response): SoapCall => {
    const context = requestContext(res);
    context.surface = surface.surface;
    return { correlationId: context.correlationId, surface: surface.surface, httpMethod: res.req.method };
  };

  // Per source address, first of all: a flood is turned away before its body is even read.
  // Not audited (a flood would become a flood of audit rows); counted in the metrics instead.
  router.use(surface.path, (req: Request, res: Response, next: NextFunction) => {
    deps.rateLimits.check('soap', 'address', sourceAddress(req)).then(
      () => next(),
      (error: unknown) => sendFault(res, newCall(res), error),
    );
  });

  router.get(surface.path, (req, res) => {
    const call = newCall(res);
    const query = Object.keys(req.query).map((k) => k.toLowerCase());
    const url = endpointUrl(req);
    let body: string | undefined;
    if (query.includes('wsdl')) body = documents.wsdl(url);
    else if (query.includes('singlewsdl')) body = documents.singleWsdl(url);
    else if (typeof req.query.xsd === 'string') body = documents.schema(req.query.xsd, url);
    if (body !== undefined) {
      requestContext(res).operation = 'contract';
      res.type('text/xml; charset=utf-8').send(body);
      return;
    }
    refuse(
      res,
      call,
      new DomainError('HTTP_METHOD_NOT_ALLOWED', 'Unsupported HTTP verb GET: ask for ?wsdl, ?singlewsdl or ?xsd='),
    );
  });

  // Which operation a request is for is known only once it is parsed: a surface that takes batch
  // files reads bodies up to the batch limit, and admit() holds every other operation to the usual one.
  const takesBatchFiles = surface.operations.some((op) => op.carriesBatchFile);
  const readLimit = takesBatchFiles ? Math.max(deps.bodyLimitBytes, deps.batchBodyLimitBytes) : deps.bodyLimitBytes;
  const rawBody = express.raw({ type: () => true, limit: readLimit, inflate: true });
  router.post(
    surface.path,
    (req: Request, res: Response, next: NextFunction) => {
      const encoding = (req.get('content-encoding') ?? 'identity').trim().toLowerCase();
      if (ACCEPTED_ENCODINGS.has(encoding)) return next();
      refuse(res, newCall(res), new DomainError('MESSAGE_ENCODING_UNSUPPORTED', `Content-Encoding ${encoding} is not accepted`));
    },
    rawBody,
    (error: unknown, _req: Request, res: Response, _next: NextFunction) => {
      refuse(res, newCall(res), bodyError(error));
    },
    async (req: RequestWithCall, res: Response, next: NextFunction) => {
      const call = newCall(res);
      try {
        await admit(req, call);
        req[SOAP_CALL] = call;
        // node-soap answers with the request's Content-Type: make it the SOAP 1.1 one.
        req.headers['content-type'] = 'text/xml; charset=utf-8';
        // node-soap only dispatches and wraps the answer: the message is already parsed and
        // validated, so it is handed an envelope naming the operation, not the caller's bytes.
        req.body = dispatchEnvelope(call.operation as SoapOperation);
        next();
      } catch (error) {
        refuse(res, call, error);
      }
    },
  );

  // node-soap answers other methods with an empty 200: refuse them first, with a fault.
  router.all(surface.path, (req: RequestWithCall, res: Response, next: NextFunction) => {
    if (req.method === 'POST' && req[SOAP_CALL]) return next();
    refuse(res, newCall(res), new DomainError('HTTP_METHOD_NOT_ALLOWED', `Unsupported HTTP verb ${req.method}: use POST`));
  });

  async function admit(req: Request, call: SoapCall): Promise<void> {
    const body: unknown = req.body;
    if (!Buffer.isBuffer(body) || body.length === 0) throw new DomainError('MESSAGE_MALFORMED', 'The request body is empty');
    // Over the usual limit, only a well-formed batch submission is read any further.
    const oversize = body.length > deps.bodyLimitBytes;
    const tooLargeIfOversize = (error: unknown) => (oversize ? new DomainError('MESSAGE_TOO_LARGE') : error);
    let doc: ReturnType<typeof parseXml>;
    try {
      const xml = decodeXmlRequest(body, req.get('content-type'));
      prescanXml(xml, deps.limits);
      doc = parseXml(deps.lib, xml);
    } catch (error) {
      throw tooLargeIfOversize(error);
    }
    try {
      let envelope: ReturnType<typeof readEnvelope>;
      try {
        envelope = readEnvelope(deps.lib, doc, surface.understoodHeaders);
      } catch (error) {
        throw tooLargeIfOversize(error);
      }
      const element = qualifiedName(envelope.payload);
      const operation = byElement.get(element);
      if (oversize && !operation?.carriesBatchFile) throw new DomainError('MESSAGE_TOO_LARGE');
      if (!operation) throw new DomainError('OPERATION_UNKNOWN', `${element} is not an operation of this service`);
      call.operation = operation;
      requestContext(req.res as Response).operation = operation.name;
      checkSoapAction(req, operation);
      await deps.maintenance.ensureOpen();
      const issues = schema.validate(envelope.payload);
      if (issues.length > 0) {
        call.schemaIssues = issues.map((issue) => issue.message);
        throw new DomainError('MESSAGE_INVALID', issues[0].message);
      }
      call.payload = elementToValue(deps.lib, envelope.payload) as XmlObject;
      call.usernameToken = readUsernameToken(deps.lib, envelope.header);
      call.claimedUsername = call.usernameToken?.username ?? basicUsername(req) ?? surface.claimedUsername?.(call.payload);
    } finally {
      doc.dispose();
    }
    call.principal = deps.clientCertificates
      ? await deps.clientCertificates.authenticate(surface, call, req)
      : await surface.authenticate(call, req);
    const context = requestContext(req.res as Response);
    context.username = call.principal.username;
    context.organisationId = call.principal.organisationId;
    await deps.rateLimits.check('soap', 'organisation', call.principal.organisationId);
    if (!holdsAny(call.principal.roles, call.operation.roles)) {
      throw new DomainError('ROLE_REQUIRED', `${call.operation.name} needs one of the roles ${call.operation.roles.join(', ')}`);
    }
  }

  const run = (req: RequestWithCall, res: Response, reply: (error: unknown, result?: unknown) => void): void => {
    const call = req[SOAP_CALL] as AuthorisedCall;
    const { operation } = call;
    (async () => operation.write(await operation.handle(operation.read(call.payload), call)))()
      .then((payloadXml) => {
        if (deps.validateResponses) assertValidResponse(payloadXml);
        requestContext(res).outcome = 'OK';
        reply(null, { _xml: payloadXml });
      })
      .catch((error: unknown) => refuse(res, call, error));
  };

  function assertValidResponse(payloadXml: string): void {
    const doc = parseXml(deps.lib, payloadXml);
    try {
      const issues = schema.validate(doc.root);
      if (issues.length > 0) throw new Error(`response does not conform to ${surface.schemaFile}: ${issues[0].message}`);
    } finally {
      doc.dispose();
    }
  }

  const methods = Object.fromEntries(
    surface.operations.map((op) => [
      op.name,
      (_args: unknown, reply: never, _headers: unknown, req: RequestWithCall, res: Response) => run(req, res, reply),
    ]),
  );
  const server = await new Promise<soap.Server>((resolve, reject) => {
    const listening: soap.Server = soap.listen(
      router as never,
      {
        path: surface.path,
        services: { [surface.serviceName]: { [surface.portName]: methods } },
        xml: documents.rawWsdl,
        uri: projectPath(surface.wsdlFile),
        suppressStack: true,
        callback: (error: unknown) => (error ? reject(error) : resolve(listening)),
      } as never,
    );
  });
  memoiseMessageDescriptions(server);
}

/**
 * node-soap recomputes the schema description of the request message on every request
 * (WSDL.xmlToObject calls message.description()), which cost more than the rest of its
 * dispatch. The WSDL never changes after start-up, so each description is computed once.
 */
function memoiseMessageDescriptions(server: soap.Server): void {
  const messages = (
    server as unknown as { wsdl: { definitions: { messages: Record<string, { description(d: unknown): unknown }> } } }
  ).wsdl.definitions.messages;
  for (const message of Object.values(messages)) {
    const describe = message.description.bind(message);
    let described: unknown;
    message.description = (definitions: unknown) => (described ??= describe(definitions));
  }
}

const dispatchEnvelopes = new WeakMap<SoapOperation, Buffer>();

function dispatchEnvelope(operation: SoapOperation): Buffer {
  let envelope = dispatchEnvelopes.get(operation);
  if (!envelope) {
    const [, namespace, localName] = /^\{([^}]*)\}(.+)$/.exec(operation.requestElement) ?? [];
    envelope = Buffer.from(
      `<soap:Envelope xmlns:soap="${SOAP11_NS}"><soap:Body><op:${localName} xmlns:op="${namespace}"/></soap:Body></soap:Envelope>`,
    );
    dispatchEnvelopes.set(operation, envelope);
  }
  return envelope;
}

/** What a client may compress a request with; the body limit applies after decompression. */
const ACCEPTED_ENCODINGS = new Set(['identity', 'gzip', 'x-gzip', 'deflate', 'br']);

function checkSoapAction(req: Request, operation: SoapOperation): void {
  const header = req.headers.soapaction;
  if (header === undefined) return;
  const action = (Array.isArray(header) ? header[0] : header).trim().replace(/^"(.*)"$/, '$1');
  if (action === '' || action === operation.soapAction) return;
  throw new DomainError(
    'SOAP_ACTION_MISMATCH',
    `SOAPAction "${action}" does not match ${operation.name} (expected "${operation.soapAction}")`,
  );
}

function bodyError(error: unknown): DomainError {
  const type = (error as { type?: string }).type;
  if (type === 'entity.too.large') return new DomainError('MESSAGE_TOO_LARGE');
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') return new DomainError('MESSAGE_ENCODING_UNSUPPORTED');
  return new DomainError('MESSAGE_MALFORMED', 'The request body could not be read');
}

export function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
