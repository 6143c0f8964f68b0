import type { X509Certificate } from 'node:crypto';
import { type AuditTrail, auditEntryOf } from '../platform/audit/audit-trail';
import type { CertificateRegistry, CertifiedOrganisation } from '../platform/auth/client-certificate';
import type { CallContext } from '../platform/call-context';
import type { Clock } from '../platform/clock';
import { dateFromSql, isUniqueViolation, sqlDateTime } from '../platform/data-source';
import type { Database } from '../platform/database';
import { DomainError } from '../platform/errors';
import { registrableCertificate } from './client-certificate.rules';

interface CertificateRow {
  fingerprint_sha256: string;
  ukprn: string;
  subject: string;
  issuer: string;
  serial_number: string;
  valid_from: string | Date;
  valid_to: string | Date;
  registered_at: string | Date;
  registered_by: string;
}

const SELECT_VIEW = `SELECT c.fingerprint_sha256, o.ukprn, c.subject, c.issuer, c.serial_number, c.valid_from, c.valid_to,
         c.registered_at, c.registered_by
  FROM client_certificates c JOIN organisations o ON o.id = c.organisation_id`;

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
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    private readonly clientCas: X509Certificate[] | undefined,
  ) {}

  async organisationOf(fingerprint: string): Promise<CertifiedOrganisation | undefined> {
    const rows = await this.db.query<{ organisation_id: number; ukprn: string; organisation_ref: string | null }[]>(
      `SELECT c.organisation_id, o.ukprn, o.organisation_ref
         FROM client_certificates c JOIN organisations o ON o.id = c.organisation_id WHERE c.fingerprint_sha256 = ?`,
      [fingerprint],
    );
    const row = rows[0];
    if (!row) return undefined;
    return {
      organisationId: Number(row.organisation_id),
      ukprn: row.ukprn,
      organisationRef: row.organisation_ref,
    };
  }

  async list(ukprn: string) {
    const organisationId = await this.organisationId(ukprn);
    const rows = await this.db.query<CertificateRow[]>(
      `${SELECT_VIEW} WHERE c.organisation_id = ? ORDER BY c.registered_at, c.id`,
      [organisationId],
    );
    return { certificates: rows.map(toView) };
  }

  async register(context: CallContext, ukprn: string, pem: string) {
    const facts = registrableCertificate(pem, this.clock.now(), this.clientCas);
    const organisationId = await this.organisationId(ukprn);
    try {
      await this.db.transaction(async (manager) => {
        const clash: unknown[] = await manager.query('SELECT 1 FROM client_certificates WHERE fingerprint_sha256 = ?', [
          facts.fingerprint,
        ]);
        if (clash.length > 0) throw new DomainError('CLIENT_CERTIFICATE_EXISTS');
        await manager.query(
          `INSERT INTO client_certificates (organisation_id, fingerprint_sha256, subject, issuer, serial_number, valid_from, valid_to,
             registered_at, registered_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [
            organisationId,
            facts.fingerprint,
            facts.subject.slice(0, 500),
            facts.issuer.slice(0, 500),
            facts.serialNumber.slice(0, 80),
            sqlDateTime(facts.validFrom),
            sqlDateTime(facts.validTo),
            sqlDateTime(this.clock.now()),
            context.principal.username,
          ],
        );
        await this.audit.record(auditEntryOf(context, 'RegisterClientCertificate', ukprn), manager);
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
    await this.db.transaction(async (manager) => {
      await manager.query('DELETE FROM client_certificates WHERE organisation_id = ? AND fingerprint_sha256 = ?', [
        organisationId,
        removed.fingerprint,
      ]);
      await this.audit.record(auditEntryOf(context, 'RemoveClientCertificate', ukprn), manager);
    });
    return removed;
  }

  private async view(organisationId: number, fingerprint: string) {
    const rows = await this.db.query<CertificateRow[]>(
      `${SELECT_VIEW} WHERE c.organisation_id = ? AND c.fingerprint_sha256 = ?`,
      [organisationId, fingerprint],
    );
    if (!rows[0]) throw new DomainError('CLIENT_CERTIFICATE_NOT_FOUND');
    return toView(rows[0]);
  }

  private async organisationId(ukprn: string): Promise<number> {
    const rows = await this.db.query<{ id: number }[]>('SELECT id FROM organisations WHERE ukprn = ?', [ukprn]);
    if (!rows[0]) throw new DomainError('ORGANISATION_NOT_FOUND');
    return Number(rows[0].id);
  }
}
