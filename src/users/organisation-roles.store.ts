import type { Database } from '../platform/database';

/** The roles each organisation was set up for (organisation_roles, guide Appendix A). */
export class OrganisationRolesStore {
  constructor(private readonly db: Database) {}

  async of(organisationId: number): Promise<string[]> {
    const rows = await this.db.query<{ role: string }[]>('SELECT role FROM organisation_roles WHERE organisation_id = ?', [
      organisationId,
    ]);
    return rows.map((row) => row.role);
  }

  /**
   * Sets the organisation's roles and takes every other role from its users in the same
   * transaction: the role check reads user_roles on every call, so the removal holds at once on
   * every process. Answers how many grants were taken away.
   */
  async replace(organisationId: number, roles: readonly string[]): Promise<number> {
    await this.db.run('DELETE FROM organisation_roles WHERE organisation_id = ?', [organisationId]);
    if (roles.length > 0) {
      await this.db.run(`INSERT INTO organisation_roles (organisation_id, role) VALUES ${roles.map(() => '(?, ?)').join(', ')}`, [
        ...roles.flatMap((role) => [organisationId, role]),
      ]);
    }
    const kept = roles.length > 0 ? `AND role NOT IN (${roles.map(() => '?').join(', ')})` : '';
    const taken = await this.db.query<{ n: number | string }[]>(
      `SELECT COUNT(*) AS n FROM user_roles WHERE user_id IN (SELECT id FROM users WHERE organisation_id = ?) ${kept}`,
      [organisationId, ...roles],
    );
    await this.db.run(`DELETE FROM user_roles WHERE user_id IN (SELECT id FROM users WHERE organisation_id = ?) ${kept}`, [
      organisationId,
      ...roles,
    ]);
    return Number(taken[0]?.n ?? 0);
  }
}
