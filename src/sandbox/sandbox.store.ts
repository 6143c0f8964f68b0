import { dateFromSql, sqlDateTime } from '../platform/data-source';
import type { Database } from '../platform/database';

type Row = Record<string, unknown>;

/** An organisation's records as a snapshot keeps them: every row of each table, ids as they were. */
export interface SandboxRecords {
  achievements: Row[];
  achievementEvents: Row[];
  dataChallenges: Row[];
  dataChallengeComments: Row[];
}

const marks = (values: unknown[]) => values.map(() => '?').join(', ');
const ids = (rows: Row[]) => rows.map((row) => Number(row.id));

/**
 * The rows of one organisation's sandbox (docs/decisions/0091-sandbox-reset-and-snapshots.md),
 * always inside the caller's transaction. Its records: the achievements it awarded with their
 * events, and the data challenges about them or raised by it, with their comments. Its history:
 * batch jobs, request journal, fault injections. The audit trail is never touched.
 */
export class SandboxStore {
  constructor(private readonly db: Database) {}

  async records(organisationId: number): Promise<SandboxRecords> {
    const achievements = await this.db.query<Row[]>('SELECT * FROM achievements WHERE awarding_organisation_id = ? ORDER BY id', [
      organisationId,
    ]);
    const achievementIds = ids(achievements);
    const achievementEvents =
      achievementIds.length === 0
        ? []
        : await this.db.query<Row[]>(
            `SELECT * FROM achievement_events WHERE achievement_id IN (${marks(achievementIds)}) ORDER BY id`,
            achievementIds,
          );
    const dataChallenges = await this.db.query<Row[]>(
      `SELECT * FROM data_challenges WHERE raised_by_organisation_id = ?${
        achievementIds.length === 0 ? '' : ` OR achievement_id IN (${marks(achievementIds)})`
      } ORDER BY id`,
      [organisationId, ...achievementIds],
    );
    const challengeIds = ids(dataChallenges);
    const dataChallengeComments =
      challengeIds.length === 0
        ? []
        : await this.db.query<Row[]>(
            `SELECT * FROM data_challenge_comments WHERE data_challenge_id IN (${marks(challengeIds)}) ORDER BY id`,
            challengeIds,
          );
    return {
      achievements: achievements.map(portable),
      achievementEvents: achievementEvents.map(portable),
      dataChallenges: dataChallenges.map(portable),
      dataChallengeComments: dataChallengeComments.map(portable),
    };
  }

  async deleteRecords(records: SandboxRecords): Promise<void> {
    const remove = async (table: string, rows: Row[]) => {
      const rowIds = ids(rows);
      for (let start = 0; start < rowIds.length; start += 500) {
        const slice = rowIds.slice(start, start + 500);
        await this.db.run(`DELETE FROM ${table} WHERE id IN (${marks(slice)})`, slice);
      }
    };
    await remove('data_challenge_comments', records.dataChallengeComments);
    await remove('data_challenges', records.dataChallenges);
    await remove('achievement_events', records.achievementEvents);
    await remove('achievements', records.achievements);
  }

  /** Batch jobs (with their stored file, parts and results), the journal, the fault injections and the recent learner searches. */
  async deleteHistory(organisationId: number): Promise<void> {
    const jobs = await this.db.query<Row[]>('SELECT id FROM batch_jobs WHERE organisation_id = ?', [organisationId]);
    const jobIds = ids(jobs);
    for (let start = 0; start < jobIds.length; start += 500) {
      const slice = jobIds.slice(start, start + 500);
      for (const table of ['batch_job_chunks', 'batch_job_results', 'batch_job_parts', 'batch_job_lanes', 'batch_job_links']) {
        await this.db.run(`DELETE FROM ${table} WHERE job_id IN (${marks(slice)})`, slice);
      }
      await this.db.run(`UPDATE batch_jobs SET duplicate_of_job_id = NULL WHERE duplicate_of_job_id IN (${marks(slice)})`, slice);
      await this.db.run(`DELETE FROM batch_jobs WHERE id IN (${marks(slice)})`, slice);
    }
    await this.db.run('DELETE FROM exchange_journal WHERE organisation_id = ?', [organisationId]);
    await this.db.run('DELETE FROM fault_injections WHERE organisation_id = ?', [organisationId]);
    await this.db.run('DELETE FROM recent_learner_searches WHERE organisation_id = ?', [organisationId]);
  }

