// Change your own password.
import { Alert, Button, PasswordInput, Stack, Text } from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { z } from 'zod';
import { ROLE_LABELS } from '../../src-main/contract/permissions';
import { newPasswordSchema } from '../../src-main/contract/staff';
import { applyApiErrors, focusFirstError } from '../api/forms';
import { useApiMutation } from '../api/hooks';
import { useCurrentStaff } from '../app/auth-context';
import { Page } from '../components/Page';
import { HowThisWorks } from '../components/HowThisWorks';

const schema = z
  .object({ currentPassword: z.string().min(1, 'Please enter your current password.'), newPassword: newPasswordSchema, confirm: z.string() })
  .refine((v) => v.newPassword === v.confirm, { path: ['confirm'], message: 'The two new passwords are not the same. Please type them again.' });

export function MyAccountPage() {
  const { staff } = useCurrentStaff();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({ mode: 'uncontrolled', initialValues: { currentPassword: '', newPassword: '', confirm: '' }, validate: schemaResolver(schema, { sync: true }) });
  const change = useApiMutation('auth.changePassword', {
    onSuccess: () => {
      form.reset();
      notifications.show({ title: 'Password changed', message: 'Use your new password next time you sign in or unlock.', color: 'calm', withBorder: true });
    },
    onError: (e) => setFormError(applyApiErrors(form, e)),
  });
  return (
    <Page title="My password">
      <HowThisWorks area="settings" />
      <Text>
        Signed in as <strong>{staff.displayName}</strong> ({staff.username}), {ROLE_LABELS[staff.role].toLowerCase()}.
      </Text>
      <form
        noValidate
        onSubmit={form.onSubmit((v) => {
          setFormError(null);
          change.mutate({ currentPassword: v.currentPassword, newPassword: v.newPassword });
        }, () => focusFirstError())}
      >
        <Stack maw={420}>
          <PasswordInput label="Current password" autoComplete="current-password" required {...form.getInputProps('currentPassword')} key={form.key('currentPassword')} />
          <PasswordInput label="New password" description="At least 12 characters; a few unrelated words together are easiest to remember" autoComplete="new-password" required {...form.getInputProps('newPassword')} key={form.key('newPassword')} />
          <PasswordInput label="Type the new password again" autoComplete="new-password" required {...form.getInputProps('confirm')} key={form.key('confirm')} />
          {formError && <Alert color="red" role="alert">{formError}</Alert>}
          <Button type="submit" loading={change.isPending} w="fit-content">
            Change my password
          </Button>
        </Stack>
      </form>
    </Page>
  );
}
