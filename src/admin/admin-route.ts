import type { Readable } from 'node:stream';
import type { Principal } from '../platform/auth/accounts';
import type { AuthenticationOptions } from '../platform/auth/authenticator';
import type { CallContext } from '../platform/call-context';
import type { Role } from '../platform/auth/roles';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** What an admin route handler receives: validated input and who is calling. */
export interface AdminRequest<Body = unknown, Query = Record<string, unknown>> {
  body: Body;
  query: Query;
  params: Record<string, string>;
  principal: Principal;
  context: CallContext;
  /** The request body as a stream, for a route that takes a file (rawBody). */
  stream?: Readable;
}

/** A file answered as it is, streamed, instead of JSON. */
export interface FileAnswer {
  file: Readable;
  contentType: string;
  fileName: string;
}

export interface AdminResponse {
  status?: number;
  body: unknown;
}

/**
 * One route of the admin API, declared once: the router mounts it and the OpenAPI document
 * describes it from the same declaration, so the two cannot drift apart.
 */
export interface AdminRoute {
  method: HttpMethod;
  /** Express form, e.g. /users/:username. */
  path: string;
  summary: string;
  tag: string;
  /** Any of these roles may call it; "any" lets every authenticated user (self-service). */
  roles: readonly Role[] | 'any';
  /** Self-service calls a user makes before the account is fully usable (first login). */
  authentication?: AuthenticationOptions;
  /** schemas/<id>.json of the JSON body, the query string and the answer. */
  requestSchema?: string;
  querySchema?: string;
  responseSchema: string;
  /** The HTTP status of a success (200 unless said). */
  status?: number;
  /** The body is a file, streamed to the handler as it arrives, not JSON (e.g. a batch upload). */
  rawBody?: { contentTypes: string[] };
  /** The answer is a file (FileAnswer), streamed; responseSchema then names its media type only. */
  fileResponse?: { contentTypes: string[] };
  handle(request: AdminRequest<never, never>): Promise<unknown>;
}
