import type { EntityManager } from 'typeorm';
import type { SchemaRegistry } from '../admin/schema-registry';
import type { CallContext } from '../platform/call-context';
import { DomainError, isDomainError } from '../platform/errors';
import type { BatchLayout } from './batch-layouts';
import type { RowToCommit } from './batch-store';
import type { BatchRow } from './formats/batch-row';

/** What a row handler decides for one row: its outcome code and the output columns it adds. */
export interface RowResult {
  outcome: string;
  succeeded: boolean;
  added: Record<string, string | undefined>;
}

/**
 * Sends one batch row through the same use case as the single operation (a batch row is never a second
 * implementation of a rule: docs/decisions/0037-batch-rows-go-through-the-single-operation.md). Changes go through `manager`, the chunk's transaction.
 */
export interface RowHandler {
  layout: BatchLayout;
  /** Whether rows change anything (then each runs in a savepoint of the chunk's transaction). */
  writes: boolean;
  handle(fields: Record<string, string | undefined>, context: CallContext, manager: EntityManager): Promise<RowResult>;
  /** The output columns of a refused row. */
  refused(code: string, message: string): Record<string, string | undefined>;
}

/** A row's shape and JSON Schema checked, then its handler; a refusal becomes the row's result. */
export async function processRow(
  row: BatchRow,
  handler: RowHandler,
  schemas: SchemaRegistry,
  context: CallContext,
  manager: EntityManager,
): Promise<RowToCommit> {
  const input = Object.fromEntries(handler.layout.columns.map((c) => [c, row.fields[c]]));
  try {
    if (row.shapeProblem) throw new DomainError('BATCH_FILE_INVALID', row.shapeProblem);
    const present = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
    schemas.check(handler.layout.rowSchema, present);
    // A row's changes are undone alone when the row is refused half-way (a savepoint).
    const result = handler.writes
      ? await manager.transaction((rowManager) => handler.handle(input, context, rowManager))
      : await handler.handle(input, context, manager);
    return {
      rowNumber: row.rowNumber,
      outcome: result.outcome,
      succeeded: result.succeeded,
      output: { ...input, ...result.added },
    };
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return {
      rowNumber: row.rowNumber,
      outcome: error.code,
      succeeded: false,
      output: { ...input, ...handler.refused(error.code, error.message) },
    };
  }
}
