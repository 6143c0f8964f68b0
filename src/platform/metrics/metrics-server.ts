import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type RequestHandler } from 'express';
import { jsonErrorHandler, notFound } from '../http/json-errors';
import { listen } from '../http/listen';
import { observeRequests } from '../http/request-context';
import type { Logger } from '../logger';

/**
 * A process that serves no API (`npm run worker`) exposes its metrics on a port of its own
 * (WORKER_METRICS_PORT): /metrics and nothing else, so a worker never answers SOAP or admin calls.
 */
export async function listenForMetrics(metrics: RequestHandler, logger: Logger, port: number, host: string): Promise<Server> {
  const app = express();
  app.disable('x-powered-by');
  app.use(observeRequests(logger));
  app.get('/metrics', metrics);
  app.use(notFound);
  app.use(jsonErrorHandler(logger));
  const server = createServer(app);
  await listen(server, { host, port, setting: 'WORKER_METRICS_PORT' });
  logger.info('metrics listening', { host, port: (server.address() as AddressInfo).port });
  return server;
}
