import http from 'node:http';
import type { Socket } from 'node:net';

export interface HttpRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  timeoutMs: number;
}

/**
 * What became of one request, from the client's side:
 * - `reply`: the server answered (any status);
 * - `refused`: the connection was refused, so the request never reached the server;
 * - `lost`: the connection broke or timed out after the request may have been read, so it
 *   may or may not have been carried out. Only a protocol-level reconciliation can tell.
 */
export type Transport =
  | { outcome: 'reply'; status: number; body: string; ms: number }
  | { outcome: 'refused'; error: string; ms: number }
  | { outcome: 'lost'; error: string; ms: number };

const AGENT_OPTIONS: http.AgentOptions = { keepAlive: true, maxSockets: 128 };

/**
 * A keep-alive HTTP client for one port on 127.0.0.1, with a load balancer's drain: when the
 * gateway is about to be stopped, requests in flight finish, no connection is reused, and new
 * requests ask for `Connection: close` until it is back. Without that, a gateway stopped with
 * SIGTERM keeps serving keep-alive clients that never pause (Node's server.close() only closes
 * idle connections) and does not exit while the traffic lasts.
 */
export class LoopbackClient {
  private agent = new http.Agent(AGENT_OPTIONS);
  private draining = false;

  constructor(readonly port: number) {}

  drain(): void {
    const old = this.agent;
    this.agent = new http.Agent(AGENT_OPTIONS);
    this.draining = true;
    old.on('free', (socket: Socket) => socket.destroy());
    for (const sockets of Object.values(old.freeSockets)) for (const socket of sockets ?? []) socket.destroy();
  }

  resume(): void {
    this.draining = false;
  }

  send(request: HttpRequest): Promise<Transport> {
    const started = performance.now();
    const ms = () => performance.now() - started;
    return new Promise((resolve) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: this.port,
          method: request.method,
          path: request.path,
          headers: {
            ...request.headers,
            ...(this.draining ? { Connection: 'close' } : {}),
            ...(request.body === undefined ? {} : { 'Content-Length': String(Buffer.byteLength(request.body)) }),
          },
          agent: this.agent,
          timeout: request.timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({ outcome: 'reply', status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ms: ms() }),
          );
          res.on('error', (error) => resolve({ outcome: 'lost', error: String(error), ms: ms() }));
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${request.timeoutMs} ms`)));
      req.on('error', (error: NodeJS.ErrnoException) => {
        resolve({ outcome: error.code === 'ECONNREFUSED' ? 'refused' : 'lost', error: error.code ?? error.message, ms: ms() });
      });
      req.end(request.body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
