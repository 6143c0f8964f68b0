import { sqlDateTime } from '../platform/data-source';
import type { Database } from '../platform/database';
import type { OrganisationStatus } from './organisation-status.rules';

/** An organisation as the operator's admin API shows it (after mapping). */
export interface OrganisationRow {
  id: number;
  ukprn: string;
  organisation_ref: string | null;
  name: string;
  kind: string;
  status: string;
  recognition_number: string | null;
  ws_password_hash: string | null;
  learner_management: number | string | boolean;
  status_reason: string | null;
  status_changed_at: string | Date | null;
  created_at: string | Date;
  updated_at: string | Date;
}

/** What the learner-management capability (guide 1.4) reads of an organisation. */
export interface LearnerManagementRow {
  id: number;
  ukprn: string;
  name: string;
  kind: string;
  learner_management: number | string | boolean;
  learner_management_reason: string | null;
  learner_management_changed_at: string | Date | null;
}

/** An organisation as GetOrganisation lists it. */
export interface OrganisationListingRow {
  ukprn: string;
  organisation_ref: string | null;
  name: string;
  status: OrganisationStatus;
}

export interface NewOrganisation {
  ukprn: string;
  organisationRef: string | null;
  name: string;
  kind: string;
  recognitionNumber: string | null;
  /** learner_management, its reason and when it was set (learnerManagementAtCreation). */
  learnerManagement: [number, string | null, string | null];
}

const LEARNER_MANAGEMENT_COLUMNS =
  'id, ukprn, name, kind, learner_management, learner_management_reason, learner_management_changed_at';

/** The organisations registered with the service (guide 1.4, 3.6). */
export class OrganisationStore {
  constructor(private readonly db: Database) {}

  /**
   * Serialises the changes to one organisation's users and roles on MariaDB (row lock on the
   * organisation), so the duplicate-person and last-super-user checks hold under concurrency.
   * SQLite transactions are already serialised by Database.
   */
  async lock(organisationId: number): Promise<void> {
    if (!this.db.sqlite) await this.db.query('SELECT id FROM organisations WHERE id = ? FOR UPDATE', [organisationId]);
  }

  async byUkprn(ukprn: string): Promise<OrganisationRow | undefined> {
    const rows = await this.db.query<OrganisationRow[]>('SELECT * FROM organisations WHERE ukprn = ?', [ukprn]);
    return rows[0];
  }

  /** Its id and kind only. */
  async kindOf(ukprn: string): Promise<{ id: number; kind: string } | undefined> {
    const rows = await this.db.query<{ id: number; kind: string }[]>('SELECT id, kind FROM organisations WHERE ukprn = ?', [
      ukprn,
    ]);
    return rows[0] && { id: Number(rows[0].id), kind: rows[0].kind };
  }

  async idOf(ukprn: string): Promise<number | undefined> {
    const rows = await this.db.query<{ id: number }[]>('SELECT id FROM organisations WHERE ukprn = ?', [ukprn]);
    return rows[0] && Number(rows[0].id);
  }

  all(): Promise<OrganisationRow[]> {
    return this.db.query<OrganisationRow[]>('SELECT * FROM organisations ORDER BY ukprn');
  }

  /** The operator organisations, oldest first (there is only ever one). */
  operators(): Promise<OrganisationRow[]> {
    return this.db.query<OrganisationRow[]>("SELECT * FROM organisations WHERE kind = 'OPERATOR' ORDER BY id");
  }

  /** Whether an organisation already has this UKPRN, OrganisationRef or recognition number. */
  async clashes(ukprn: string, organisationRef: string | null, recognitionNumber: string | null): Promise<boolean> {
    const rows = await this.db.query<unknown[]>(
      'SELECT 1 FROM organisations WHERE ukprn = ? OR organisation_ref = ? OR recognition_number = ?',
      [ukprn, organisationRef, recognitionNumber],
    );
    return rows.length > 0;
  }

  insert(organisation: NewOrganisation, at: Date): Promise<number> {
    const now = sqlDateTime(at);
    return this.db.insert(
      `INSERT INTO organisations (ukprn, organisation_ref, name, kind, status, recognition_number,
         learner_management, learner_management_reason, learner_management_changed_at, created_at, updated_at, version)
       VALUES (?, ?, ?, ?, 'ACTIVE', ?, ?, ?, ?, ?, ?, 1)`,
      [
        organisation.ukprn,
        organisation.organisationRef,
        organisation.name,
        organisation.kind,
        organisation.recognitionNumber,
        ...organisation.learnerManagement,
        now,
        now,
      ],
    );
  }

  /** guide 1.3: suspended or reactivated, with the operator's reason; nothing changes when it already has that status. */
  async setStatus(organisationId: number, change: { status: string; reason: string }, at: Date): Promise<void> {
    await this.db.run(
      `UPDATE organisations SET status = ?, status_reason = ?, status_changed_at = ?, updated_at = ?, version = version + 1
       WHERE id = ? AND status <> ?`,
      [change.status, change.reason, sqlDateTime(at), sqlDateTime(at), organisationId, change.status],
    );
  }

  async setWebServicesPasswordHash(organisationId: number, hash: string, at: Date): Promise<void> {
    await this.db.run('UPDATE organisations SET ws_password_hash = ?, updated_at = ?, version = version + 1 WHERE id = ?', [
      hash,
      sqlDateTime(at),
      organisationId,
    ]);
  }

  /** Whether the organisation holds learner management (guide 1.4). */
  async holdsLearnerManagement(organisationId: number): Promise<boolean> {
    const rows = await this.db.query<Pick<LearnerManagementRow, 'learner_management'>[]>(
      'SELECT learner_management FROM organisations WHERE id = ?',
      [organisationId],
    );
    return rows[0] !== undefined && Number(rows[0].learner_management) === 1;
  }

  async learnerManagementOf(ukprn: string): Promise<LearnerManagementRow | undefined> {
    const rows = await this.db.query<LearnerManagementRow[]>(
      `SELECT ${LEARNER_MANAGEMENT_COLUMNS} FROM organisations WHERE ukprn = ?`,
      [ukprn],
    );
    return rows[0];
  }

  async setLearnerManagement(organisationId: number, change: { granted: boolean; reason: string }, at: Date): Promise<void> {
    const now = sqlDateTime(at);
    await this.db.run(
      `UPDATE organisations SET learner_management = ?, learner_management_reason = ?, learner_management_changed_at = ?,
         updated_at = ?, version = version + 1 WHERE id = ?`,
      [change.granted ? 1 : 0, change.reason, now, now, organisationId],
    );
  }

  /** GetOrganisation: by UKPRN, by OrganisationRef, or by both when both are given. */
  async listing(ukprn: string | undefined, organisationRef: string | undefined): Promise<OrganisationListingRow | undefined> {
    const rows = await this.db.query<OrganisationListingRow[]>(
      `SELECT ukprn, organisation_ref, name, status FROM organisations
        WHERE (? IS NULL OR ukprn = ?) AND (? IS NULL OR organisation_ref = ?)`,
      [ukprn ?? null, ukprn ?? null, organisationRef ?? null, organisationRef ?? null],
    );
    return rows[0];
  }
}
