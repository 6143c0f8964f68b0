import type { EntityManager } from 'typeorm';
import type { Database } from '../platform/database';

export type Runner = Pick<EntityManager, 'query'> | Database;

/** The roles an organisation was set up for (organisation_roles). */
export async function organisationRoles(runner: Runner, organisationId: number): Promise<string[]> {
  const rows = (await runner.query('SELECT role FROM organisation_roles WHERE organisation_id = ?', [organisationId])) as {
    role: string;
  }[];
  return rows.map((row) => row.role);
}

/**
 * Sets the organisation's roles and takes every other role from its users in the same
 * transaction: the role check reads user_roles on every call, so the removal holds at once on
 * every process. Answers how many grants were taken away.
 */
export async function replaceOrganisationRoles(
  manager: EntityManager,
  organisationId: number,
  roles: readonly string[],
): Promise<number> {
  await manager.query('DELETE FROM organisation_roles WHERE organisation_id = ?', [organisationId]);
  if (roles.length > 0) {
    await manager.query(`INSERT INTO organisation_roles (organisation_id, role) VALUES ${roles.map(() => '(?, ?)').join(', ')}`, [
      ...roles.flatMap((role) => [organisationId, role]),
    ]);
  }
  const kept = roles.length > 0 ? `AND role NOT IN (${roles.map(() => '?').join(', ')})` : '';
  const taken = (await manager.query(
    `SELECT COUNT(*) AS n FROM user_roles WHERE user_id IN (SELECT id FROM users WHERE organisation_id = ?) ${kept}`,
    [organisationId, ...roles],
  )) as { n: number | string }[];
  await manager.query(`DELETE FROM user_roles WHERE user_id IN (SELECT id FROM users WHERE organisation_id = ?) ${kept}`, [
    organisationId,
    ...roles,
  ]);
  return Number(taken[0]?.n ?? 0);
}
