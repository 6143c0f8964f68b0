import { DomainError } from '../../platform/errors';

/** One data row of a batch file, numbered from 1, with its fields by column name. */
export interface BatchRow {
  rowNumber: number;
  fields: Record<string, string | undefined>;
  /** Something wrong with the row's shape itself (a missing or extra field). */
  shapeProblem?: string;
}

/** The file cannot be read as a batch at all: the whole job fails with this reason. */
export class BatchFileError extends DomainError {
  constructor(detail: string) {
    super('BATCH_FILE_INVALID', detail);
  }
}

/** Largest record accepted, in characters: a longer line fails the file, never the process. */
export const MAX_RECORD_CHARACTERS = 65_536;
