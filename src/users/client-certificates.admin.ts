import fs from 'node:fs';
import type { AdminRoute } from '../admin/admin-route';
import type { AuditTrail } from '../platform/audit/audit-trail';
import type { CertificateRegistry } from '../platform/auth/client-certificate';
import type { Clock } from '../platform/clock';
import type { Database } from '../platform/database';
import { pemCertificates } from './client-certificate.rules';
import { ClientCertificateService } from './client-certificate.service';

const OPERATOR = ['OPERATOR'] as const;

export interface ClientCertificates {
  registry: CertificateRegistry;
  adminRoutes: AdminRoute[];
}

/** The operator's register of client certificates, and the registry the SOAP front door asks. */
export function clientCertificates(deps: {
  db: Database;
  audit: AuditTrail;
  clock: Clock;
  /** TLS_CLIENT_CA_FILE: a certificate must be issued by one of its CAs to be registered. */
  clientCaFile: string | undefined;
}): ClientCertificates {
  const clientCas = deps.clientCaFile ? pemCertificates(fs.readFileSync(deps.clientCaFile, 'utf8')) : undefined;
  const service = new ClientCertificateService(deps.db, deps.audit, deps.clock, clientCas);
  return {
    registry: service,
    adminRoutes: [
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
    ],
  };
}
