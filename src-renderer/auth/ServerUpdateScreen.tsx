// The first desk started with a newer version of the app, on a college server set up by an older one: before anybody
// signs in, a manager with the server owner's credential (from IT; used once, never kept) brings the server up to date.
import { Alert, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { AuthStatus } from '../../src-main/contract/staff';
import { errorMessage } from '../api/client';
import { applyApiErrors } from '../api/forms';
import { useApiMutation } from '../api/hooks';
import { AuthFrame } from './AuthFrame';

export function ServerUpdateScreen({ status }: { status: AuthStatus }) {
  const queryClient = useQueryClient();
  const form = useForm({ initialValues: { ownerUser: '', ownerPassword: '' } });
  const [problem, setProblem] = useState<string | null>(null);
  const update = useApiMutation('server.updateSchema', {
    handles: ['VALIDATION', 'CONFLICT', 'NEEDS_CONFIRMATION', 'FORBIDDEN'],
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['auth.status'] }),
    onError: (e) => {
      const left = applyApiErrors(form, e);
      setProblem(left === null && e.code === 'VALIDATION' ? null : errorMessage(e));
    },
  });
  return (
    <AuthFrame
      title="The college’s server needs an update"
      width={560}
      intro={`This version of Recovery College Desk needs a newer set-up on ${status.database.path} than the server has. Nothing has been changed there yet.`}
    >
      <form
        noValidate
        onSubmit={form.onSubmit((v) => {
          setProblem(null);
          update.mutate(v);
        })}
      >
        <Stack>
          <Text>
            A manager with the server owner’s user name and password (from IT) can update it now: it takes a moment, each step is undone if it does not finish,
            and the password is used once and never kept. Other desks carry on as they are; desks with the older version are asked to update.
          </Text>
          <TextInput label="Owner’s user name" required autoComplete="off" data-autofocus autoFocus {...form.getInputProps('ownerUser')} />
          <PasswordInput label="Owner’s password" autoComplete="off" {...form.getInputProps('ownerPassword')} />
          {problem && (
            <Alert color="red" title="The server was not updated" role="alert">
              {problem}
            </Alert>
          )}
          <Button type="submit" loading={update.isPending}>
            Update the server
          </Button>
          <Text size="sm" c="dimmed">
            Not a manager, or no owner password? Please ask IT to update the server (see the IT guide), then start the app again.
          </Text>
        </Stack>
      </form>
    </AuthFrame>
  );
}
