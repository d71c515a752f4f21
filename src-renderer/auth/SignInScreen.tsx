// Sign in with username and password; on the training database, lists the practice sign-ins.
import { Alert, Button, Code, PasswordInput, Stack, Table, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ROLE_LABELS } from '../../src-main/contract/permissions';
import type { AuthStatus } from '../../src-main/contract/staff';
import { errorMessage } from '../api/client';
import { applyApiErrors } from '../api/forms';
import { resetCachedData, useApiMutation } from '../api/hooks';
import { AuthFrame } from './AuthFrame';
import { RecoverManagerScreen } from './RecoverManagerScreen';

export function SignInScreen({ status }: { status: AuthStatus }) {
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { username: '', password: '' },
    validate: {
      username: (v) => (v.trim() ? null : 'Please enter your username.'),
      password: (v) => (v ? null : 'Please enter your password.'),
    },
  });
  const signIn = useApiMutation('auth.signIn', {
    handles: ['VALIDATION', 'FORBIDDEN', 'CONFLICT', 'NOT_FOUND'],
    onSuccess: () => resetCachedData(queryClient),
    onError: (e) => {
      form.setFieldValue('password', '');
      setFormError(applyApiErrors(form, e) ?? (e.code === 'VALIDATION' ? null : errorMessage(e)));
    },
  });
  const demoClose = useApiMutation('demo.close', { onSuccess: () => resetCachedData(queryClient) });
  const demo = status.database.kind === 'demo';
  const [recovering, setRecovering] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  if (recovering) {
    return (
      <RecoverManagerScreen
        onDone={(message) => {
          setRecovering(false);
          setNotice(message ?? null);
        }}
      />
    );
  }

  return (
    <AuthFrame title={demo ? 'Sign in to the training database' : 'Sign in'} intro={demo ? 'Everyone here is fictional. Nothing you do affects real records.' : undefined}>
      <form
        noValidate
        onSubmit={form.onSubmit((v) => {
          setFormError(null);
          signIn.mutate(v);
        })}
      >
        <Stack>
          {notice && (
            <Alert color="green" role="status">
              {notice}
            </Alert>
          )}
          <TextInput label="Username" autoComplete="username" required autoFocus {...form.getInputProps('username')} key={form.key('username')} />
          <PasswordInput label="Password" autoComplete="current-password" required {...form.getInputProps('password')} key={form.key('password')} />
          {formError && (
            <Alert color="red" role="alert" data-testid="sign-in-error">
              {formError}
            </Alert>
          )}
          <Button type="submit" loading={signIn.isPending}>
            Sign in
          </Button>
          {!demo && (
            <Button variant="subtle" size="compact-sm" onClick={() => setRecovering(true)}>
              Forgotten the manager password?
            </Button>
          )}
        </Stack>
      </form>
      {demo && status.demoAccounts && (
        <Stack gap="xs">
          <Text fw={600}>Practice sign-ins</Text>
          <Table data-testid="demo-accounts" withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Role</Table.Th>
                <Table.Th>Username</Table.Th>
                <Table.Th>Password</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {status.demoAccounts.map((a) => (
                <Table.Tr key={a.username}>
                  <Table.Td>{ROLE_LABELS[a.role]}</Table.Td>
                  <Table.Td>
                    <Code>{a.username}</Code>
                  </Table.Td>
                  <Table.Td>
                    <Code>{a.password}</Code>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Button variant="default" onClick={() => demoClose.mutate({})} loading={demoClose.isPending}>
            Leave the training database
          </Button>
        </Stack>
      )}
    </AuthFrame>
  );
}
