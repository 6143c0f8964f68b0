import type { AdminRoute } from '../admin/admin-route';
import type { SelfService } from './self-service.service';

const TAG = 'Your account';

/**
 * Every user's calls on their own account. The first login goes in the order of guide 2.3.1:
 * change the one-time password, accept the user agreement, set the secret question; each step's
 * call is open while the later steps are pending, and every other call waits for all three.
 */
export function selfServiceAdminRoutes(self: SelfService): AdminRoute[] {
  return [
    {
      method: 'get',
      path: '/self',
      summary: 'Your account and the first-login steps still pending',
      tag: TAG,
      roles: 'any',
      authentication: { allowPasswordChange: true },
      responseSchema: 'admin/self/self',
      handle: async ({ principal }) => {
        const { pending, ...user } = await self.me(principal);
        return { user, pending };
      },
    },
    {
      method: 'put',
      path: '/self/password',
      summary: 'Change your password: required after a one-time password and when it expires (guide 2.3.1, 3.4)',
      tag: TAG,
      roles: 'any',
      authentication: { allowPasswordChange: true },
      requestSchema: 'admin/self/password.request',
      responseSchema: 'admin/self/password',
      handle: ({ body, context }) => self.changePassword(context, (body as { newPassword: string }).newPassword),
    },
    {
      method: 'get',
      path: '/self/agreement',
      summary: 'Read the user agreement and your acceptance (guide 2.2)',
      tag: TAG,
      roles: 'any',
      authentication: { allowAgreementPending: true },
      responseSchema: 'admin/self/agreement',
      handle: ({ principal }) => self.agreement(principal),
    },
    {
      method: 'post',
      path: '/self/agreement',
      summary: 'Accept the current version of the user agreement, before any other call (guide 2.2)',
      tag: TAG,
      roles: 'any',
      authentication: { allowAgreementPending: true },
      requestSchema: 'admin/self/agreement.request',
      responseSchema: 'admin/self/agreement',
      handle: ({ body, context }) => self.acceptAgreement(context, (body as { version: string }).version),
    },
    {
      method: 'get',
      path: '/self/secret-question',
      summary: 'Your secret question and the questions to choose from (guide 2.3.1)',
      tag: TAG,
      roles: 'any',
      authentication: { allowSecretQuestionPending: true },
      responseSchema: 'admin/self/secret-question',
      handle: ({ principal }) => self.secretQuestion(principal),
    },
    {
      method: 'put',
      path: '/self/secret-question',
      summary: 'Set or change your secret question and answer (guide 2.3.1); the answer is not case sensitive',
      tag: TAG,
      roles: 'any',
      authentication: { allowSecretQuestionPending: true },
      requestSchema: 'admin/self/secret-question.request',
      responseSchema: 'admin/self/secret-question',
      handle: ({ body, context }) => {
        const { question, answer } = body as { question: string; answer: string };
        return self.setSecretQuestion(context, question, answer);
      },
    },
    {
      method: 'post',
      path: '/self/forgotten-password',
      summary:
        'Forgotten password: HTTP Basic with your username and your secret answer in place of the password; a one-time password is emailed to you',
      tag: TAG,
      roles: 'any',
      authentication: { secretAnswer: true },
      responseSchema: 'admin/self/forgotten-password',
      status: 202,
      handle: ({ context }) => self.forgottenPassword(context),
    },
  ];
}
