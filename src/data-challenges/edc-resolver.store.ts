import type { Database } from '../platform/database';

/** An organisation as its EDC resolver nomination is read and set (guide 6.1). */
export interface ResolverNomination {
  id: number;
  ukprn: string;
  name: string;
  kind: string;
  edcResolverEmail: string | null;
}

/** The address an awarding organisation nominates to be told of its data challenges (guide 6.1). */
export class EdcResolverStore {
  constructor(private readonly db: Database) {}

  async findByUkprn(ukprn: string): Promise<ResolverNomination | undefined> {
    const rows = await this.db.query<
      { id: number; ukprn: string; name: string; kind: string; edc_resolver_email: string | null }[]
    >('SELECT id, ukprn, name, kind, edc_resolver_email FROM organisations WHERE ukprn = ?', [ukprn]);
    const row = rows[0];
    return row && { id: row.id, ukprn: row.ukprn, name: row.name, kind: row.kind, edcResolverEmail: row.edc_resolver_email };
  }

  /** Sets the organisation's nominated address; null clears it. */
  async nominate(organisationId: number, email: string | null): Promise<void> {
    await this.db.run('UPDATE organisations SET edc_resolver_email = ? WHERE id = ?', [email, organisationId]);
  }
}
