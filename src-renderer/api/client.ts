// The typed client over `window.desk.call`: returns a method's value, or throws an ApiCallError staff can read.
import type { MethodInput, MethodName, MethodResult } from '../../src-main/contract/contract';
import type { ApiErrorData, ErrorCode } from '../../src-main/contract/errors';

export class ApiCallError extends Error {
  readonly code: ErrorCode;
  readonly fields?: Record<string, string>;
  readonly details?: unknown;
  readonly method: string;
  constructor(method: string, data: ApiErrorData) {
    super(data.message);
    this.name = 'ApiCallError';
    this.method = method;
    this.code = data.code;
    this.fields = data.fields;
    this.details = data.details;
  }
}

export function isApiCallError(e: unknown, code?: ErrorCode): e is ApiCallError {
  return e instanceof ApiCallError && (code === undefined || e.code === code);
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
      error: { code: 'INTERNAL', message: 'The app could not reach its data just now. Please try again; if it keeps happening, restart the app.' },
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
