// Staff accounts (managers): add with a temporary password, change name or role, reset a password, deactivate or reactivate.
import { Alert, Badge, Button, Checkbox, Group, Menu, Modal, NativeSelect, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { keepPreviousData } from '@tanstack/react-query';
import { schemaResolver, useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { z } from 'zod';
import { formatTimestamp } from '../../src-main/contract/dates';
import { ROLE_LABELS, ROLES, type Role } from '../../src-main/contract/permissions';
import { DataTable, ListToolbar, useListState, type Column } from '../components/ListPage';
import { displayNameSchema, newPasswordSchema, roleSchema, usernameSchema, type STAFF_SORTS, type StaffMember } from '../../src-main/contract/staff';

type StaffSort = (typeof STAFF_SORTS)[number];
import { applyApiErrors, focusFirstError } from '../api/forms';
import { useApiMutation, useApiQuery } from '../api/hooks';
import { useCurrentStaff } from '../app/auth-context';
import { Page } from '../components/Page';
import { RequirePermission } from '../components/RequirePermission';
import { RecoveryKeyNotice } from '../auth/RecoveryKey';
import { RowMenu } from '../components/RowMenu';

const ROLE_OPTIONS = ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));
const ROLE_HELP = 'Admin: students, registers, expenses entry. Coordinator: also planning, approvals and payments. Manager: everything, including staff and returns.';

type Dialog = { kind: 'add' } | { kind: 'recovery-key' } | { kind: 'edit' | 'reset' | 'active'; member: StaffMember } | null;

export function StaffPage() {
  return (
    <RequirePermission permission="staff.manage" title="Staff accounts">
      <StaffInner />
    </RequirePermission>
  );
}

/** A temporary password that is easy to read out: three short words and a number. */
function suggestPassword(): string {
  const words = ['river', 'maple', 'lantern', 'harbour', 'meadow', 'pebble', 'willow', 'orchard', 'candle', 'heron', 'garden', 'copper'];
  const pick = () => words[crypto.getRandomValues(new Uint32Array(1))[0] % words.length];
  return `${pick()}-${pick()}-${pick()}-${crypto.getRandomValues(new Uint32Array(1))[0] % 90 + 10}`;
}

