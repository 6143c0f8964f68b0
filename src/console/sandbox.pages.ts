import { type Request, type Response, Router } from 'express';
import { type DomainError, isDomainError } from '../platform/errors';
import { type ConsolePages, correlationIdOf, page, signedIn } from './console-kit';
import type { RouteKey } from './console-calls';
import { formatInstant } from './journal-view.rules';
import { sandboxNotice, snapshotNameError } from './sandbox-forms.rules';

interface Snapshot {
  name: string;
  createdAt: string;
  createdBy: string;
  achievements: number;
  dataChallenges: number;
}

interface Report {
  achievements: number;
  dataChallenges: number;
}

/** Refusals the page shows above its forms rather than as an error page: the sandbox is in use, or a restore would collide. */
const SHOWN_ON_THE_PAGE = new Set(['SANDBOX_BUSY', 'SNAPSHOT_CONFLICT', 'SNAPSHOT_NOT_FOUND']);

/** Reset and snapshots of the user's own organisation (docs/decisions/0091-sandbox-reset-and-snapshots.md). */
export function sandboxPages(pages: ConsolePages): Router {
  const router = Router();
  const call = <T>(res: Response, key: RouteKey, params: Record<string, string> = {}) =>
    pages.calls.call<T>(signedIn(res).principal, key, { params }, correlationIdOf(res));

  const show = async (req: Request, res: Response, problem?: { field: string; text: string; name?: string }, status = 200) => {
    let snapshots: Snapshot[];
    try {
      snapshots = (await call<{ snapshots: Snapshot[] }>(res, 'get /sandbox/snapshots')).snapshots;
    } catch (error) {
      if (!isDomainError(error) || error.code !== 'SANDBOX_DISABLED') throw error;
      return pages.render(res, 'unavailable.njk', {
        title: 'Reset and snapshots',
        section: '/console/sandbox',
        reason: 'This deployment has no sandbox (SANDBOX=off): reset and snapshots are off.',
      });
    }
    pages.render(
      res,
      'sandbox.njk',
      {
        title: 'Reset and snapshots',
        section: '/console/sandbox',
        notice: problem ? undefined : sandboxNotice(req.query),
        snapshots: snapshots.map((snapshot) => ({ ...snapshot, created: formatInstant(snapshot.createdAt) })),
        name: problem?.name,
        nameError: problem?.field === 'name' ? problem.text : undefined,
        errorList: problem ? [{ text: problem.text, href: `#${problem.field}` }] : [],
      },
      status,
    );
  };

  /** A form's refusal the page can explain; anything else goes to the error page. */
  const orShow = (req: Request, res: Response, field: string) => (error: unknown) => {
    if (isDomainError(error) && SHOWN_ON_THE_PAGE.has(error.code)) {
      return show(req, res, { field, text: (error as DomainError).message }, (error as DomainError).definition.status);
    }
    throw error;
  };
  const snapshotName = (req: Request) => String(req.params.name);
  const done = (res: Response, what: string, extra: Record<string, string | number>) =>
    res.redirect(
      303,
      `/console/sandbox?${new URLSearchParams({ done: what, ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, String(v)])) })}`,
    );

  router.get(
    '/console/sandbox',
    page((req, res) => show(req, res)),
  );

  router.post(
    '/console/sandbox/reset',
    page(async (req, res) => {
      const report = await call<Report>(res, 'post /sandbox/reset').catch(orShow(req, res, 'reset'));
      if (report) done(res, 'reset', { ...report });
    }),
  );

  router.post(
    '/console/sandbox/snapshots',
    page(async (req, res) => {
      const name = typeof req.body?.name === 'string' ? req.body.name.trim() : '';
      const error = snapshotNameError(name);
      if (error) return show(req, res, { field: 'name', text: error, name }, 400);
      await call(res, 'put /sandbox/snapshots/:name', { name });
      done(res, 'saved', { name });
    }),
  );

  router.post(
    '/console/sandbox/snapshots/:name/restore',
    page(async (req, res) => {
      const report = await call<Report>(res, 'post /sandbox/snapshots/:name/restore', { name: snapshotName(req) }).catch(
        orShow(req, res, 'snapshots'),
      );
      if (report) done(res, 'restored', { name: snapshotName(req), ...report });
    }),
  );

  router.post(
    '/console/sandbox/snapshots/:name/delete',
    page(async (req, res) => {
      await call(res, 'delete /sandbox/snapshots/:name', { name: snapshotName(req) });
      done(res, 'deleted', { name: snapshotName(req) });
    }),
  );

  return router;
}
