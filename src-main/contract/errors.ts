// What crosses the API boundary when a call fails: a typed reason the screens and tests switch on (declared in
// `refusals.ts`, and per method in the contract), its broad class, its typed details, and a message staff can act on.
import { codeOf, type DetailsOf, type ErrorCode, type Reason } from './refusals';

export type { ErrorCode, Reason } from './refusals';

interface ErrorDataOf<R extends Reason> {
  reason: R;
  /** The broad class of the reason (derived from it): how a screen shows it when it has nothing more specific. */
  code: ErrorCode;
  message: string;
  /** Field path (e.g. `nhsNumber`) → plain-English message for that field. */
  fields?: Record<string, string>;
  /** The reason's own structured detail, e.g. the possible duplicates found. */
  details?: DetailsOf<R>;
}

/** A refusal as the renderer receives it: narrowing on `reason` types `details`. */
export type ApiErrorData = { [R in Reason]: ErrorDataOf<R> }[Reason];

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiErrorData };

/** Builds the data of a refusal made outside an `ApiError` (the boundary's own fallbacks). */
export function refusalData<R extends Reason>(reason: R, message: string): ApiErrorData {
  return { reason, code: codeOf(reason), message } as ApiErrorData;
}

/** Thrown inside the core; turned into `{ ok: false, error }` at the boundary. */
export class ApiError<R extends Reason = Reason> extends Error {
  readonly reason: R;
  readonly code: ErrorCode;
  readonly fields?: Record<string, string>;
  readonly details?: DetailsOf<R>;
  constructor(reason: R, message: string, extra: { fields?: Record<string, string>; details?: DetailsOf<R> } = {}) {
    super(message);
    this.name = 'ApiError';
    this.reason = reason;
    this.code = codeOf(reason);
    this.fields = extra.fields;
    this.details = extra.details;
  }
  toData(): ApiErrorData {
    const data: ErrorDataOf<R> = { reason: this.reason, code: this.code, message: this.message };
    if (this.fields) data.fields = this.fields;
    if (this.details !== undefined) data.details = this.details;
    return data as ApiErrorData;
  }
}

export function validationError(fields: Record<string, string>, message?: string): ApiError<'input.invalid'> {
  const first = Object.values(fields)[0];
  return new ApiError('input.invalid', message ?? first ?? 'Please check the highlighted fields.', { fields });
}
