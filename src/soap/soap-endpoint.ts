import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import type { Principal } from '../platform/auth/accounts';
import type { AuditTrail } from '../platform/audit/audit-trail';
import type { Surface } from '../platform/call-context';
import { DomainError, isDomainError } from '../platform/errors';
import { basicUsername } from '../platform/http/basic-auth';
import { type RateLimits, setRetryAfter, sourceAddress } from '../platform/http/rate-limits';
import { requestContext } from '../platform/http/request-context';
import type { Logger } from '../platform/logger';
import type { GatewayMetrics } from '../platform/metrics/metrics';
import type { RequestJournal } from '../journal/request-journal';
import type { FaultInjector } from '../fault-injection/fault-injector';
import { TIMEOUT_HOLD_MS } from '../fault-injection/fault-injection.rules';
import { AuthenticationRefused } from '../platform/auth/authentication-refused';
import { projectPath } from '../platform/paths';
import type { LibXml } from '../platform/xml/libxml';
import { elementToValue, type XmlObject } from '../platform/xml/xml-object';
import { prescanXml, type XmlLimits } from '../platform/xml/xml-prescan';
import { parseXml, XmlSchema } from '../platform/xml/xml-schema';
import { decodeXmlRequest } from '../platform/xml/xml-text';
import { holdsAny } from '../platform/auth/roles';
import { ContractDocuments } from './contract-documents';
import { qualifiedName, readEnvelope, SoapProtocolError } from './envelope';
import { ResponseEnvelope } from './response-envelope';
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
  /** Where the stage timings go (lrs_gateway_soap_stage_seconds); none in tests that build a bare front door. */
  metrics?: GatewayMetrics;
  /** The request journal of the organisations that keep one. */
  journal?: Pick<RequestJournal, 'record'>;
  /** Faults developers scripted for their organisation's calls; absent when the deployment does not allow it. */
  faults?: Pick<FaultInjector, 'take'>;
}

/** Who is calling, for a surface: the surface's own credentials, or a client certificate gate around them. */
export interface SoapAuthentication {
  authenticate(surface: SoapSurface, call: SoapCall, req: Request): Promise<Principal>;
}

/** The stages of the front door, timed into lrs_gateway_soap_stage_seconds. */
type Stage = 'read' | 'parse' | 'validate' | 'authenticate' | 'handle' | 'write' | 'send';

/**
 * Mounts one SOAP surface: the contract documents on GET, and on POST the front door the project
 * owns (docs/decisions/0083-the-front-door-is-ours.md): size limit and decompression, pre-scan,
 * libxml2 parse, envelope, operation, SOAPAction, XSD validation, authentication and role, then
 * the operation's handler and the response envelope. Every failure on the way becomes the
 * surface's own SOAP 1.1 fault.
 */
export async function mountSoapSurface(router: Router, surface: SoapSurface, deps: SoapEndpointDeps): Promise<void> {
  router.use(soapFrontDoors([await soapDoor(surface, deps)]));
}

/** One surface's front door: the path it answers on and what it does with a request there. */
export interface SoapDoor {
  path: string;
  handle(req: Request, res: Response): void;
}

/**
 * The one middleware in front of every SOAP surface: a request goes to the door of its path
 * (matched as Express routes match: case-insensitively, with or without a trailing slash) in
 * one map lookup, not through a router per surface; any other path passes on.
 */
export function soapFrontDoors(doors: SoapDoor[]): RequestHandler {
  const byPath = new Map(doors.map((door) => [normalisedPath(door.path), door]));
  return (req, res, next) => {
    const door = byPath.get(normalisedPath(req.path));
    if (door) door.handle(req, res);
    else next();
  };
}

