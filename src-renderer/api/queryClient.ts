// The one TanStack Query client, with app-wide handling of errors nobody else dealt with.
import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { notifications } from '@mantine/notifications';
import { ApiCallError, errorMessage } from './client';

/** Sign-in and lock problems are handled by the auth gate (see app/AuthGate.tsx), not by a message. */
const HANDLED_BY_GATE = new Set(['NOT_SIGNED_IN', 'LOCKED']);

function showError(e: unknown): void {
  if (e instanceof ApiCallError && HANDLED_BY_GATE.has(e.code)) return;
  const message = errorMessage(e);
  notifications.show({
    id: `error:${message}`,
    title: e instanceof ApiCallError && e.code === 'FORBIDDEN' ? 'Not available for your role' : 'That did not work',
    message,
    color: 'red',
    autoClose: 8000,
    withBorder: true,
  });
}

export interface MutationMeta extends Record<string, unknown> {
  /** Error codes the screen shows itself (e.g. next to form fields), so no pop-up message is needed. */
  handles?: string[];
  /** The contract method the mutation calls. */
  method?: string;
}

const QUIET_METHODS = new Set(['registers.mark', 'registers.restore']);

export const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({
    onError: (error, query) => {
      if (query.meta?.quietErrors) return;
      showError(error);
    },
  }),
  mutationCache: new MutationCache({
    // Any change may change what needs doing: Today's counts (and the navigation's badges) are read again. A register
    // mark (one key press each, fifteen a minute) only marks them out of date: they are read on the next visit to Today
    // or at the next minute, so taking a register never waits for them.
    onSuccess: (_data, _vars, _ctx, mutation) => {
      const method = (mutation.meta as MutationMeta | undefined)?.method;
      void queryClient.invalidateQueries({ queryKey: ['today.summary'], refetchType: method && QUIET_METHODS.has(method) ? 'none' : 'active' });
    },
    onError: (error, _vars, _ctx, mutation) => {
      const handles = (mutation.meta as MutationMeta | undefined)?.handles ?? [];
      if (error instanceof ApiCallError && handles.includes(error.code)) return;
      showError(error);
    },
  }),
  defaultOptions: {
    queries: {
      // The data is local: a failure will not fix itself by retrying, and the person should hear about it at once.
      retry: false,
      refetchOnWindowFocus: false,
      staleTime: 5_000,
    },
    mutations: { retry: false },
  },
});
