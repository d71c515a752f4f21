// Signing out: forget everything cached for this person, then show the sign-in screen.
import type { QueryClient } from '@tanstack/react-query';
import { call } from '../api/client';

export async function signOut(queryClient: QueryClient): Promise<void> {
  await call('auth.signOut', {}).catch(() => undefined);
  queryClient.clear();
  window.location.hash = '#/today';
  await queryClient.invalidateQueries({ queryKey: ['auth.status'] });
  await queryClient.fetchQuery({ queryKey: ['auth.status', {}], queryFn: () => call('auth.status', {}) });
}
