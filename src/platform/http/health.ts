import { Router } from 'express';
import type { Database } from '../database';
import { HealthStore } from './health.store';

/** Probed by the container's HEALTHCHECK (src/cli/healthcheck.ts). */
export const HEALTH_PATH = '/healthz';

/** /healthz: the process is serving. /readyz: and its database answers. */
export function healthRoutes(db: Database): Router {
  const store = new HealthStore(db);
  const router = Router();
  router.get(HEALTH_PATH, (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    try {
      await store.ping();
      res.json({ status: 'ready', database: 'ok' });
    } catch {
      res.status(503).json({ status: 'not ready', database: 'unreachable' });
    }
  });
  return router;
}
