import { type Request, type Response, Router } from 'express';
import type { FileAnswer } from '../admin/admin-route';
import { pageNumber } from './journal-view.rules';
import { sendFileAnswer } from './console-files';
import { type BatchJobAnswer, batchView } from './batch-view.rules';
import { type ConsolePages, correlationIdOf, page, signedIn } from './console-kit';
import type { RouteKey } from './console-calls';

const PAGE_SIZE = 25;

/** Batch jobs: the list, one job with its progress followed live, cancelling, the output file. */
export function batchPages(pages: ConsolePages): Router {
  const router = Router();
  const call = <T>(
    res: Response,
    key: RouteKey,
    input: { params?: Record<string, string>; query?: Record<string, string> } = {},
  ) => pages.calls.call<T>(signedIn(res).principal, key, input, correlationIdOf(res));
  const job = (req: Request, res: Response) =>
    call<BatchJobAnswer>(res, 'get /batches/:id', { params: { id: String(req.params.id) } });

  router.get(
    '/console/batches',
    page(async (req, res) => {
      const number = pageNumber(req.query.page);
      const found = await call<{ total: number; jobs: BatchJobAnswer[] }>(res, 'get /batches', {
        query: { page: String(number), pageSize: String(PAGE_SIZE) },
      });
      const pageCount = Math.max(1, Math.ceil(found.total / PAGE_SIZE));
      pages.render(res, 'batches.njk', {
        title: 'Batch jobs',
        section: '/console/batches',
        jobs: found.jobs.map(batchView),
        total: found.total,
        pageNumber: number,
        pageCount,
        previous: number > 1 ? `/console/batches?page=${number - 1}` : undefined,
        next: number < pageCount ? `/console/batches?page=${number + 1}` : undefined,
      });
    }),
  );

  router.get(
    '/console/batches/:id',
    page(async (req, res) => {
      const view = batchView(await job(req, res));
      pages.render(res, 'batch.njk', {
        title: `Batch job ${view.id}`,
        section: '/console/batches',
        job: view,
        canCancel: view.running && pages.calls.allows(signedIn(res).principal, 'post /batches/:id/cancel'),
      });
    }),
  );

  router.get(
    '/console/batches/:id/progress',
    page(async (req, res) => {
      const view = batchView(await job(req, res));
      res.json({ id: view.id, status: view.status, running: view.running, progress: view.progress });
    }),
  );

  router.post(
    '/console/batches/:id/cancel',
    page(async (req, res) => {
      await call(res, 'post /batches/:id/cancel', { params: { id: String(req.params.id) } });
      res.redirect(303, `/console/batches/${encodeURIComponent(String(req.params.id))}`);
    }),
  );

  router.get(
    '/console/batches/:id/output',
    page(async (req, res) => {
      const answer = await call<FileAnswer>(res, 'get /batches/:id/output', { params: { id: String(req.params.id) } });
      sendFileAnswer(res, answer);
    }),
  );

  return router;
}
