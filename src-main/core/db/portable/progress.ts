// What a move reports while it runs (for the wizard's progress bar and the command's output), and the refusals it can
// give before changing anything, each with a message for the manager or IT person running it.

export interface MoveProgress {
  /** export: reading the source; import: writing the target; verify: re-reading the target to check it. */
  stage: 'export' | 'import' | 'verify';
  table: string;
  tableIndex: number;
  tableCount: number;
  /** Rows of this table done so far. */
  rows: number;
  /** Rows this table has in all, when known. */
  tableRows: number | null;
}

export type MoveRefusalKind = 'schema' | 'not-empty' | 'in-use' | 'already-moved' | 'exists' | 'missing';

/** The move cannot start; nothing has been changed. `message` is for staff. */
export class MoveRefusedError extends Error {
  constructor(
    readonly kind: MoveRefusalKind,
    message: string,
  ) {
    super(message);
    this.name = 'MoveRefusedError';
  }
}

/** The source and the target are not at the same version of the app's data. */
export class SchemaMismatchError extends MoveRefusedError {
  constructor(message: string) {
    super('schema', message);
    this.name = 'SchemaMismatchError';
  }
}

/**
 * After the rows were written, what the target holds is not what the export holds (counts or checksum of `table`);
 * the import was rolled back, so the target is as it was.
 */
export class VerificationFailedError extends Error {
  constructor(
    readonly table: string,
    message: string,
  ) {
    super(message);
    this.name = 'VerificationFailedError';
  }
}
