import type { AdminRoute } from '../admin/admin-route';
import type { ClientCertificateService } from './client-certificate.service';

const OPERATOR = ['OPERATOR'] as const;

/** The operator's register of the client certificates of organisations' MIS systems. */
export function clientCertificateAdminRoutes(service: ClientCertificateService): AdminRoute[] {
  return [
    {
      method: 'get',
      path: '/organisations/:ukprn/client-certificates',
      summary: "List the client certificates registered to an organisation's MIS systems",
      tag: 'Organisations',
      roles: OPERATOR,
      responseSchema: 'admin/client-certificates/list',
      handle: ({ params }) => service.list(params.ukprn),
    },
    {
      method: 'post',
      path: '/organisations/:ukprn/client-certificates',
      summary:
        'Register an MIS system’s client certificate (PEM, without its key) to the organisation: calls made with it are the organisation’s',
      tag: 'Organisations',
      roles: OPERATOR,
      requestSchema: 'admin/client-certificates/register.request',
      responseSchema: 'admin/client-certificates/certificate',
      status: 201,
      handle: ({ params, body, context }) =>
        service.register(context, params.ukprn, (body as { certificate: string }).certificate),
    },
    {
      method: 'delete',
      path: '/organisations/:ukprn/client-certificates/:fingerprint',
      summary: 'Remove (revoke) a client certificate: the next call made with it is refused',
      tag: 'Organisations',
      roles: OPERATOR,
      responseSchema: 'admin/client-certificates/certificate',
      handle: ({ params, context }) => service.remove(context, params.ukprn, params.fingerprint),
    },
  ];
}
