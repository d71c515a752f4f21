// The typed client over `window.desk.call`: returns a method's value, or throws an ApiCallError staff can read.
import type { MethodInput, MethodName, MethodResult } from '../../src-main/contract/contract';
import type { ApiErrorData, ErrorCode, Reason } from '../../src-main/contract/errors';

export class ApiCallError extends Error {
  /** Why the call was refused: what screens switch on. */
  readonly reason: Reason;
  /** The reason's broad class, for screens with nothing more specific to say. */
  readonly code: ErrorCode;
  readonly fields?: Record<string, string>;
  readonly details?: unknown;
  readonly method: string;
  /** The refusal as it crossed the boundary; narrow it with `refusal(e, reason)` to type its details. */
  readonly data: ApiErrorData;
  constructor(method: string, data: ApiErrorData) {
    super(data.message);
    this.name = 'ApiCallError';
    this.method = method;
    this.reason = data.reason;
    this.code = data.code;
    this.fields = data.fields;
    this.details = data.details;
    this.data = data;
  }
}

export function isApiCallError(e: unknown, code?: ErrorCode): e is ApiCallError {
  return e instanceof ApiCallError && (code === undefined || e.code === code);
}

/** The refusal with its typed details when `e` was refused for `reason`, else undefined. */
export function refusal<R extends Reason>(e: unknown, reason: R): Extract<ApiErrorData, { reason: R }> | undefined {
  return e instanceof ApiCallError && e.data.reason === reason ? (e.data as Extract<ApiErrorData, { reason: R }>) : undefined;
}

type Listener = (error: ApiCallError) => void;
const listeners = new Set<Listener>();

/** Hear about every failed call (the app uses it to go back to sign-in or the lock screen). */
export function onApiError(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Calls one API method. Resolves with its value; rejects with an ApiCallError. */
export async function call<K extends MethodName>(method: K, input: MethodInput<K>): Promise<MethodResult<K>> {
  let result: Awaited<ReturnType<typeof window.desk.call<K>>>;
  try {
    result = await window.desk.call(method, input);
  } catch {
    result = {
      ok: false,
      error: { reason: 'call.unreachable', code: 'INTERNAL', message: 'The app could not reach its data just now. Please try again; if it keeps happening, restart the app.' },
    };
  }
  if (result.ok) return result.value;
  const error = new ApiCallError(method, result.error);
  for (const l of listeners) l(error);
  throw error;
}

/** A kind, plain message for anything thrown, API error or not. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiCallError) return e.message;
  return 'Something went wrong and nothing was changed. Please try again; if it keeps happening, tell your manager.';
}