  async jobsBeingWorked(organisationId: number): Promise<number> {
    const [{ n }] = await this.db.query<{ n: number | string }[]>(
      "SELECT COUNT(*) AS n FROM batch_jobs WHERE organisation_id = ? AND status IN ('RECEIVING', 'IN_PROGRESS')",
      [organisationId],
    );
    return Number(n);
  }

  /**
   * Puts records back under new ids (ids are never reused, and others may have been given the
   * old ones' neighbours meanwhile), every reference between them followed to its new row.
   */
  async insertRecords(records: SandboxRecords): Promise<void> {
    const achievementIds = await this.insertAll('achievements', records.achievements, {});
    await this.insertAll('achievement_events', records.achievementEvents, { achievement_id: achievementIds });
    const challengeIds = await this.insertAll('data_challenges', records.dataChallenges, {
      achievement_id: achievementIds,
      open_achievement_id: achievementIds,
    });
    await this.insertAll('data_challenge_comments', records.dataChallengeComments, { data_challenge_id: challengeIds });
  }

  private async insertAll(
    table: string,
    rows: Row[],
    references: Record<string, Map<number, number>>,
  ): Promise<Map<number, number>> {
    const newIds = new Map<number, number>();
    for (const row of rows) {
      const columns = Object.keys(row).filter((column) => column !== 'id');
      const values = columns.map((column) => {
        const value = row[column];
        const map = references[column];
        if (map && value !== null && value !== undefined) return map.get(Number(value)) ?? value;
        return value;
      });
      const id = await this.db.insert(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${marks(values)})`, values);
      newIds.set(Number(row.id), id);
    }
    return newIds;
  }
}

/** A row whose times are written the way both databases read them back (MySQL answers Date objects, SQLite text). */
function portable(row: Row): Row {
  return Object.fromEntries(
    Object.entries(row).map(([column, value]) => [column, value instanceof Date ? sqlDateTime(value) : value]),
  );
}

export interface SnapshotSummary {
  name: string;
  createdAt: Date;
  createdBy: string;
  achievements: number;
  dataChallenges: number;
}

/** The sandbox_snapshots table. */
export class SnapshotStore {
  constructor(private readonly db: Database) {}

  async save(organisationId: number, name: string, records: SandboxRecords, by: string, at: Date): Promise<void> {
    await this.db.run('DELETE FROM sandbox_snapshots WHERE organisation_id = ? AND name = ?', [organisationId, name]);
    await this.db.run(
      'INSERT INTO sandbox_snapshots (organisation_id, name, created_at, created_by, achievements, data_challenges, content) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [
        organisationId,
        name,
        sqlDateTime(at),
        by,
        records.achievements.length,
        records.dataChallenges.length,
        JSON.stringify(records),
      ],
    );
  }

  async content(organisationId: number, name: string): Promise<SandboxRecords | undefined> {
    const rows = await this.db.query<{ content: string }[]>(
      'SELECT content FROM sandbox_snapshots WHERE organisation_id = ? AND name = ?',
      [organisationId, name],
    );
    return rows[0] ? (JSON.parse(rows[0].content) as SandboxRecords) : undefined;
  }

  async list(organisationId: number): Promise<SnapshotSummary[]> {
    const rows = (await this.db.query(
      'SELECT name, created_at, created_by, achievements, data_challenges FROM sandbox_snapshots WHERE organisation_id = ? ORDER BY name',
      [organisationId],
    )) as { name: string; created_at: string | Date; created_by: string; achievements: number; data_challenges: number }[];
    return rows.map((row) => ({
      name: row.name,
      createdAt: dateFromSql(row.created_at),
      createdBy: row.created_by,
      achievements: Number(row.achievements),
      dataChallenges: Number(row.data_challenges),
    }));
  }

  async remove(organisationId: number, name: string): Promise<void> {
    await this.db.run('DELETE FROM sandbox_snapshots WHERE organisation_id = ? AND name = ?', [organisationId, name]);
  }
}
