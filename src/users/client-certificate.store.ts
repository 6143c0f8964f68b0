import type { CertifiedOrganisation } from '../platform/auth/client-certificate';
import { sqlDateTime } from '../platform/data-source';
import type { Database } from '../platform/database';

/** A registered certificate as the operator's admin API shows it (after mapping). */
export interface CertificateRow {
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

export interface NewCertificate {
  organisationId: number;
  fingerprint: string;
  subject: string;
  issuer: string;
  serialNumber: string;
  validFrom: Date;
  validTo: Date;
  registeredAt: Date;
  registeredBy: string;
}

const SELECT_VIEW = `SELECT c.fingerprint_sha256, o.ukprn, c.subject, c.issuer, c.serial_number, c.valid_from, c.valid_to,
         c.registered_at, c.registered_by
  FROM client_certificates c JOIN organisations o ON o.id = c.organisation_id`;

/** The client certificates registered to organisations, by their SHA-256 fingerprint. */
export class ClientCertificateStore {
  constructor(private readonly db: Database) {}

  async organisationOf(fingerprint: string): Promise<CertifiedOrganisation | undefined> {
    const rows = await this.db.query<{ organisation_id: number; ukprn: string; organisation_ref: string | null }[]>(
      `SELECT c.organisation_id, o.ukprn, o.organisation_ref
         FROM client_certificates c JOIN organisations o ON o.id = c.organisation_id WHERE c.fingerprint_sha256 = ?`,
      [fingerprint],
    );
    const row = rows[0];
    return row && { organisationId: Number(row.organisation_id), ukprn: row.ukprn, organisationRef: row.organisation_ref };
  }

  /** The organisation's certificates, in the order they were registered. */
  ofOrganisation(organisationId: number): Promise<CertificateRow[]> {
    return this.db.query<CertificateRow[]>(`${SELECT_VIEW} WHERE c.organisation_id = ? ORDER BY c.registered_at, c.id`, [
      organisationId,
    ]);
  }

  async one(organisationId: number, fingerprint: string): Promise<CertificateRow | undefined> {
    const rows = await this.db.query<CertificateRow[]>(
      `${SELECT_VIEW} WHERE c.organisation_id = ? AND c.fingerprint_sha256 = ?`,
      [organisationId, fingerprint],
    );
    return rows[0];
  }

  /** Whether any organisation has registered the certificate. */
  async registered(fingerprint: string): Promise<boolean> {
    const rows = await this.db.query<unknown[]>('SELECT 1 FROM client_certificates WHERE fingerprint_sha256 = ?', [fingerprint]);
    return rows.length > 0;
  }

  async register(certificate: NewCertificate): Promise<void> {
    await this.db.run(
      `INSERT INTO client_certificates (organisation_id, fingerprint_sha256, subject, issuer, serial_number, valid_from, valid_to,
         registered_at, registered_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        certificate.organisationId,
        certificate.fingerprint,
        certificate.subject,
        certificate.issuer,
        certificate.serialNumber,
        sqlDateTime(certificate.validFrom),
        sqlDateTime(certificate.validTo),
        sqlDateTime(certificate.registeredAt),
        certificate.registeredBy,
      ],
    );
  }

  async remove(organisationId: number, fingerprint: string): Promise<void> {
    await this.db.run('DELETE FROM client_certificates WHERE organisation_id = ? AND fingerprint_sha256 = ?', [
      organisationId,
      fingerprint,
    ]);
  }
}