function StaffInner() {
  const { staff: me } = useCurrentStaff();
  const [role, setRole] = useState<Role | ''>('');
  const [showDeactivated, setShowDeactivated] = useState(true);
  const list = useListState<StaffSort>('name');
  const staff = useApiQuery(
    'staff.page',
    { query: list.searched, role: role || undefined, includeDeactivated: showDeactivated, ...list.input },
    { quietErrors: true, staleTime: 0, placeholderData: keepPreviousData },
  );
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => setDialog(null);
  const columns: Column<StaffMember, StaffSort>[] = [
    { header: 'Name', sort: 'name', render: (m) => <Text span fw={600} size="sm">{m.displayName}{m.id === me.id && ' (you)'}</Text> },
    { header: 'Username', sort: 'username', render: (m) => m.username },
    { header: 'Role', sort: 'role', render: (m) => ROLE_LABELS[m.role] },
    {
      header: 'Status',
      render: (m) => (
        <Group gap={4}>
          {m.active ? <Badge color="calm" variant="light" radius="sm">Active</Badge> : <Badge color="gray" variant="outline" radius="sm">Deactivated</Badge>}
          {m.mustChangePassword && <Badge color="yellow" variant="light" radius="sm" c="dark">Temporary password</Badge>}
          {m.lockedUntil && new Date(m.lockedUntil) > new Date() && (
            <Badge color="red" variant="light" radius="sm">
              Locked until {formatTimestamp(m.lockedUntil)}
            </Badge>
          )}
        </Group>
      ),
    },
    { header: 'Last signed in', sort: 'lastSignedIn', firstDirection: 'desc', render: (m) => (m.lastSignedInAt ? formatTimestamp(m.lastSignedInAt) : 'Never') },
    {
      header: 'Actions',
      hideHeader: true,
      render: (m) => (
        <RowMenu label={m.displayName}>
          <Menu.Item aria-haspopup="dialog" onClick={() => setDialog({ kind: 'edit', member: m })}>Change name or role</Menu.Item>
          <Menu.Item aria-haspopup="dialog" onClick={() => setDialog({ kind: 'reset', member: m })}>Reset password</Menu.Item>
          {m.id !== me.id && (
            <Menu.Item aria-haspopup="dialog" onClick={() => setDialog({ kind: 'active', member: m })}>{m.active ? 'Deactivate account' : 'Reactivate account'}</Menu.Item>
          )}
        </RowMenu>
      ),
    },
  ];
  return (
    <Page
      title="Staff accounts"
      actions={
        <Button variant="default" aria-haspopup="dialog" onClick={() => setDialog({ kind: 'recovery-key' })}>
          Make a new recovery key
        </Button>
      }
    >
      <ListToolbar
        search={{ label: 'Find a staff member', value: list.search, onChange: list.setSearch, placeholder: 'Name or username' }}
        filters={
          <>
            <NativeSelect
              label="Role"
              data={[{ value: '', label: 'Every role' }, ...ROLE_OPTIONS]}
              value={role}
              onChange={(e) => {
                setRole(e.currentTarget.value as Role | '');
                list.restart();
              }}
              w={180}
            />
            <Checkbox
              label="Include deactivated accounts"
              checked={showDeactivated}
              onChange={(e) => {
                setShowDeactivated(e.currentTarget.checked);
                list.restart();
              }}
              mb={8}
            />
          </>
        }
        add={
          <Button aria-haspopup="dialog" onClick={() => setDialog({ kind: 'add' })}>
            Add a staff member
          </Button>
        }
      />
      <DataTable
        label="Staff accounts"
        columns={columns}
        query={staff}
        list={list}
        rowKey={(m) => m.id}
        noun={['account', 'accounts']}
        empty={list.searched ? `No staff accounts match “${list.searched}”.` : 'No accounts like that.'}
        rowProps={(m) => ({ 'data-search-row': m.id })}
        testId="staff-table"
      />
      {dialog?.kind === 'add' && <AddStaffModal onClose={close} />}
      {dialog?.kind === 'recovery-key' && <RecoveryKeyModal onClose={close} />}
      {dialog?.kind === 'edit' && <EditStaffModal member={dialog.member} onClose={close} />}
      {dialog?.kind === 'reset' && <ResetPasswordModal member={dialog.member} onClose={close} />}
      {dialog?.kind === 'active' && <ActiveModal member={dialog.member} onClose={close} />}
    </Page>
  );
}

const addSchema = z.object({ displayName: displayNameSchema, username: usernameSchema, role: roleSchema, temporaryPassword: newPasswordSchema });

