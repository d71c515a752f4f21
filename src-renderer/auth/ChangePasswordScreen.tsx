// Shown after signing in with a temporary password: the person chooses their own before carrying on.
import { Alert, Button, PasswordInput, Stack } from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { z } from 'zod';
import { newPasswordSchema, type SignedInStaff } from '../../src-main/contract/staff';
import { applyApiErrors } from '../api/forms';
import { useApiMutation } from '../api/hooks';
import { signOut } from './sign-out';
import { AuthFrame } from './AuthFrame';

const schema = z
  .object({ currentPassword: z.string().min(1, 'Please enter your temporary password.'), newPassword: newPasswordSchema, confirm: z.string() })
  .refine((v) => v.newPassword === v.confirm, { path: ['confirm'], message: 'The two new passwords are not the same. Please type them again.' });

export function ChangePasswordScreen({ staff }: { staff: SignedInStaff }) {
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { currentPassword: '', newPassword: '', confirm: '' },
    validate: schemaResolver(schema, { sync: true }),
  });
  const change = useApiMutation('auth.changePassword', {
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['auth.status'] }),
    onError: (e) => setFormError(applyApiErrors(form, e)),
  });
  return (
    <AuthFrame title="Choose your own password" intro={`Welcome, ${staff.displayName}. You signed in with a temporary password, so please choose one only you know.`}>
      <form
        noValidate
        onSubmit={form.onSubmit((v) => {
          setFormError(null);
          change.mutate({ currentPassword: v.currentPassword, newPassword: v.newPassword });
        })}
      >
        <Stack>
          <PasswordInput label="Temporary password" autoComplete="current-password" required autoFocus {...form.getInputProps('currentPassword')} key={form.key('currentPassword')} />
          <PasswordInput label="New password" description="At least 12 characters; a few unrelated words together are easiest to remember" autoComplete="new-password" required {...form.getInputProps('newPassword')} key={form.key('newPassword')} />
          <PasswordInput label="Type the new password again" autoComplete="new-password" required {...form.getInputProps('confirm')} key={form.key('confirm')} />
          {formError && (
            <Alert color="red" role="alert">
              {formError}
            </Alert>
          )}
          <Button type="submit" loading={change.isPending}>
            Save my new password
          </Button>
          <Button variant="subtle" onClick={() => void signOut(queryClient)}>
            Sign out
          </Button>
        </Stack>
      </form>
    </AuthFrame>
  );
}
