import { type Request, type Response, Router } from 'express';
import { INJECTED_ACTIONS } from '../fault-injection/fault-injection.rules';
import { DomainError, isDomainError } from '../platform/errors';
import { type ConsolePages, correlationIdOf, page, signedIn } from './console-kit';
import type { RouteKey } from './console-calls';
import { formatInstant } from './journal-view.rules';
import { ACTION_TEXT, type InjectionForm, readInjectionForm } from './sandbox-forms.rules';

interface Injection {
  id: number;
  action: keyof typeof ACTION_TEXT;
  operation: string | null;
  delayMs?: number;
  fault?: string;
  remaining: number;
  expiresAt: string;
  createdBy: string;
}

const NOTICES: Record<string, string> = {
  armed: 'The fault injection is armed: your organisation’s next matching calls get it.',
  disarmed: 'The fault injection is disarmed.',
};

/** Fault injection: the form that scripts the next calls, and what is still armed (docs/decisions/0090-fault-injection.md). */
export function faultPages(pages: ConsolePages): Router {
  const router = Router();
  const call = <T>(res: Response, key: RouteKey, input: { body?: unknown; params?: Record<string, string> } = {}) =>
    pages.calls.call<T>(signedIn(res).principal, key, input, correlationIdOf(res));

  const show = async (req: Request, res: Response, form: Pick<InjectionForm, 'values' | 'errors'>, status = 200) => {
    const armed = await call<{ enabled: boolean; injections: Injection[] }>(res, 'get /fault-injections');
    if (!armed.enabled) {
      return pages.render(res, 'unavailable.njk', {
        title: 'Fault injection',
        section: '/console/faults',
        reason: 'This deployment has no sandbox (SANDBOX=off): fault injection is off.',
      });
    }
    pages.render(
      res,
      'faults.njk',
      {
        title: 'Fault injection',
        section: '/console/faults',
        notice: typeof req.query.done === 'string' ? NOTICES[req.query.done] : undefined,
        actions: INJECTED_ACTIONS.map((value) => ({ value, text: ACTION_TEXT[value], checked: form.values.action === value })),
        values: { count: '1', expiresInMinutes: '10', ...form.values },
        fieldErrors: form.errors,
        errorList: Object.entries(form.errors).map(([field, text]) => ({ text, href: `#${field}` })),
        injections: armed.injections.map((injection) => ({
          ...injection,
          actionText: ACTION_TEXT[injection.action] ?? injection.action,
          detail: injection.fault ?? (injection.delayMs === undefined ? '' : `${injection.delayMs} ms`),
          expires: formatInstant(injection.expiresAt),
        })),
      },
      status,
    );
  };

  router.get(
    '/console/faults',
    page((req, res) => show(req, res, { values: {}, errors: {} })),
  );

  router.post(
    '/console/faults',
    page(async (req, res) => {
      const form = readInjectionForm((req.body ?? {}) as Record<string, unknown>);
      if (!form.body) return show(req, res, form, 400);
      try {
        await call(res, 'post /fault-injections', { body: form.body });
      } catch (error) {
        // What only the gateway knows (an operation no surface has, a fault code it has not) goes back on the form.
        if (!isDomainError(error) || error.code !== 'REQUEST_INVALID') throw error;
        const field = /operation/.test(error.message) ? 'operation' : /fault|code/i.test(error.message) ? 'fault' : 'action';
        return show(req, res, { values: form.values, errors: { [field]: error.message } }, 400);
      }
      res.redirect(303, '/console/faults?done=armed');
    }),
  );

  router.post(
    '/console/faults/:id/disarm',
    page(async (req, res) => {
      if (!/^[0-9]{1,12}$/.test(String(req.params.id))) throw new DomainError('FAULT_INJECTION_NOT_FOUND');
      await call(res, 'delete /fault-injections/:id', { params: { id: String(req.params.id) } });
      res.redirect(303, '/console/faults?done=disarmed');
    }),
  );

  return router;
}