/** A new manager recovery key, shown once; the old key stops working as soon as it is made. */
function RecoveryKeyModal({ onClose }: { onClose: () => void }) {
  const make = useApiMutation('staff.newRecoveryKey', { invalidate: ['audit.'] });
  return (
    <Modal opened onClose={onClose} title="Make a new recovery key" size="lg">
      {make.data ? (
        <RecoveryKeyNotice recoveryKey={make.data.recoveryKey} onStored={onClose} confirmLabel="Done" />
      ) : (
        <Stack>
          <Text>
            The recovery key lets someone set a manager’s password from the sign-in screen. Make a new one if the old one is lost or may
            have been seen: the old key stops working straight away.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Keep the current key
            </Button>
            <Button onClick={() => make.mutate({})} loading={make.isPending}>
              Make a new key
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

function AddStaffModal({ onClose }: { onClose: () => void }) {
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { displayName: '', username: '', role: 'admin', temporaryPassword: suggestPassword() },
    validate: schemaResolver(addSchema, { sync: true }),
  });
  const add = useApiMutation('staff.create', {
    invalidate: ['staff.', 'audit.'],
    onSuccess: (m) => {
      notifications.show({
        title: 'Staff member added',
        message: `${m.displayName} can now sign in as ${m.username} with the temporary password, and will be asked to choose their own.`,
        color: 'calm',
        withBorder: true,
      });
      onClose();
    },
    onError: (e) => setFormError(applyApiErrors(form, e)),
  });
  return (
    <Modal opened onClose={onClose} title="Add a staff member" size="lg">
      <form
        noValidate
        onSubmit={form.onSubmit((v) => {
          setFormError(null);
          add.mutate({ ...v, role: v.role as StaffMember['role'] });
        }, () => focusFirstError())}
      >
        <Stack>
          <TextInput label="Name" description="As colleagues will see it" required data-autofocus {...form.getInputProps('displayName')} key={form.key('displayName')} />
          <TextInput label="Username" description="Letters, numbers, dots and dashes, e.g. sam.jones" required autoComplete="off" {...form.getInputProps('username')} key={form.key('username')} />
          <NativeSelect label="Role" description={ROLE_HELP} data={ROLE_OPTIONS} required {...form.getInputProps('role')} key={form.key('role')} />
          <TextInput
            label="Temporary password"
            description="Give this to them in person. They choose their own when they first sign in."
            required
            autoComplete="off"
            {...form.getInputProps('temporaryPassword')}
            key={form.key('temporaryPassword')}
          />
          {formError && <Alert color="red" role="alert">{formError}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={add.isPending}>
              Add staff member
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

const editSchema = z.object({ displayName: displayNameSchema, role: roleSchema });

function EditStaffModal({ member, onClose }: { member: StaffMember; onClose: () => void }) {
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({ mode: 'uncontrolled', initialValues: { displayName: member.displayName, role: member.role as string }, validate: schemaResolver(editSchema, { sync: true }) });
  const save = useApiMutation('staff.update', {
    invalidate: ['staff.', 'audit.', 'auth.status'],
    onSuccess: () => {
      notifications.show({ message: `${member.displayName}’s account has been updated.`, color: 'calm', withBorder: true });
      onClose();
    },
    onError: (e) => setFormError(applyApiErrors(form, e)),
  });
  return (
    <Modal opened onClose={onClose} title={`Change ${member.displayName}’s name or role`}>
      <form noValidate onSubmit={form.onSubmit((v) => save.mutate({ id: member.id, displayName: v.displayName, role: v.role as StaffMember['role'] }), () => focusFirstError())}>
        <Stack>
          <TextInput label="Name" required data-autofocus {...form.getInputProps('displayName')} key={form.key('displayName')} />
          <NativeSelect label="Role" description={ROLE_HELP} data={ROLE_OPTIONS} required {...form.getInputProps('role')} key={form.key('role')} />
          {formError && <Alert color="red" role="alert">{formError}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function ResetPasswordModal({ member, onClose }: { member: StaffMember; onClose: () => void }) {
  const [password, setPassword] = useState(suggestPassword());
  const [error, setError] = useState<string | null>(null);
  const reset = useApiMutation('staff.resetPassword', {
    invalidate: ['staff.', 'audit.'],
    onSuccess: () => {
      notifications.show({ message: `${member.displayName} can sign in with the new temporary password and will choose their own.`, color: 'calm', withBorder: true });
      onClose();
    },
    onError: (e) => setError(e.fields?.temporaryPassword ?? e.message),
  });
  return (
    <Modal opened onClose={onClose} title={`Reset ${member.displayName}’s password`}>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const check = newPasswordSchema.safeParse(password);
          if (!check.success) return setError(check.error.issues[0].message);
          setError(null);
          reset.mutate({ id: member.id, temporaryPassword: password });
        }}
      >
        <Stack>
          <Text size="sm">This also clears any lock from wrong passwords. They will be asked to choose their own password when they next sign in.</Text>
          <PasswordInput label="New temporary password" required visible onVisibilityChange={() => undefined} value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={error} data-autofocus />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={reset.isPending}>
              Reset password
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function ActiveModal({ member, onClose }: { member: StaffMember; onClose: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const setActive = useApiMutation('staff.setActive', {
    invalidate: ['staff.', 'audit.'],
    onSuccess: (m) => {
      notifications.show({ message: m.active ? `${m.displayName} can sign in again.` : `${m.displayName} can no longer sign in.`, color: 'calm', withBorder: true });
      onClose();
    },
    onError: (e) => setError(e.message),
  });
  const deactivate = member.active;
  return (
    <Modal opened onClose={onClose} title={deactivate ? `Deactivate ${member.displayName}?` : `Reactivate ${member.displayName}?`}>
      <Stack>
        <Text size="sm">
          {deactivate
            ? 'They will be signed out and will not be able to sign in. Everything they recorded stays, with their name on it. You can reactivate the account later.'
            : 'They will be able to sign in again with their existing password.'}
        </Text>
        {error && <Alert color="red" role="alert">{error}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-autofocus>
            Cancel
          </Button>
          <Button color={deactivate ? 'red' : 'calm'} onClick={() => setActive.mutate({ id: member.id, active: !deactivate })} loading={setActive.isPending}>
            {deactivate ? 'Deactivate account' : 'Reactivate account'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
