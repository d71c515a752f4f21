// First run: create the first manager account, connect this desk to the college's server (a college that already has
// one), or try the app with the separate training (demo) database.
import { Alert, Button, Divider, Modal, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { z } from 'zod';
import { displayNameSchema, newPasswordSchema, usernameSchema, type AuthStatus } from '../../src-main/contract/staff';
import { applyApiErrors } from '../api/forms';
import { resetCachedData, useApiMutation } from '../api/hooks';
import { TrainingChooser } from '../demo/TrainingChooser';
import { NEW_DESK_STATUS, ServerSettingsForm } from '../settings/CollegeServerPage';
import { AuthFrame } from './AuthFrame';
import { RecoveryKeyNotice } from './RecoveryKey';

const schema = z
  .object({ displayName: displayNameSchema, username: usernameSchema, password: newPasswordSchema, confirm: z.string() })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'The two passwords are not the same. Please type them again.' });

export function FirstRunScreen({ status }: { status: AuthStatus }) {
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { displayName: '', username: '', password: '', confirm: '' },
    // Checked on "Create", not on leaving each field: an error appearing on blur pushed the button from under the
    // pointer, so the first click was lost.
    validate: schemaResolver(schema, { sync: true }),
  });
  const [recoveryKey, setRecoveryKey] = useState<string | null>(null);
  const [serverOpen, setServerOpen] = useState(false);
  const [serverSaved, setServerSaved] = useState(false);
  // The key is shown before moving on: once the status is refreshed, this screen is gone and so is the key.
  const setup = useApiMutation('auth.setupFirstManager', {
    onSuccess: (r) => setRecoveryKey(r.recoveryKey),
    onError: (e) => setFormError(applyApiErrors(form, e)),
  });

  if (recoveryKey) {
    return (
      <AuthFrame title="Keep the recovery key safe" width={560}>
        <RecoveryKeyNotice recoveryKey={recoveryKey} onStored={() => void queryClient.invalidateQueries({ queryKey: ['auth.status'] })} confirmLabel="Start using the app" />
      </AuthFrame>
    );
  }

  return (
    <AuthFrame
      title="Welcome"
      width={520}
      intro="Let’s set up your college. First, create the manager account: the manager can then add the rest of the team."
    >
      <form
        noValidate
        onSubmit={form.onSubmit((v) => {
          setFormError(null);
          setup.mutate({ displayName: v.displayName, username: v.username, password: v.password });
        })}
      >
        <Stack>
          <TextInput label="Your name" description="As your colleagues will see it" autoComplete="name" required {...form.getInputProps('displayName')} key={form.key('displayName')} data-autofocus autoFocus />
          <TextInput label="Username" description="Letters, numbers, dots and dashes, e.g. sam.jones" autoComplete="username" required {...form.getInputProps('username')} key={form.key('username')} />
          <PasswordInput label="Password" description="At least 12 characters; a few unrelated words together are easiest to remember" autoComplete="new-password" required {...form.getInputProps('password')} key={form.key('password')} />
          <PasswordInput label="Type the password again" autoComplete="new-password" required {...form.getInputProps('confirm')} key={form.key('confirm')} />
          {formError && (
            <Alert color="red" role="alert">
              {formError}
            </Alert>
          )}
          <Button type="submit" loading={setup.isPending}>
            Create the manager account
          </Button>
        </Stack>
      </form>
      <Divider label="or" labelPosition="center" />
      <Stack gap="xs">
        <Text>Does your college already use Recovery College Desk on its own server? Connect this desk to it instead, with the details IT gave you.</Text>
        <Button variant="default" onClick={() => setServerOpen(true)} w="fit-content">
          This college has a server…
        </Button>
      </Stack>
      <Modal opened={serverOpen} onClose={() => setServerOpen(false)} title="Connect this desk to the college’s server" size="xl">
        {serverSaved ? (
          <Alert color="calm" title="Saved">
            <Text>
              Close the app and open it again: this desk will then use the college’s server, and you sign in with the account you already have there.
            </Text>
          </Alert>
        ) : (
          <ServerSettingsForm status={NEW_DESK_STATUS} firstRun onSaved={() => setServerSaved(true)} />
        )}
      </Modal>
      {status.database.demoAvailable && (
        <>
          <Divider label="or" labelPosition="center" />
          <Stack gap="xs">
            <Text>
              Just looking around? Open a separate training database filled with fictional students and staff. It never mixes with your
              real records.
            </Text>
            <TrainingChooser buttonLabel="Try it with demo data" onOpened={() => resetCachedData(queryClient)} />
          </Stack>
        </>
      )}
    </AuthFrame>
  );
}
