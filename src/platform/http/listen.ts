import type { Server } from 'node:net';

export interface ListenTarget {
  host: string;
  port: number;
  /** The setting that chooses the port (PORT, WORKER_METRICS_PORT), named in the one-line answer. */
  setting: string;
}

/**
 * Why a listener could not open its port, in one line that names the port and the setting that
 * changes it: a taken port is an operator's everyday mistake, not a stack trace.
 */
export function listenFailure(error: NodeJS.ErrnoException, target: ListenTarget): Error {
  const where = `port ${target.port} on ${target.host}`;
  switch (error.code) {
    case 'EADDRINUSE':
      return new Error(`${where} is already in use: stop what uses it, or set ${target.setting} to another port`);
    case 'EACCES':
      return new Error(`${where} may not be opened by this user: set ${target.setting} to a port above 1023`);
    case 'EADDRNOTAVAIL':
      return new Error(`${target.host} is not an address of this machine: set HOST to one of its addresses`);
    default:
      return error;
  }
}

/** Listens on the target; resolves once listening, rejects with listenFailure's error. */
export function listen(server: Server, target: ListenTarget): Promise<void> {
  return new Promise((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException) => reject(listenFailure(error, target));
    server.once('error', failed);
    server.listen(target.port, target.host, () => {
      server.off('error', failed);
      resolve();
    });
  });
}
