// Decides what the window shows: first-run set-up, sign-in, a forced password change, or the app (with the lock screen over it).
import { Alert, Button, Center, Loader, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import { RouterProvider } from 'react-router';
import type { AuthStatus } from '../../src-main/contract/staff';
import { onApiError } from '../api/client';
import { useApiQuery } from '../api/hooks';
import { ChangePasswordScreen } from '../auth/ChangePasswordScreen';
import { FirstRunScreen } from '../auth/FirstRunScreen';
import { LockScreen } from '../auth/LockScreen';
import { ServerUpdateScreen } from '../auth/ServerUpdateScreen';
import { SignInScreen } from '../auth/SignInScreen';
import { useIdleLock } from '../auth/useIdleLock';
import { useOtherDesksChanges } from './useOtherDesksChanges';
import { AuthContext, makeCurrentStaff } from './auth-context';
import { router } from './router';

export const AUTH_STATUS_KEY = ['auth.status', {}] as const;

export function AuthGate() {
  const queryClient = useQueryClient();
  const status = useApiQuery('auth.status', {}, { staleTime: Infinity, quietErrors: true });

  // Any call that finds nobody signed in, or the desk locked, sends the window back to the right screen.
  useEffect(
    () =>
      onApiError((e) => {
        if (e.reason === 'session.locked') {
          queryClient.setQueryData<AuthStatus>(AUTH_STATUS_KEY, (old) =>
            old?.session ? { ...old, session: { ...old.session, locked: true } } : old,
          );
        }
        if (e.reason === 'session.signed-out' || e.reason === 'session.locked') void queryClient.invalidateQueries({ queryKey: AUTH_STATUS_KEY });
      }),
    [queryClient],
  );

  const current = useMemo(() => (status.data ? makeCurrentStaff(status.data) : null), [status.data]);
  const locked = !!status.data?.session?.locked;
  useIdleLock(current && !locked && !current.staff.mustChangePassword ? current.idleLockMinutes : null);
  useOtherDesksChanges(!!current && !locked && status.data?.database.kind === 'live' && status.data.database.engine === 'postgres');

  if (status.isPending) {
    return (
      <Center h="100vh">
        <Stack align="center">
          <Loader aria-hidden />
          <Text>Opening Recovery College Desk…</Text>
        </Stack>
      </Center>
    );
  }
  if (status.isError) {
    return (
      <Center h="100vh" p="md">
        <Alert color="red" title="The app could not start" maw={520} role="alert">
          <Stack>
            <Text>{status.error.message}</Text>
            <Button onClick={() => void status.refetch()} w="fit-content">
              Try again
            </Button>
          </Stack>
        </Alert>
      </Center>
    );
  }
  const data = status.data;
  if (data.serverNeedsUpdate) return <ServerUpdateScreen status={data} />;
  if (data.needsSetup && data.database.kind === 'live') return <FirstRunScreen status={data} />;
  if (!current) return <SignInScreen status={data} />;
  if (current.staff.mustChangePassword) return <ChangePasswordScreen staff={current.staff} />;
  return (
    <AuthContext.Provider value={current}>
      {/* While locked, the app stays mounted underneath (nothing typed is lost) but cannot be reached. */}
      <div inert={locked} aria-hidden={locked || undefined} style={locked ? { visibility: 'hidden' } : undefined}>
        <RouterProvider router={router} />
      </div>
      {locked && <LockScreen staff={current.staff} />}
    </AuthContext.Provider>
  );
}
