// Settings → Backups (managers): backup status, back up now, the recovery passphrase, a second folder, and restoring a
// backup (check it first, compare its counts with today's database, then restore with a confirmation).
import { Alert, Badge, Button, Card, Checkbox, Group, Modal, PasswordInput, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { BackupEntry, BackupInspection, BackupStatus } from '../../src-main/contract/backups';
import { formatTimestamp } from '../../src-main/contract/dates';
import { applyApiErrors } from '../api/forms';
import { refusal } from '../api/client';
import { resetCachedData, useApiMutation, useApiQuery } from '../api/hooks';
import { ErrorAlert } from '../components/ErrorAlert';
import { Page } from '../components/Page';
import { RequirePermission } from '../components/RequirePermission';
import { Loading } from '../components/Loading';

const KIND_LABELS: Record<BackupEntry['kind'], string> = {
  daily: 'Daily',
  manual: 'Taken by hand',
  'before-upgrade': 'Before an upgrade',
  'before-restore': 'Before a restore',
};

export function BackupsPage() {
  return (
    <RequirePermission permission="backups.manage" title="Backups">
      <BackupsInner />
    </RequirePermission>
  );
}

function BackupsInner() {
  const status = useApiQuery('backups.status', {}, { quietErrors: true, staleTime: 0 });
  return (
    <Page title="Backups">
      {status.isPending && <Loading label="Loading backup status" />}
      {status.isError &&
        (refusal(status.error, 'backup.on-server') ? (
          // Not a failure: on the college's server the database is backed up by IT (README, IT guide).
          <Alert color="blue" title="Backed up on the college’s server" maw={720}>
            <Text>
              This desk keeps its records on the college’s server, not in a file on this computer. The server is backed up by IT, so there is nothing to do
              here. If you need something restored, please ask IT.
            </Text>
          </Alert>
        ) : refusal(status.error, 'training.live-only') ? (
          <Alert color="blue" title="Not in the training database" maw={720}>
            <Text>The training database is not backed up: nothing in it is real. Leave training to see the backups of the college’s records.</Text>
          </Alert>
        ) : (
          <ErrorAlert error={status.error} onRetry={() => void status.refetch()} />
        ))}
      {status.data && (
        <Stack gap="xl" maw={900}>
          <StatusCard status={status.data} />
          <PassphraseCard status={status.data} />
          <SecondFolderCard status={status.data} />
          <RestoreCard />
        </Stack>
      )}
    </Page>
  );
}

function StatusCard({ status }: { status: BackupStatus }) {
  const take = useApiMutation('backups.takeNow', {
    invalidate: ['backups.'],
    handles: ['BACKUP_FAILED', 'STORAGE', 'VALIDATION'],
    onSuccess: () => notifications.show({ title: 'Backup taken', message: 'A checked backup was saved.', color: 'calm', withBorder: true }),
  });
  const last = status.lastBackup;
  return (
    <Card withBorder component="section" aria-labelledby="backup-status">
      <Stack gap="sm">
        <Title order={2} size="h3" id="backup-status">
          Backup status
        </Title>
        {status.lastFailure && (
          <Alert color="red" role="alert" title={`The last backup failed (${formatTimestamp(status.lastFailure.at)})`}>
            {status.lastFailure.message}
          </Alert>
        )}
        {status.secondFolderProblem && (
          <Alert color="yellow" title="The second folder did not get the latest backup">
            {status.secondFolderProblem}
          </Alert>
        )}
        {status.auditChain && !status.auditChain.ok && (
          <Alert color="red" role="alert" title={`The audit log was not intact when the last backup was taken (${formatTimestamp(status.auditChain.at)})`}>
            {status.auditChain.problem} The backup was still kept, as evidence, and is marked as taken from a log that was not intact. Please keep every
            backup safe and report this to your data protection lead: the log has been changed outside the app.
          </Alert>
        )}
        {status.lastCheck && !status.lastCheck.ok && (
          <Alert color="red" role="alert" title="The database check found problems">
            {status.lastCheck.problems.slice(0, 3).join('; ')}. Please keep the backups safe and ask IT for help; you can restore the latest good backup below.
          </Alert>
        )}
        <Table variant="vertical" layout="fixed" withTableBorder={false}>
          <Table.Tbody>
            <Table.Tr>
              <Table.Th w={220}>Last backup</Table.Th>
              <Table.Td>{last ? `${formatTimestamp(last.takenAt)} (${KIND_LABELS[last.kind].toLowerCase()})` : 'None yet'}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>Checked</Table.Th>
              <Table.Td>{last ? (status.lastVerified ? 'Yes — it passed the full database check before it was kept' : 'Not checked') : '—'}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>Encrypted</Table.Th>
              <Table.Td>{status.encrypted ? 'Yes' : 'No — set a recovery passphrase below'}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>Saved in</Table.Th>
              <Table.Td style={{ wordBreak: 'break-all' }}>{status.folder}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>Also copied to</Table.Th>
              <Table.Td style={{ wordBreak: 'break-all' }}>{status.secondFolder ?? 'No second folder'}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>Next backup due</Table.Th>
              <Table.Td>{status.nextDue ? formatTimestamp(status.nextDue) : '—'} (taken automatically while the app is open)</Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
        {take.isError && <ErrorAlert error={take.error} title="The backup could not be made" />}
        <Button onClick={() => take.mutate({})} loading={take.isPending} w="fit-content">
          Back up now
        </Button>
      </Stack>
    </Card>
  );
}

function PassphraseCard({ status }: { status: BackupStatus }) {
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { passphrase: '', repeat: '', currentPassphrase: '', startAfresh: false },
    validate: {
      passphrase: (v) => (v.length < 12 ? 'A recovery passphrase needs at least 12 characters — a few unrelated words work well.' : null),
      repeat: (v, all) => (v !== all.passphrase ? 'The two passphrases are not the same.' : null),
    },
  });
  const save = useApiMutation('backups.setPassphrase', {
    invalidate: ['backups.'],
    onSuccess: () => {
      form.reset();
      notifications.show({ title: 'Recovery passphrase saved', message: 'New backups are encrypted from now on. Keep the passphrase somewhere safe, away from this computer.', color: 'calm', withBorder: true });
    },
    onError: (e) => setFormError(applyApiErrors(form, e)),
  });
  return (
    <Card withBorder component="section" aria-labelledby="backup-passphrase">
      <form
        noValidate
        onSubmit={form.onSubmit((v) => {
          setFormError(null);
          save.mutate({ passphrase: v.passphrase, currentPassphrase: v.currentPassphrase || undefined, startAfresh: v.startAfresh });
        })}
      >
        <Stack gap="sm">
          <Title order={2} size="h3" id="backup-passphrase">
            Recovery passphrase
          </Title>
          <Text size="sm">
            Backups hold people’s health records, so they are encrypted with a passphrase you choose. The app can make backups without it, but nobody — not even
            the app — can open a backup without it. Write it down and keep it somewhere safe away from this computer (for example in the college’s safe). It is
            not the same as the manager recovery key, which resets a manager’s password.
          </Text>
          {status.encrypted && (
            <>
              <PasswordInput label="Current recovery passphrase" autoComplete="off" {...form.getInputProps('currentPassphrase')} key={form.key('currentPassphrase')} />
              <Checkbox
                label="The current passphrase has been lost: start afresh (older backups will still need the old passphrase)"
                {...form.getInputProps('startAfresh', { type: 'checkbox' })}
                key={form.key('startAfresh')}
              />
            </>
          )}
          <PasswordInput label={status.encrypted ? 'New recovery passphrase' : 'Recovery passphrase'} autoComplete="new-password" required {...form.getInputProps('passphrase')} key={form.key('passphrase')} />
          <PasswordInput label="Type it again" autoComplete="new-password" required {...form.getInputProps('repeat')} key={form.key('repeat')} />
          {formError && (
            <Alert color="red" role="alert">
              {formError}
            </Alert>
          )}
          <Button type="submit" loading={save.isPending} w="fit-content">
            {status.encrypted ? 'Change the passphrase' : 'Set the passphrase'}
          </Button>
        </Stack>
      </form>
    </Card>
  );
}

