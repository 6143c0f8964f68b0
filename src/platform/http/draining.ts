import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WebServer } from './server';

export interface DrainableServer {
  /** Stops accepting, lets in-flight requests finish, closes keep-alive sockets; resolves when the last one is gone. */
  drain(): Promise<void>;
  /** Cuts every connection, in flight or not (the shutdown deadline has passed). */
  forceClose(): void;
}

/**
 * Graceful stop for an HTTP(S) server. `server.close()` alone stops accepting but leaves
 * keep-alive sockets open until their idle timeout, and a client may send one more request on
 * them; so every response from the moment draining starts says `Connection: close`, and each
 * finished request closes the sockets that have become idle.
 */
export function drainable(server: WebServer): DrainableServer {
  const inFlight = new Set<ServerResponse>();
  let draining = false;
  const sayClose = (res: ServerResponse) => {
    if (!res.headersSent) res.setHeader('Connection', 'close');
  };
  // Before the app's own listener, so the header can still be set on a response answered at once.
  server.prependListener('request', (_req: IncomingMessage, res: ServerResponse) => {
    inFlight.add(res);
    if (draining) sayClose(res);
    res.once('close', () => {
      inFlight.delete(res);
      if (draining) server.closeIdleConnections();
    });
  });
  return {
    drain() {
      draining = true;
      const closed = new Promise<void>((resolve, reject) => {
        server.close((error) =>
          error && (error as NodeJS.ErrnoException).code !== 'ERR_SERVER_NOT_RUNNING' ? reject(error) : resolve(),
        );
      });
      inFlight.forEach(sayClose);
      server.closeIdleConnections();
      return closed;
    },
    forceClose() {
      server.closeAllConnections();
    },
  };
}