/** Builds one surface's front door from its contract and operations, once, at start-up. */
export async function soapDoor(surface: SoapSurface, deps: SoapEndpointDeps): Promise<SoapDoor> {
  const documents = new ContractDocuments(surface.wsdlFile);
  const schema = XmlSchema.load(deps.lib, projectPath(surface.schemaFile));
  const responseEnvelope = new ResponseEnvelope(documents.rawWsdl);
  const byElement = new Map(surface.operations.map((op) => [op.requestElement, op]));
  const stageTime = deps.metrics?.soapStage;
  const endpointUrl = (req: Request) =>
    `${deps.publicBaseUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`}${surface.path}`;

  /** Records the stage that ends now and returns the time the next one starts. */
  const timed = (stage: Stage, since: bigint): bigint => {
    const now = process.hrtime.bigint();
    stageTime?.observe({ surface: surface.surface, stage }, Number(now - since) / 1e9);
    return now;
  };

  /** Answers with the surface's fault for the error; returns the fault written. */
  const sendFault = (res: Response, call: SoapCall, error: unknown): string => {
    const context = requestContext(res);
    context.outcome = isDomainError(error) ? error.code : 'INTERNAL_ERROR';
    if (!isDomainError(error))
      deps.logger.error('soap call failed', { correlationId: call.correlationId, error: describe(error) });
    setRetryAfter(res, error);
    const challenge = challengeOf(error);
    if (challenge) res.setHeader('WWW-Authenticate', challenge);
    const fault = surface.faults.describe(error, call);
    // A SOAP 1.2 client can only read a SOAP 1.2 fault: it is told the version it sent is not spoken here.
    if (error instanceof SoapProtocolError && error.soap12Request) {
      return answer(res, challenge ? 401 : 500, 'application/soap+xml; charset=utf-8', soap12FaultEnvelope(fault));
    }
    return answer(res, challenge ? 401 : 500, 'text/xml; charset=utf-8', soapFaultEnvelope(fault));
  };

  /** The exchange, for the organisation's request journal when it keeps one (docs/decisions/0087-the-request-journal.md). */
  const journal = (
    req: Request,
    res: Response,
    call: SoapCall,
    started: bigint,
    response: string,
    error?: unknown,
    outcome?: string,
  ) => {
    if (!deps.journal) return;
    const code = outcome ?? (error === undefined ? 'OK' : isDomainError(error) ? error.code : 'INTERNAL_ERROR');
    deps.journal.record({
      organisationId:
        call.principal?.organisationId ?? (error instanceof AuthenticationRefused ? error.organisationId : undefined),
      claimedUsername: call.claimedUsername ?? basicUsername(req),
      surface: surface.surface,
      operation: call.operation?.name ?? 'unknown',
      username: call.principal?.username ?? call.claimedUsername,
      outcome: code,
      httpStatus: res.statusCode,
      durationMs: Number(process.hrtime.bigint() - started) / 1e6,
      correlationId: call.correlationId,
      format: 'xml',
      request: Buffer.isBuffer(req.body) ? req.body : undefined,
      response,
      refusal:
        error === undefined
          ? undefined
          : {
              code,
              message: error instanceof Error ? error.message : String(error),
              schemaIssues: call.schemaIssueDetails,
              authenticationReason: error instanceof AuthenticationRefused ? error.reason : undefined,
              soapAction: soapActionOf(req),
              operation: call.operation?.name,
            },
    });
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
  const refuse = (res: Response, call: SoapCall, error: unknown, started = process.hrtime.bigint()) => {
    auditFailure(call, error);
    journal(res.req, res, call, started, sendFault(res, call, error), error);
  };

  const newCall = (res: Response): SoapCall => {
    const context = requestContext(res);
    context.surface = surface.surface;
    return { correlationId: context.correlationId, surface: surface.surface, httpMethod: res.req.method };
  };

  const serveContract = (req: Request, res: Response, call: SoapCall) => {
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
  };

  // Which operation a request is for is known only once it is parsed: a surface that takes batch
  // files reads bodies up to the batch limit, and admit() holds every other operation to the usual one.
  const takesBatchFiles = surface.operations.some((op) => op.carriesBatchFile);
  const readLimit = takesBatchFiles ? Math.max(deps.bodyLimitBytes, deps.batchBodyLimitBytes) : deps.bodyLimitBytes;
  const rawBody = express.raw({ type: () => true, limit: readLimit, inflate: true });
  const readBody = (req: Request, res: Response) =>
    new Promise<void>((resolve, reject) =>
      rawBody(req, res, (error?: unknown) => (error ? reject(bodyError(error)) : resolve())),
    );

  const handle = (req: Request, res: Response) => {
    const started = process.hrtime.bigint();
    const call = newCall(res);
    // Per source address, first of all: a flood is turned away before its body is even read.
    // Not audited (a flood would become a flood of audit rows); counted in the metrics instead.
    deps.rateLimits
      .check('soap', 'address', sourceAddress(req))
      .then(() => {
        if (req.method === 'GET') return serveContract(req, res, call);
        if (req.method !== 'POST') {
          return refuse(res, call, new DomainError('HTTP_METHOD_NOT_ALLOWED', `Unsupported HTTP verb ${req.method}: use POST`));
        }
        return post(req, res, call, started);
      })
      .catch((error: unknown) => {
        if (!res.headersSent) sendFault(res, call, error);
      });
  };

  async function post(req: Request, res: Response, call: SoapCall, started: bigint): Promise<void> {
    try {
      const encoding = (req.get('content-encoding') ?? 'identity').trim().toLowerCase();
      if (!ACCEPTED_ENCODINGS.has(encoding)) {
        throw new DomainError('MESSAGE_ENCODING_UNSUPPORTED', `Content-Encoding ${encoding} is not accepted`);
      }
      await readBody(req, res);
      const authorised = await admit(req, call, timed('read', started));
      if (deps.faults && (await injected(req, res, authorised, started))) return;
      let since = process.hrtime.bigint();
      const { operation } = authorised;
      const payloadXml = operation.write(await operation.handle(operation.read(authorised.payload), authorised));
      since = timed('handle', since);
      if (deps.validateResponses) assertValidResponse(payloadXml);
      const envelope = responseEnvelope.wrap(payloadXml);
      since = timed('write', since);
      requestContext(res).outcome = 'OK';
      answer(res, 200, 'text/xml; charset=utf-8', envelope);
      timed('send', since);
      journal(req, res, call, started, envelope);
    } catch (error) {
      refuse(res, call, error, started);
    }
  }

  /**
   * What the organisation's developers scripted for this call (docs/decisions/0090-fault-injection.md):
   * true when the call was answered (or left unanswered) that way; a delay lets it go on; a fault is thrown.
   */
  async function injected(req: Request, res: Response, call: AuthorisedCall, started: bigint): Promise<boolean> {
    const injection = await deps.faults?.take(call.principal.organisationId, call.operation.name);
    if (!injection) return false;
    deps.audit.recordSoon({
      correlationId: call.correlationId,
      surface: surface.surface,
      operation: call.operation.name,
      outcome: `INJECTED_${injection.action}`,
      organisationId: call.principal.organisationId,
      userId: call.principal.userId,
      username: call.principal.username,
      subject: `fault injection ${injection.id}`,
    });
    requestContext(res).outcome = `INJECTED_${injection.action}`;
    const unanswered = (response: string) =>
      journal(
        req,
        res,
        call,
        started,
        response,
        new DomainError('SERVICE_UNAVAILABLE', `fault injection ${injection.id}`),
        `INJECTED_${injection.action}`,
      );
    switch (injection.action) {
      case 'DELAY':
        await new Promise((resolve) => setTimeout(resolve, injection.delayMs ?? 0));
        return false;
      case 'FAULT':
        throw new DomainError(injection.errorCode ?? 'INTERNAL_ERROR', `injected by fault injection ${injection.id}`);
      case 'HTTP_503':
        res.setHeader('Retry-After', '5');
        unanswered(answer(res, 503, 'text/plain; charset=utf-8', 'Service Unavailable'));
        return true;
      case 'RESET':
        unanswered('(connection reset)');
        req.socket.destroy();
        return true;
      case 'TIMEOUT': {
        unanswered('(no answer: the call was left to time out)');
        // Never answered: the connection is closed after the hold, or when the client gives up first.
        const hold = setTimeout(() => req.socket.destroy(), TIMEOUT_HOLD_MS);
        req.socket.once('close', () => clearTimeout(hold));
        return true;
      }
    }
  }

  async function admit(req: Request, call: SoapCall, readDone: bigint): Promise<AuthorisedCall> {
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
    let since = readDone;
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
      since = timed('parse', since);
      await deps.maintenance.ensureOpen();
      const issues = schema.validate(envelope.payload);
      if (issues.length > 0) {
        call.schemaIssues = issues.map((issue) => issue.message);
        call.schemaIssueDetails = issues;
        throw new DomainError('MESSAGE_INVALID', issues[0].message);
      }
      call.payload = elementToValue(deps.lib, envelope.payload) as XmlObject;
      call.usernameToken = readUsernameToken(deps.lib, envelope.header);
      call.claimedUsername = call.usernameToken?.username ?? basicUsername(req) ?? surface.claimedUsername?.(call.payload);
    } finally {
      doc.dispose();
    }
    since = timed('validate', since);
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
    timed('authenticate', since);
    return call as AuthorisedCall;
  }

  function assertValidResponse(payloadXml: string): void {
    const doc = parseXml(deps.lib, payloadXml);
    try {
      const issues = schema.validate(doc.root);
      if (issues.length > 0) throw new Error(`response does not conform to ${surface.schemaFile}: ${issues[0].message}`);
    } finally {
      doc.dispose();
    }
  }

  return { path: surface.path, handle };
}

/** Express matches routes case-insensitively and with or without a trailing slash: so does the front door. */
function normalisedPath(path: string): string {
  const lower = path.toLowerCase();
  return lower.length > 1 && lower.endsWith('/') ? lower.slice(0, -1) : lower;
}

/** A whole answer in one write, with its length: no chunking, and no ETag to hash (a SOAP POST is never cached). */
function answer(res: Response, status: number, contentType: string, body: string): string {
  res.statusCode = status;
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
  return body;
}

/** What a client may compress a request with; the body limit applies after decompression. */
const ACCEPTED_ENCODINGS = new Set(['identity', 'gzip', 'x-gzip', 'deflate', 'br']);

function soapActionOf(req: Request): string | undefined {
  const header = req.headers.soapaction;
  if (header === undefined) return undefined;
  return (Array.isArray(header) ? header[0] : header).trim().replace(/^"(.*)"$/, '$1');
}

function checkSoapAction(req: Request, operation: SoapOperation): void {
  const action = soapActionOf(req);
  if (action === undefined || action === '' || action === operation.soapAction) return;
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
