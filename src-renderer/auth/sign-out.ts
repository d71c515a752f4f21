// Signing out: forget everything cached for this person, then show the sign-in screen.
import type { QueryClient } from '@tanstack/react-query';
import { call } from '../api/client';
import { resetCachedData } from '../api/hooks';

export async function signOut(queryClient: QueryClient): Promise<void> {
  await call('auth.signOut', {}).catch(() => undefined);
  window.location.hash = '#/today';
  await resetCachedData(queryClient);
}
