import type { X509Certificate } from 'node:crypto';
import { type AuditTrail, auditEntryOf } from '../platform/audit/audit-trail';
import type { CertificateRegistry, CertifiedOrganisation } from '../platform/auth/client-certificate';
import type { CallContext } from '../platform/call-context';
import type { Clock } from '../platform/clock';
import { dateFromSql, isUniqueViolation } from '../platform/data-source';
import type { Database } from '../platform/database';
import { DomainError } from '../platform/errors';
import { registrableCertificate } from './client-certificate.rules';
import { type CertificateRow, ClientCertificateStore } from './client-certificate.store';
import { OrganisationStore } from './organisation.store';

function toView(row: CertificateRow) {
  return {
    fingerprint: row.fingerprint_sha256,
    organisationUkprn: row.ukprn,
    subject: row.subject,
    issuer: row.issuer,
    serialNumber: row.serial_number,
    validFrom: dateFromSql(row.valid_from).toISOString(),
    validTo: dateFromSql(row.valid_to).toISOString(),
    registeredAt: dateFromSql(row.registered_at).toISOString(),
    registeredBy: row.registered_by,
  };
}

/** A fingerprint as operators copy it: `openssl x509 -fingerprint -sha256` prints AB:CD:..., the gateway abcd... */
function normaliseFingerprint(fingerprint: string): string {
  return fingerprint.replace(/:/g, '').toLowerCase();
}

/**
 * Which client certificate belongs to which organisation: the operator registers and removes
 * them (admin API), and the SOAP front door asks whose a presented certificate is. Removing a
 * certificate is how an operator revokes it: the next call with it is refused.
 */
export class ClientCertificateService implements CertificateRegistry {
  private readonly store: ClientCertificateStore;
  private readonly organisations: OrganisationStore;

  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    private readonly clientCas: X509Certificate[] | undefined,
  ) {
    this.store = new ClientCertificateStore(db);
    this.organisations = new OrganisationStore(db);
  }

  organisationOf(fingerprint: string): Promise<CertifiedOrganisation | undefined> {
    return this.store.organisationOf(fingerprint);
  }

  async list(ukprn: string) {
    const organisationId = await this.organisationId(ukprn);
    return { certificates: (await this.store.ofOrganisation(organisationId)).map(toView) };
  }

  async register(context: CallContext, ukprn: string, pem: string) {
    const facts = registrableCertificate(pem, this.clock.now(), this.clientCas);
    const organisationId = await this.organisationId(ukprn);
    try {
      await this.db.transaction(async () => {
        if (await this.store.registered(facts.fingerprint)) throw new DomainError('CLIENT_CERTIFICATE_EXISTS');
        await this.store.register({
          organisationId,
          fingerprint: facts.fingerprint,
          subject: facts.subject.slice(0, 500),
          issuer: facts.issuer.slice(0, 500),
          serialNumber: facts.serialNumber.slice(0, 80),
          validFrom: facts.validFrom,
          validTo: facts.validTo,
          registeredAt: this.clock.now(),
          registeredBy: context.principal.username,
        });
        await this.audit.record(auditEntryOf(context, 'RegisterClientCertificate', ukprn));
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError('CLIENT_CERTIFICATE_EXISTS'); // a concurrent registration won
      throw error;
    }
    return this.view(organisationId, facts.fingerprint);
  }

  async remove(context: CallContext, ukprn: string, fingerprint: string) {
    const organisationId = await this.organisationId(ukprn);
    const removed = await this.view(organisationId, normaliseFingerprint(fingerprint));
    await this.db.transaction(async () => {
      await this.store.remove(organisationId, removed.fingerprint);
      await this.audit.record(auditEntryOf(context, 'RemoveClientCertificate', ukprn));
    });
    return removed;
  }

  private async view(organisationId: number, fingerprint: string) {
    const row = await this.store.one(organisationId, fingerprint);
    if (!row) throw new DomainError('CLIENT_CERTIFICATE_NOT_FOUND');
    return toView(row);
  }

  private async organisationId(ukprn: string): Promise<number> {
    const id = await this.organisations.idOf(ukprn);
    if (id === undefined) throw new DomainError('ORGANISATION_NOT_FOUND');
    return id;
  }
}
