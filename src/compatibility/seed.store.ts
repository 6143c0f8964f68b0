import { sqlDateTime } from '../platform/data-source';
import type { Database } from '../platform/database';

const SEEDED_KEY = 'compatibility_data_seeded_at';

/** An organisation of the compatibility data set, as it is held. */
export interface SeededOrganisation {
  ukprn: string;
  organisationRef: string;
  name: string;
  kind: string;
  recognitionNumber: string | null;
  wsPasswordHash: string | null;
  learnerManagement: boolean;
  learnerManagementReason: string | null;
  edcResolverEmail?: string;
  journalEnabled: boolean;
}

/** A user of the compatibility data set, as it is held (the columns the seed sets; the others keep their defaults). */
export interface SeededUser {
  organisationId: number;
  username: string;
  givenName: string;
  familyName: string;
  email: string;
  status: string;
  passwordHash: string;
  passwordSealed: string | null;
  agreementVersion: string;
  secretQuestion: string;
  secretAnswerHash: string;
  suspendedManually: boolean;
  verificationProvided: string;
  roles: readonly string[];
}

/**
 * The rows of the compatibility data set that belong to it alone: its organisations and users,
 * kept by UKPRN and username, the links of its qualifications, and the mark that it was loaded.
 */
export class SeedStore {
  constructor(private readonly db: Database) {}

  async isSeeded(): Promise<boolean> {
    const rows = await this.db.query<unknown[]>('SELECT value FROM app_settings WHERE `key` = ?', [SEEDED_KEY]);
    return rows.length > 0;
  }

  async markSeeded(at: Date): Promise<void> {
    await this.db.run('DELETE FROM app_settings WHERE `key` = ?', [SEEDED_KEY]);
    await this.db.run('INSERT INTO app_settings (`key`, value) VALUES (?, ?)', [SEEDED_KEY, at.toISOString()]);
  }

  /** Creates the organisation, or sets the seed's values on the one of its UKPRN; its id. */
  async saveOrganisation(organisation: SeededOrganisation, at: Date): Promise<number> {
    const values = {
      ukprn: organisation.ukprn,
      organisation_ref: organisation.organisationRef,
      name: organisation.name,
      kind: organisation.kind,
      status: 'ACTIVE',
      recognition_number: organisation.recognitionNumber,
      ws_password_hash: organisation.wsPasswordHash,
      learner_management: organisation.learnerManagement,
      learner_management_reason: organisation.learnerManagementReason,
      learner_management_changed_at: null,
    };
    const id = await this.saveByKey('organisations', 'ukprn', organisation.ukprn, values, at);
    if (organisation.edcResolverEmail !== undefined) {
      await this.db.run('UPDATE organisations SET edc_resolver_email = ? WHERE id = ?', [organisation.edcResolverEmail, id]);
    }
    await this.db.run('UPDATE organisations SET journal_enabled = ? WHERE id = ?', [organisation.journalEnabled ? 1 : 0, id]);
    return id;
  }

  /**
   * Creates the user, or sets the seed's values on the one of their username: a new password,
   * set now, not to be changed, no failed attempts, the agreement accepted; and their roles.
   */
  async saveUser(user: SeededUser, at: Date): Promise<number> {
    const now = sqlDateTime(at);
    const id = await this.saveByKey(
      'users',
      'username',
      user.username,
      {
        organisation_id: user.organisationId,
        username: user.username,
        given_name: user.givenName,
        family_name: user.familyName,
        email: user.email,
        status: user.status,
        password_hash: user.passwordHash,
        password_sealed: user.passwordSealed,
        password_changed_at: now,
        password_is_one_time: false,
        failed_attempts: 0,
        agreement_accepted_at: now,
        agreement_version: user.agreementVersion,
        secret_question: user.secretQuestion,
        secret_answer_hash: user.secretAnswerHash,
        secret_question_set_at: now,
        suspended_manually: user.suspendedManually,
        deleted_at: null,
        verification_provided: user.verificationProvided,
      },
      at,
    );
    await this.db.run('DELETE FROM user_roles WHERE user_id = ?', [id]);
    if (user.roles.length > 0) {
      await this.db.run(
        `INSERT INTO user_roles (user_id, role) VALUES ${user.roles.map(() => '(?, ?)').join(', ')}`,
        user.roles.flatMap((role) => [id, role]),
      );
    }
    return id;
  }

  /** The ids of the qualifications of these references. */
  async qualificationIds(references: readonly string[]): Promise<Map<string, number>> {
    const rows = await this.db.query<{ id: number; reference: string }[]>(
      `SELECT id, reference FROM qualifications WHERE reference IN (${references.map(() => '?').join(', ')})`,
      [...references],
    );
    return new Map(rows.map((r) => [r.reference, r.id]));
  }

  /**
   * Replaces whom these qualifications are shared with and the units they are made of:
   * `shares` (qualification id, organisation id), `units` (qualification id, unit id).
   */
  async replaceSharesAndUnits(qualificationIds: number[], shares: [number, number][], units: [number, number][]): Promise<void> {
    const placeholders = qualificationIds.map(() => '?').join(', ');
    await this.db.run(`DELETE FROM qualification_shares WHERE qualification_id IN (${placeholders})`, qualificationIds);
    await this.db.run(`DELETE FROM qualification_units WHERE qualification_id IN (${placeholders})`, qualificationIds);
    for (const share of shares) {
      await this.db.run('INSERT INTO qualification_shares (qualification_id, organisation_id) VALUES (?, ?)', share);
    }
    for (const unit of units) {
      await this.db.run('INSERT INTO qualification_units (qualification_id, unit_id) VALUES (?, ?)', unit);
    }
  }

  /**
   * Inserts the row of `table` whose `key` column holds `keyValue`, or updates it to `values`
   * (stamping updated_at and moving its version on); its id. Table and column names come from
   * this store, never from input.
   */
  private async saveByKey(
    table: 'organisations' | 'users',
    key: string,
    keyValue: string,
    values: Record<string, string | number | boolean | null>,
    at: Date,
  ): Promise<number> {
    const columns = Object.keys(values);
    const existing = await this.db.query<{ id: number }[]>(`SELECT id FROM ${table} WHERE ${key} = ?`, [keyValue]);
    if (existing[0] === undefined) {
      return this.db.insert(
        `INSERT INTO ${table} (${columns.join(', ')}, version) VALUES (${columns.map(() => '?').join(', ')}, 1)`,
        Object.values(values),
      );
    }
    const id = Number(existing[0].id);
    await this.db.run(
      `UPDATE ${table} SET ${columns.map((c) => `${c} = ?`).join(', ')}, updated_at = ?, version = version + 1 WHERE id = ?`,
      [...Object.values(values), sqlDateTime(at), id],
    );
    return id;
  }
}
