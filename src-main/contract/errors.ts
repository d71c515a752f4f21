// What crosses the API boundary when a call fails: a code the renderer can branch on and a message staff can act on.

export type ErrorCode =
  | 'VALIDATION' // the input was wrong; `fields` says which and why
  | 'NOT_SIGNED_IN' // nobody is signed in on this window
  | 'LOCKED' // the app locked itself after being idle; re-enter the password
  | 'FORBIDDEN' // signed in, but this role may not do this
  | 'NOT_FOUND'
  | 'CONFLICT' // the record changed or already exists
  | 'NEEDS_CONFIRMATION' // a warning the person must confirm (possible duplicate, student clash)
  | 'UNKNOWN_METHOD'
  | 'STORAGE' // the disk is full, read-only, locked or failing; the message says which and what to do
  | 'BACKUP_FAILED' // a backup could not be made or checked; the message says why
  | 'INTERNAL';

export interface ApiErrorData {
  code: ErrorCode;
  message: string;
  /** Field path (e.g. `nhsNumber`) → plain-English message for that field. */
  fields?: Record<string, string>;
  /** Extra structured detail, e.g. the possible duplicates found. */
  details?: unknown;
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiErrorData };

/** Thrown inside the core; turned into `{ ok: false, error }` at the boundary. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly fields?: Record<string, string>;
  readonly details?: unknown;
  constructor(code: ErrorCode, message: string, extra: { fields?: Record<string, string>; details?: unknown } = {}) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.fields = extra.fields;
    this.details = extra.details;
  }
  toData(): ApiErrorData {
    const data: ApiErrorData = { code: this.code, message: this.message };
    if (this.fields) data.fields = this.fields;
    if (this.details !== undefined) data.details = this.details;
    return data;
  }
}

export function validationError(fields: Record<string, string>, message?: string): ApiError {
  const first = Object.values(fields)[0];
  return new ApiError('VALIDATION', message ?? first ?? 'Please check the highlighted fields.', { fields });
}
