import { Router } from 'express';
import type { FileAnswer } from '../admin/admin-route';
import { type ConsolePages, correlationIdOf, page, signedIn } from './console-kit';
import { type CoverageLine, coverageGroups } from './journal-view.rules';
import { sendFileAnswer } from './console-files';

/** The coverage checklist: what the organisation's calls have seen of each operation, and its report to hand on. */
export function coveragePages(pages: ConsolePages): Router {
  const router = Router();

  router.get(
    '/console/coverage',
    page(async (_req, res) => {
      const found = await pages.calls.call<{ seen: number; total: number; behaviours: CoverageLine[] }>(
        signedIn(res).principal,
        'get /coverage',
        {},
        correlationIdOf(res),
      );
      pages.render(res, 'coverage.njk', {
        title: 'Coverage checklist',
        section: '/console/coverage',
        seen: found.seen,
        total: found.total,
        groups: coverageGroups(found.behaviours),
        report: pages.calls.allows(signedIn(res).principal, 'get /coverage/report'),
      });
    }),
  );

  router.get(
    '/console/coverage/report',
    page(async (_req, res) => {
      const answer = await pages.calls.call<FileAnswer>(
        signedIn(res).principal,
        'get /coverage/report',
        {},
        correlationIdOf(res),
      );
      sendFileAnswer(res, answer);
    }),
  );

  return router;
}
