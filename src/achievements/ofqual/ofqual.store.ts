import type { Database } from '../../platform/database';
import type { RegisteredOwner } from './ofqual-mapping';

/** Where an interrupted sync of the Ofqual Register stopped, and how it paged. */
export interface SyncProgress {
  lastCompletedPage: number;
  limit: number;
  total: number;
}

const PROGRESS_KEY = 'ofqual_sync_state';

/** What loading the Ofqual Register and Qualifications in Wales keeps and reads besides the qualifications. */
export class OfqualStore {
  constructor(private readonly db: Database) {}

  /** The progress an interrupted sync saved, as saved (undefined when none, or unreadable). */
  async syncProgress(): Promise<Partial<SyncProgress> | undefined> {
    const rows = await this.db.query<{ value: string }[]>('SELECT value FROM app_settings WHERE `key` = ?', [PROGRESS_KEY]);
    if (rows.length === 0) return undefined;
    try {
      return JSON.parse(rows[0].value) as Partial<SyncProgress>;
    } catch {
      return undefined; // unreadable progress: a run from the start rewrites it
    }
  }

  /** Saves a sync's progress; undefined clears it (the run reached the last page). */
  async saveSyncProgress(progress: SyncProgress | undefined): Promise<void> {
    await this.db.run('DELETE FROM app_settings WHERE `key` = ?', [PROGRESS_KEY]);
    if (progress)
      await this.db.run('INSERT INTO app_settings (`key`, value) VALUES (?, ?)', [PROGRESS_KEY, JSON.stringify(progress)]);
  }

  /** The awarding organisations with a recognition number: the owners a QiW row may name. */
  async registeredOwners(): Promise<RegisteredOwner[]> {
    const rows = await this.db.query<{ name: string; recognition_number: string }[]>(
      "SELECT name, recognition_number FROM organisations WHERE kind = 'AO' AND recognition_number IS NOT NULL",
    );
    return rows.map((row) => ({ name: row.name, recognitionNumber: row.recognition_number }));
  }

  /** Which of these references the register holds from the Ofqual Register (its API or its download). */
  async fromOfqual(references: string[]): Promise<Set<string>> {
    if (references.length === 0) return new Set();
    const rows = await this.db.query<{ reference: string }[]>(
      `SELECT reference FROM qualifications WHERE source IN ('OFQUAL_API', 'OFQUAL_CSV') AND reference IN (${references.map(() => '?').join(', ')})`,
      references,
    );
    return new Set(rows.map((row) => row.reference));
  }
}
