import type { SchemaRegistry } from '../platform/validation/schema-registry';
import type { CallContext } from '../platform/call-context';
import { DomainError, isDomainError } from '../platform/errors';
import type { BatchLayout } from './batch-layouts';
import type { RowToCommit } from './batch.store';
import type { BatchRow } from './formats/batch-row';

/** Runs work in a savepoint of the chunk's transaction: undone alone if it throws. */
export type InSavepoint = <T>(work: () => Promise<T>) => Promise<T>;

/** What a row handler decides for one row: its outcome code and the output columns it adds. */
export interface RowResult {
  outcome: string;
  succeeded: boolean;
  added: Record<string, string | undefined>;
}

type Fields = Record<string, string | undefined>;

/**
 * Sends one batch row through the same use case as the single operation (a batch row is never a second
 * implementation of a rule: docs/decisions/0037-batch-rows-go-through-the-single-operation.md). Its changes join the
 * chunk's transaction, which the context carries.
 */
export interface RowHandler {
  layout: BatchLayout;
  /** Whether rows change anything (then, one by one, each runs in a savepoint of the chunk's transaction). */
  writes: boolean;
  /** One row alone, through the single call. */
  handle(fields: Fields, context: CallContext): Promise<RowResult>;
  /**
   * The well-formed rows of a chunk at once, in order, through the use case's set-based form:
   * each row's result or refusal in its place. May throw ConcurrentChange (then nothing it did
   * is kept: the chunk's transaction is rolled back and the chunk is done again).
   */
  handleChunk(rows: Fields[], context: CallContext, inSavepoint: InSavepoint): Promise<(RowResult | DomainError)[]>;
  /** The output columns of a refused row. */
  refused(code: string, message: string): Record<string, string | undefined>;
}

/** A chunk's rows, their shape and JSON Schema checked, then the handler's set-based form. */
export async function processChunk(
  rows: BatchRow[],
  handler: RowHandler,
  schemas: SchemaRegistry,
  context: CallContext,
  inSavepoint: InSavepoint,
): Promise<RowToCommit[]> {
  const checked = rows.map((row) => checkRow(row, handler, schemas));
  const wellFormed = checked.filter((row) => row.problem === undefined);
  const results = await handler.handleChunk(
    wellFormed.map((row) => row.input),
    context,
    inSavepoint,
  );
  const resultOf = new Map(wellFormed.map((row, i) => [row.rowNumber, results[i]]));
  return checked.map((row) => toCommit(row, row.problem ?? (resultOf.get(row.rowNumber) as RowResult | DomainError), handler));
}

/** One row alone, as the single call makes it (a chunk that keeps meeting concurrent changes is done this way). */
export async function processRow(
  row: BatchRow,
  handler: RowHandler,
  schemas: SchemaRegistry,
  context: CallContext,
  inSavepoint: InSavepoint,
): Promise<RowToCommit> {
  const checked = checkRow(row, handler, schemas);
  if (checked.problem) return toCommit(checked, checked.problem, handler);
  try {
    // A row's changes are undone alone when the row is refused half-way (a savepoint).
    const result = handler.writes
      ? await inSavepoint(() => handler.handle(checked.input, context))
      : await handler.handle(checked.input, context);
    return toCommit(checked, result, handler);
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return toCommit(checked, error, handler);
  }
}

interface CheckedRow {
  rowNumber: number;
  input: Fields;
  problem?: DomainError;
}

function checkRow(row: BatchRow, handler: RowHandler, schemas: SchemaRegistry): CheckedRow {
  const input = Object.fromEntries(handler.layout.columns.map((c) => [c, row.fields[c]]));
  try {
    if (row.shapeProblem) throw new DomainError('BATCH_FILE_INVALID', row.shapeProblem);
    const present = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
    schemas.check(handler.layout.rowSchema, present);
    return { rowNumber: row.rowNumber, input };
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return { rowNumber: row.rowNumber, input, problem: error };
  }
}

function toCommit(row: CheckedRow, result: RowResult | DomainError, handler: RowHandler): RowToCommit {
  if (isDomainError(result)) {
    return {
      rowNumber: row.rowNumber,
      outcome: result.code,
      succeeded: false,
      output: { ...row.input, ...handler.refused(result.code, result.message) },
    };
  }
  return {
    rowNumber: row.rowNumber,
    outcome: result.outcome,
    succeeded: result.succeeded,
    output: { ...row.input, ...result.added },
  };
}
