// Saving files the core produces (PDF, CSV, XLSX, ICS): the desktop asks where with its save dialog and the core writes the
// file there; the browser harness downloads it. The page never holds the file's bytes. Tells the person what happened.
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { MethodInput } from '../src-main/contract/contract';
import type { ErrorCode } from '../src-main/contract/errors';
import type { FileMethodName, FileMethodRest, SavedExport } from '../src-main/contract/files';
import { ApiCallError } from './api/client';
import { invalidateMethods } from './api/hooks';

/** Codes a form shows next to its fields, so no pop-up is needed. */
const SHOWN_BY_FORMS: ErrorCode[] = ['VALIDATION', 'NEEDS_CONFIRMATION'];
const ALL_CODES: ErrorCode[] = ['VALIDATION', 'NOT_SIGNED_IN', 'LOCKED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'NEEDS_CONFIRMATION', 'UNKNOWN_METHOD', 'INTERNAL'];

/** Produces and saves a method's file. Resolves with what was saved (and the rest of the method's result); rejects with an ApiCallError. */
export async function saveExport<K extends FileMethodName>(method: K, input: MethodInput<K>): Promise<SavedExport<FileMethodRest<K>>> {
  let result: Awaited<ReturnType<typeof window.desk.saveExport<K>>>;
  try {
    result = await window.desk.saveExport(method, input);
  } catch {
    result = { ok: false, error: { reason: 'file.not-saved', code: 'INTERNAL', message: 'The file could not be saved. Please check there is space and that you can save to the chosen folder, then try again.' } };
  }
  if (!result.ok) {
    if (!SHOWN_BY_FORMS.includes(result.error.code)) {
      notifications.show({ title: 'The file could not be saved', message: result.error.message, color: 'red', withBorder: true });
    }
    throw new ApiCallError(method, result.error);
  }
  const saved = result.value;
  if (saved.saved) {
    notifications.show({
      title: 'File saved',
      message: saved.path ? `Saved ${saved.fileName} to ${saved.path}.` : `${saved.fileName} has been saved to your downloads.`,
      color: 'calm',
      withBorder: true,
    });
  } else {
    notifications.show({ title: 'Not saved', message: `${saved.fileName} was not saved. You can try again at any time.`, color: 'gray', withBorder: true });
  }
  return saved;
}

/** `saveExport` as a mutation (for a form, e.g. the data-sharing extract with its reason). */
export function useSaveExport<K extends FileMethodName>(
  method: K,
  opts: { invalidate?: string[]; onSuccess?: (saved: SavedExport<FileMethodRest<K>>) => unknown; onError?: (e: ApiCallError) => void } = {},
) {
  const queryClient = useQueryClient();
  return useMutation<SavedExport<FileMethodRest<K>>, ApiCallError, MethodInput<K>>({
    mutationFn: (input) => saveExport(method, input),
    // saveExport has already told the person about any failure.
    meta: { handles: ALL_CODES },
    onSuccess: async (saved) => {
      if (opts.invalidate?.length) await invalidateMethods(queryClient, opts.invalidate);
      await opts.onSuccess?.(saved);
    },
    onError: opts.onError,
  });
}
