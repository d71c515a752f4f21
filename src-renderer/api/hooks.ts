// TanStack Query hooks over the API: `useApiQuery(method, input)` and `useApiMutation(method, { invalidate })`.
import { useMutation, useQuery, useQueryClient, type UseMutationOptions, type UseQueryOptions } from '@tanstack/react-query';
import type { MethodInput, MethodName, MethodResult } from '../../src-main/contract/contract';
import type { ErrorCode } from '../../src-main/contract/errors';
import { call, type ApiCallError } from './client';

export type ApiQueryOptions<K extends MethodName> = Omit<
  UseQueryOptions<MethodResult<K>, ApiCallError, MethodResult<K>, readonly [K, MethodInput<K>]>,
  'queryKey' | 'queryFn'
> & {
  /** Don't pop up a message when this query fails (the screen shows the error itself). */
  quietErrors?: boolean;
};

/** Reads data. The query key is `[method, input]`, so mutations can invalidate by method-name prefix. */
export function useApiQuery<K extends MethodName>(method: K, input: MethodInput<K>, opts: ApiQueryOptions<K> = {}) {
  const { quietErrors, meta, ...rest } = opts;
  return useQuery({
    queryKey: [method, input] as const,
    queryFn: () => call(method, input),
    meta: { ...meta, quietErrors: quietErrors ?? false },
    ...rest,
  });
}

export type ApiMutationOptions<K extends MethodName> = Omit<
  UseMutationOptions<MethodResult<K>, ApiCallError, MethodInput<K>>,
  'mutationFn'
> & {
  /** Method-name prefixes whose queries are refreshed after success, e.g. `['students.']`. */
  invalidate?: string[];
  /** Error codes the screen shows itself, so no pop-up appears. Default: VALIDATION and NEEDS_CONFIRMATION. */
  handles?: ErrorCode[];
};

/** Changes data. On success, refreshes every query whose method starts with one of `invalidate`. */
export function useApiMutation<K extends MethodName>(method: K, opts: ApiMutationOptions<K> = {}) {
  const queryClient = useQueryClient();
  const { invalidate = [], handles = ['VALIDATION', 'NEEDS_CONFIRMATION'], onSuccess, meta, ...rest } = opts;
  return useMutation<MethodResult<K>, ApiCallError, MethodInput<K>>({
    mutationFn: (input) => call(method, input),
    meta: { ...meta, handles, method },
    onSuccess: async (...args) => {
      if (invalidate.length > 0) await invalidateMethods(queryClient, invalidate);
      await onSuccess?.(...args);
    },
    ...rest,
  });
}

/** Refresh every cached query whose method name starts with one of the prefixes. */
export function invalidateMethods(queryClient: ReturnType<typeof useQueryClient>, prefixes: string[]) {
  return queryClient.invalidateQueries({
    predicate: (q) => typeof q.queryKey[0] === 'string' && prefixes.some((p) => (q.queryKey[0] as string).startsWith(p)),
  });
}

/** A different person (or database) from now on: forget every cached answer except the sign-in state, then re-read that. */
export async function resetCachedData(queryClient: ReturnType<typeof useQueryClient>): Promise<void> {
  queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'auth.status' });
  await queryClient.invalidateQueries({ queryKey: ['auth.status'] });
}
