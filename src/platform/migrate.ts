import type { DataSource } from 'typeorm';
import { keepCountingTriggers } from './cache/counting-triggers';
import { isSqlite } from './data-source';

/**
 * Applies the migrations, then makes again any change-counting trigger a migration dropped (on
 * SQLite, rebuilding a table drops its triggers): every process and the CLI migrate this way.
 * docs/decisions/0073-cached-reads-kept-correct-by-change-counters.md
 */
export async function migrate(dataSource: DataSource): Promise<void> {
  await dataSource.runMigrations({ transaction: 'each' });
  await keepCountingTriggers(dataSource, isSqlite(dataSource));
}
