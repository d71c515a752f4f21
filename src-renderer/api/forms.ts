// Connects Mantine forms to the API: the same zod schema validates on screen, and the core's field errors land on fields.
import type { UseFormReturnType } from '@mantine/form';
import { ApiCallError, errorMessage } from './client';

export interface ApplyErrorsOptions {
  /** Core field path → form field path, when they differ (e.g. `{ temporaryPassword: 'password' }`). */
  fieldMap?: Record<string, string>;
}

/**
 * Puts a failed call's field messages next to the form's fields.
 * Returns the message for anything that did not fit a field (show it above the buttons), or null.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function applyApiErrors(form: UseFormReturnType<any>, error: unknown, options: ApplyErrorsOptions = {}): string | null {
  if (!(error instanceof ApiCallError)) return errorMessage(error);
  if (error.code !== 'VALIDATION' || !error.fields) return error.message;
  const values = form.getValues() as Record<string, unknown>;
  const errors: Record<string, string> = {};
  const leftOver: string[] = [];
  for (const [path, message] of Object.entries(error.fields)) {
    const target = options.fieldMap?.[path] ?? path;
    if (hasPath(values, target)) errors[target] = message;
    else leftOver.push(message);
  }
  if (Object.keys(errors).length > 0) {
    form.setErrors(errors);
    focusFirstError();
  }
  return leftOver.length > 0 ? leftOver.join(' ') : null;
}

function hasPath(values: Record<string, unknown>, path: string): boolean {
  let cur: unknown = values;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || !(part in (cur as Record<string, unknown>))) return false;
    cur = (cur as Record<string, unknown>)[part];
  }
  return true;
}

/** Move keyboard focus to the first field showing an error, so keyboard and screen-reader users land on it. */
export function focusFirstError(): void {
  // Two frames: Mantine renders the error (and aria-invalid) on the next commit. An open dialog comes first.
  requestAnimationFrame(() =>
    requestAnimationFrame(() => {
      const el =
        document.querySelector<HTMLElement>('[role="dialog"] [aria-invalid="true"]') ?? document.querySelector<HTMLElement>('form [aria-invalid="true"]');
      el?.focus();
    }),
  );
}
