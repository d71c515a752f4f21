// The idle lock: covers the app (which stays as it was underneath) until the signed-in person enters their password.
import { Alert, Button, Group, PasswordInput, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { AuthStatus, SignedInStaff } from '../../src-main/contract/staff';
import { errorMessage } from '../api/client';
import { useApiMutation } from '../api/hooks';
import { AuthFrame } from './AuthFrame';
import { signOut } from './sign-out';

export function LockScreen({ staff }: { staff: SignedInStaff }) {
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({ mode: 'uncontrolled', initialValues: { password: '' }, validate: { password: (v) => (v ? null : 'Please enter your password.') } });
  const unlock = useApiMutation('auth.unlock', {
    handles: ['VALIDATION', 'FORBIDDEN', 'CONFLICT'],
    onSuccess: async () => {
      queryClient.setQueryData<AuthStatus>(['auth.status', {}], (old) => (old?.session ? { ...old, session: { ...old.session, locked: false } } : old));
      await queryClient.invalidateQueries();
    },
    onError: (e) => {
      form.setFieldValue('password', '');
      setFormError(errorMessage(e));
    },
  });
  return (
    <div style={{ position: 'fixed', inset: 0, zIndex: 500 }} role="dialog" aria-modal="true" aria-labelledby="auth-title" data-testid="lock-screen">
      <AuthFrame title="This desk is locked" intro={`It locked itself to keep people’s records private. ${staff.displayName}, enter your password to carry on where you left off.`}>
        <form
          noValidate
          onSubmit={form.onSubmit((v) => {
            setFormError(null);
            unlock.mutate(v);
          })}
        >
          <Stack>
            <PasswordInput label="Your password" autoComplete="current-password" required autoFocus {...form.getInputProps('password')} key={form.key('password')} />
            {formError && (
              <Alert color="red" role="alert">
                {formError}
              </Alert>
            )}
            <Group justify="space-between">
              <Button type="submit" loading={unlock.isPending}>
                Unlock
              </Button>
              <Button variant="subtle" onClick={() => void signOut(queryClient)}>
                Sign out instead
              </Button>
            </Group>
            <Text size="sm" c="dimmed">
              Signing out instead loses anything not yet saved.
            </Text>
          </Stack>
        </form>
      </AuthFrame>
    </div>
  );
}
