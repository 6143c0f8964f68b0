import { Router } from 'express';
import type { DataSource } from 'typeorm';

/** Probed by the container's HEALTHCHECK (src/cli/healthcheck.ts). */
export const HEALTH_PATH = '/healthz';

/** /healthz: the process is serving. /readyz: and its database answers. */
export function healthRoutes(dataSource: DataSource): Router {
  const router = Router();
  router.get(HEALTH_PATH, (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    try {
      await dataSource.query('SELECT 1');
      res.json({ status: 'ready', database: 'ok' });
    } catch {
      res.status(503).json({ status: 'not ready', database: 'unreachable' });
    }
  });
  return router;
}
