import type { EntityManager } from 'typeorm';
import { isSqlite } from '../platform/data-source';
import { LEARNER_COLUMNS, type LearnerRecord } from './learner-record';
import { replaceSearchKeys } from './search-key.store';

const ROWS_PER_STATEMENT = 200;

/**
 * Inserts or replaces Learner Register records by ULN, many rows per statement: the one way
 * records are written (seeding, `grow-learners`, `import-learners`). Their search keys are
 * replaced in the same transaction (docs/decisions/0079-finding-learners-by-search-keys.md).
 * Re-running with the same records changes nothing.
 */
export async function upsertLearners(manager: EntityManager, records: LearnerRecord[]): Promise<void> {
  const columns = LEARNER_COLUMNS.map(([, column]) => column);
  const updates = columns.filter((c) => c !== 'uln' && c !== 'created_date');
  const conflict = isSqlite(manager)
    ? ` ON CONFLICT(uln) DO UPDATE SET ${updates.map((c) => `${c} = excluded.${c}`).join(', ')}, updated_at = CURRENT_TIMESTAMP`
    : ` ON DUPLICATE KEY UPDATE ${updates.map((c) => `${c} = VALUES(${c})`).join(', ')}, updated_at = CURRENT_TIMESTAMP(3)`;
  for (let start = 0; start < records.length; start += ROWS_PER_STATEMENT) {
    const chunk = records.slice(start, start + ROWS_PER_STATEMENT);
    const placeholders = chunk.map(() => `(${columns.map(() => '?').join(', ')})`).join(', ');
    const values = chunk.flatMap((record) => LEARNER_COLUMNS.map(([field]) => valueOf(record, field)));
    await manager.query(`INSERT INTO learners (${columns.join(', ')}) VALUES ${placeholders}${conflict}`, values);
  }
  await replaceSearchKeys(manager, records);
}

function valueOf(record: LearnerRecord, field: keyof LearnerRecord): string | number | null {
  const value = record[field];
  if (value === undefined) return field === 'versionNumber' ? 1 : null;
  return value;
}
