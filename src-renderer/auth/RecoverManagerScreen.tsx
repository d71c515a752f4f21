// "Forgotten the manager password?": set a new manager password with the recovery key, from the sign-in screen.
import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import { useState } from 'react';
import { z } from 'zod';
import { newPasswordSchema } from '../../src-main/contract/staff';
import { errorMessage } from '../api/client';
import { applyApiErrors } from '../api/forms';
import { useApiMutation } from '../api/hooks';
import { AuthFrame } from './AuthFrame';

const schema = z
  .object({
    recoveryKey: z.string().trim().min(1, 'Please enter the recovery key.'),
    username: z.string().trim().min(1, 'Please enter the manager’s username.'),
    newPassword: newPasswordSchema,
    confirm: z.string(),
  })
  .refine((v) => v.newPassword === v.confirm, { path: ['confirm'], message: 'The two passwords are not the same. Please type them again.' });

export function RecoverManagerScreen({ onDone }: { onDone: (message?: string) => void }) {
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { recoveryKey: '', username: '', newPassword: '', confirm: '' },
    validate: schemaResolver(schema, { sync: true }),
  });
  const recover = useApiMutation('auth.recoverManager', {
    handles: ['VALIDATION', 'FORBIDDEN'],
    onSuccess: () => onDone('The manager’s new password is set. Please sign in with it.'),
    onError: (e) => setFormError(applyApiErrors(form, e) ?? (e.code === 'VALIDATION' ? null : errorMessage(e))),
  });
  return (
    <AuthFrame title="Set a new manager password" intro="Use the recovery key that was shown when the college was set up (or the newest one a manager made).">
      <form
        noValidate
        onSubmit={form.onSubmit((v) => {
          setFormError(null);
          recover.mutate({ recoveryKey: v.recoveryKey, username: v.username, newPassword: v.newPassword });
        })}
      >
        <Stack>
          <TextInput label="Recovery key" description="As printed, e.g. ABCDE-FGHJK-…; spaces and capitals do not matter" autoComplete="off" required autoFocus {...form.getInputProps('recoveryKey')} key={form.key('recoveryKey')} />
          <TextInput label="Manager’s username" autoComplete="username" required {...form.getInputProps('username')} key={form.key('username')} />
          <PasswordInput label="New password" description="At least 12 characters; a few unrelated words together are easiest to remember" autoComplete="new-password" required {...form.getInputProps('newPassword')} key={form.key('newPassword')} />
          <PasswordInput label="Type the new password again" autoComplete="new-password" required {...form.getInputProps('confirm')} key={form.key('confirm')} />
          {formError && (
            <Alert color="red" role="alert">
              {formError}
            </Alert>
          )}
          <Button type="submit" loading={recover.isPending}>
            Set the new password
          </Button>
          <Button variant="subtle" onClick={() => onDone()}>
            Back to sign in
          </Button>
        </Stack>
      </form>
    </AuthFrame>
  );
}