function SecondFolderCard({ status }: { status: BackupStatus }) {
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({ mode: 'uncontrolled', initialValues: { folder: status.secondFolder ?? '' } });
  const save = useApiMutation('backups.setSecondFolder', {
    invalidate: ['backups.'],
    onSuccess: (s) => notifications.show({ title: 'Saved', message: s.secondFolder ? `Backups will also be copied to ${s.secondFolder}.` : 'Backups are no longer copied to a second folder.', color: 'calm', withBorder: true }),
    onError: (e) => setFormError(applyApiErrors(form, e)),
  });
  return (
    <Card withBorder component="section" aria-labelledby="backup-second">
      <form
        noValidate
        onSubmit={form.onSubmit((v) => {
          setFormError(null);
          save.mutate({ folder: v.folder.trim() || null });
        })}
      >
        <Stack gap="sm">
          <Title order={2} size="h3" id="backup-second">
            Second backup folder
          </Title>
          <Text size="sm">
            A copy of every backup also goes here — a USB drive or a network folder is fine for backups (unlike the database itself). Backups are copied only once a
            recovery passphrase is set, because they leave this desk.
          </Text>
          <TextInput label="Folder (full path)" placeholder="E:\Recovery College backups" {...form.getInputProps('folder')} key={form.key('folder')} />
          {formError && (
            <Alert color="red" role="alert">
              {formError}
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={save.isPending}>
              Save folder
            </Button>
            {status.secondFolder && (
              <Button variant="default" onClick={() => save.mutate({ folder: null })}>
                Stop copying to a second folder
              </Button>
            )}
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

type Source = { name: string; folder: 'main' | 'second' } | { file: string };

function RestoreCard() {
  const list = useApiQuery('backups.list', {}, { quietErrors: true, staleTime: 0 });
  const [source, setSource] = useState<{ source: Source; label: string; encrypted: boolean } | null>(null);
  const [file, setFile] = useState('');
  return (
    <Card withBorder component="section" aria-labelledby="backup-restore">
      <Stack gap="sm">
        <Title order={2} size="h3" id="backup-restore">
          Restore a backup
        </Title>
        <Text size="sm">
          Restoring replaces today’s database with the backup. The current database is kept aside (never deleted), everyone is signed out, and the restore is
          recorded in the audit log. The backup is checked first, and you see what it holds before anything changes.
        </Text>
        {list.isError && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
        {list.data && list.data.length === 0 && <Text size="sm">There are no backups in the backups folders yet.</Text>}
        {list.data && list.data.length > 0 && (
          <Table striped highlightOnHover>
            <Table.Caption>Newest first.</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Taken</Table.Th>
                <Table.Th>Kind</Table.Th>
                <Table.Th>Where</Table.Th>
                <Table.Th>Size</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.map((b) => (
                <Table.Tr key={`${b.folder}/${b.name}`}>
                  <Table.Td>{formatTimestamp(b.takenAt)}</Table.Td>
                  <Table.Td>
                    {KIND_LABELS[b.kind]} {b.encrypted && <Badge variant="light">Encrypted</Badge>}
                  </Table.Td>
                  <Table.Td>{b.folder === 'main' ? 'Backups folder' : 'Second folder'}</Table.Td>
                  <Table.Td>{(b.bytes / 1024 / 1024).toFixed(1)} MB</Table.Td>
                  <Table.Td>
                    <Button
                      size="compact-sm"
                      variant="default"
                      aria-haspopup="dialog"
                      onClick={() => setSource({ source: { name: b.name, folder: b.folder }, label: `the backup taken ${formatTimestamp(b.takenAt)}`, encrypted: b.encrypted })}
                    >
                      Check and restore…
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <Group align="end">
          <TextInput label="Or a backup file (full path)" value={file} onChange={(e) => setFile(e.currentTarget.value)} style={{ flex: 1 }} />
          <Button variant="default" aria-haspopup="dialog" disabled={!file.trim()} onClick={() => setSource({ source: { file: file.trim() }, label: file.trim(), encrypted: /\.rcdbackup$/i.test(file.trim()) })}>
            Check and restore…
          </Button>
        </Group>
      </Stack>
      {source && <RestoreDialog {...source} onClose={() => setSource(null)} />}
    </Card>
  );
}

function RestoreDialog({ source, label, encrypted, onClose }: { source: Source; label: string; encrypted: boolean; onClose: () => void }) {
  const [passphrase, setPassphrase] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [inspection, setInspection] = useState<BackupInspection | null>(null);
  const [confirming, setConfirming] = useState(false);
  const queryClient = useQueryClient();
  const inspect = useApiMutation('backups.inspect', {
    onSuccess: (i) => setInspection(i),
    onError: (e) => setProblem(e.fields?.passphrase ?? e.fields?.source ?? e.message),
  });
  const restore = useApiMutation('backups.restore', {
    handles: ['VALIDATION', 'STORAGE'],
    onSuccess: (r) => {
      notifications.show({
        title: 'Backup restored',
        message: `The database is now as it was in the backup. The one it replaced is kept at ${r.setAside}. Please sign in again.`,
        color: 'calm',
        withBorder: true,
        autoClose: false,
      });
      onClose();
      // Everyone was signed out (the restored database has its own accounts): forget what was shown and sign in again.
      window.location.hash = '#/today';
      void resetCachedData(queryClient);
    },
    onError: (e) => setProblem(e.message),
  });
  const input = { source, passphrase: passphrase || undefined };
  return (
    <Modal opened onClose={onClose} title={`Restore ${label}`} size="lg">
      <Stack gap="sm">
        {encrypted && !inspection && (
          <PasswordInput label="Recovery passphrase" autoComplete="off" value={passphrase} onChange={(e) => setPassphrase(e.currentTarget.value)} data-autofocus />
        )}
        {problem && (
          <Alert color="red" role="alert">
            {problem}
          </Alert>
        )}
        {!inspection && (
          <Button
            onClick={() => {
              setProblem(null);
              inspect.mutate(input);
            }}
            loading={inspect.isPending}
            w="fit-content"
          >
            Check this backup
          </Button>
        )}
        {inspection && (
          <>
            <Text size="sm">
              The backup passed the full check{inspection.encrypted ? ' and its seal is intact' : ''}. It was taken {formatTimestamp(inspection.takenAt)}.
              {inspection.schemaOlder ? ' It was made by an earlier version of the app and will be upgraded when it is restored.' : ''}
            </Text>
            <Table withTableBorder>
              <Table.Caption>What each database holds</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th />
                  <Table.Th>In the backup</Table.Th>
                  <Table.Th>In today’s database</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {(['students', 'sessions', 'marks', 'claims'] as const).map((k) => (
                  <Table.Tr key={k}>
                    <Table.Th>{{ students: 'Students', sessions: 'Sessions', marks: 'Register marks', claims: 'Expense claims' }[k]}</Table.Th>
                    <Table.Td>{inspection.counts[k]}</Table.Td>
                    <Table.Td>{inspection.current[k]}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            {!confirming ? (
              <Group>
                <Button color="red" onClick={() => setConfirming(true)}>
                  Restore this backup…
                </Button>
                <Button variant="default" onClick={onClose}>
                  Cancel
                </Button>
              </Group>
            ) : (
              <Alert color="yellow" title="Replace today’s database with this backup?">
                <Stack gap="xs">
                  <Text size="sm">Anything entered since the backup was taken will not be in the restored database (it stays in the database that is kept aside).</Text>
                  <Group>
                    <Button color="red" loading={restore.isPending} onClick={() => restore.mutate({ ...input, confirm: true })} data-autofocus>
                      Yes, restore it
                    </Button>
                    <Button variant="default" onClick={() => setConfirming(false)}>
                      Keep today’s database
                    </Button>
                  </Group>
                </Stack>
              </Alert>
            )}
          </>
        )}
      </Stack>
    </Modal>
  );
}
