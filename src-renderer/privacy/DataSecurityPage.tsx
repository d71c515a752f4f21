// Settings → Data security (managers): the evidence the NHS Data Security and Protection Toolkit asks for, in plain
// words — disk encryption, backups, the audit check, unused accounts, temporary passwords, failed sign-ins and training —
// with a manager's confirmation of disk encryption, training dates, and the whole page as a PDF to keep.
import { Alert, Button, Card, Checkbox, Group, List, Modal, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type ReactNode } from 'react';
import { collegeToday, formatDate, formatTimestamp } from '../../src-main/contract/dates';
import { UNUSED_ACCOUNT_DAYS, DISK_ENCRYPTION_STATEMENT, type DataSecurityReport } from '../../src-main/contract/privacy';
import { errorMessage } from '../api/client';
import { useApiMutation, useApiQuery } from '../api/hooks';
import { ErrorAlert } from '../components/ErrorAlert';
import { Page } from '../components/Page';
import { RequirePermission } from '../components/RequirePermission';
import { DateField } from '../dates/DateField';
import { useSaveExport } from '../files';
import { Loading } from '../components/Loading';

export function DataSecurityPage() {
  return (
    <RequirePermission permission="audit.read" title="Data security">
      <Page title="Data security">
        <DataSecurity />
      </Page>
    </RequirePermission>
  );
}

function Section({ title, good, children }: { title: string; good: boolean | null; children: ReactNode }) {
  const id = `ds-${title.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby={id}>
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4" id={id}>
          {title}
        </Title>
        {good !== null && (
          <Text size="sm" fw={600}>
            {good ? 'All well' : 'Needs a look'}
          </Text>
        )}
      </Group>
      {children}
    </Card>
  );
}

function DataSecurity() {
  const q = useApiQuery('privacy.dataSecurity.report', {}, { quietErrors: true, staleTime: 0 });
  const pdf = useSaveExport('privacy.dataSecurity.pdf');
  if (q.isError) return <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) return <Loading label="Loading data security" />;
  const r = q.data;
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Text>
          What the NHS Data Security and Protection Toolkit asks about this desk, as of {formatTimestamp(r.generatedAt)}. Keep a PDF of it with your Toolkit evidence.
        </Text>
        <Button onClick={() => pdf.mutate({})} loading={pdf.isPending}>
          Download as PDF
        </Button>
      </Group>
      <DiskSection r={r} />
      <Section title="Last verified backup" good={!!r.backup?.verified}>
        <Text>
          {r.backup
            ? `The newest backup was taken on ${formatTimestamp(r.backup.takenAt)}${r.backup.verified ? ' and was checked before it was kept' : ''}. ${r.backup.encrypted ? 'It is encrypted.' : 'It is not encrypted: you can set a recovery passphrase under Backups.'}`
            : 'No backup has been kept yet. You can take one under Backups.'}
        </Text>
      </Section>
      <Section title="Audit log last checked" good={r.auditChain.lastCheckOk === true}>
        <Text>
          {r.auditChain.lastCheckOk === false
            ? `A problem was found when the log was checked on ${formatTimestamp(r.auditChain.lastCheckAt)}: ${r.auditChain.lastCheckProblem ?? ''} Please look at the Audit log page.`
            : r.auditChain.lastVerifiedAt
              ? `The audit log was found exactly as the app wrote it on ${formatTimestamp(r.auditChain.lastVerifiedAt)}.`
              : 'The audit log has not been checked yet. You can check it on the Audit log page.'}
        </Text>
      </Section>
      <Section title={`Accounts not used for ${UNUSED_ACCOUNT_DAYS} days`} good={r.unusedAccounts.length === 0}>
        {r.unusedAccounts.length === 0 ? (
          <Text>Every active account has been used in the last {UNUSED_ACCOUNT_DAYS} days.</Text>
        ) : (
          <>
            <Text mb="xs">These accounts have not signed in for a while. If someone has left, you can deactivate their account under Staff accounts.</Text>
            <List>
              {r.unusedAccounts.map((a) => (
                <List.Item key={a.id}>
                  {a.name} ({a.username}): {a.lastSignedInAt ? `last signed in ${formatDate(a.lastSignedInAt)}` : 'never signed in'}
                </List.Item>
              ))}
            </List>
          </>
        )}
      </Section>
      <Section title="Accounts still on a temporary password" good={r.temporaryPasswords.length === 0}>
        {r.temporaryPasswords.length === 0 ? (
          <Text>Everyone has chosen their own password.</Text>
        ) : (
          <>
            <Text mb="xs">These people will be asked to choose their own password when they next sign in.</Text>
            <List>
              {r.temporaryPasswords.map((a) => (
                <List.Item key={a.id}>
                  {a.name} ({a.username})
                </List.Item>
              ))}
            </List>
          </>
        )}
      </Section>
      <Section title="Failed sign-ins this month" good={null}>
        <Text>
          {r.failedSignIns.count === 0
            ? `No wrong passwords have been typed since ${formatDate(r.failedSignIns.since)}.`
            : `${r.failedSignIns.count} wrong password${r.failedSignIns.count === 1 ? ' has' : 's have'} been typed for staff accounts since ${formatDate(r.failedSignIns.since)}. A few are normal; the Audit log shows which accounts.`}
        </Text>
      </Section>
      <TrainingSection r={r} />
    </Stack>
  );
}

function DiskSection({ r }: { r: DataSecurityReport }) {
  const [open, setOpen] = useState(false);
  const [ticked, setTicked] = useState(false);
  const confirm = useApiMutation('privacy.dataSecurity.confirmDiskEncryption', {
    invalidate: ['privacy.dataSecurity'],
    onSuccess: () => {
      setOpen(false);
      notifications.show({ message: 'Thank you. Your confirmation has been recorded.', color: 'calm', withBorder: true });
    },
  });
  const c = r.disk.confirmation;
  return (
    <Section title="Is the disk holding the database encrypted?" good={r.disk.status === 'encrypted' || (r.disk.status === 'not-known' && !!c)}>
      <Stack gap="xs">
        <Text>
          {r.disk.status === 'encrypted' ? 'Yes. ' : r.disk.status === 'not-encrypted' ? 'No. ' : 'The computer did not say. '}
          {r.disk.detail}
        </Text>
        {c && (
          <Text>
            {c.by} confirmed the disk is encrypted on {formatDate(c.on)}.
          </Text>
        )}
        {r.disk.status === 'not-encrypted' && (
          <Alert color="yellow" title="Please turn on disk encryption">
            Student records are special-category data. Please ask your IT support to turn on BitLocker (Windows) or LUKS (Linux) for this computer.
          </Alert>
        )}
        {r.disk.status !== 'encrypted' && (
          <Group>
            <Button variant="default" aria-haspopup="dialog" onClick={() => setOpen(true)}>
              {c ? 'Confirm again' : 'I have checked: it is encrypted'}
            </Button>
          </Group>
        )}
      </Stack>
      <Modal opened={open} onClose={() => setOpen(false)} title="Confirm disk encryption">
        <Stack>
          <Checkbox label={DISK_ENCRYPTION_STATEMENT} checked={ticked} onChange={(e) => setTicked(e.currentTarget.checked)} />
          {confirm.error && <Text c="red">{errorMessage(confirm.error)}</Text>}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button disabled={!ticked} loading={confirm.isPending} onClick={() => confirm.mutate({ confirm: true })}>
              Record my confirmation
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Section>
  );
}

function TrainingSection({ r }: { r: DataSecurityReport }) {
  const [editing, setEditing] = useState<{ id: number; name: string } | null>(null);
  const [date, setDate] = useState('');
  const [error, setError] = useState<string | null>(null);
  const record = useApiMutation('privacy.dataSecurity.recordTraining', {
    invalidate: ['privacy.dataSecurity'],
    onSuccess: () => {
      setEditing(null);
      notifications.show({ message: 'Training date saved.', color: 'calm', withBorder: true });
    },
    onError: (e) => setError(Object.values(e.fields ?? {})[0] ?? errorMessage(e)),
  });
  const t = r.training;
  return (
    <Section title="Data security training" good={t.percentTrained >= t.target}>
      <Text mb="xs">
        {t.percentTrained}% of staff with an account have done data security training in the last year. The Toolkit asks for at least {t.target}% of staff and volunteers
        each year.
      </Text>
      <Table striped aria-label="Data security training by staff member">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Role</Table.Th>
            <Table.Th>Last trained</Table.Th>
            <Table.Th>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {t.staff.map((s) => (
            <Table.Tr key={s.id}>
              <Table.Td>{s.name}</Table.Td>
              <Table.Td>{s.role}</Table.Td>
              <Table.Td>{s.trainedOn ? `${formatDate(s.trainedOn)}${s.current ? '' : ' (more than a year ago)'}` : 'Not recorded'}</Table.Td>
              <Table.Td>
                <Button
                  size="xs"
                  variant="default"
                  aria-label={`Record training for ${s.name}`}
                  aria-haspopup="dialog"
                  onClick={() => {
                    setEditing({ id: s.id, name: s.name });
                    setDate(collegeToday());
                    setError(null);
                  }}
                >
                  Record training
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Modal opened={!!editing} onClose={() => setEditing(null)} title={editing ? `Training for ${editing.name}` : 'Training'}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (editing) record.mutate({ staffId: editing.id, completedOn: date });
          }}
        >
          <Stack>
            <DateField label="Date the training was completed" required value={date} onChange={setDate} maxDate={collegeToday()} error={error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setEditing(null)}>
                Cancel
              </Button>
              <Button type="submit" loading={record.isPending}>
                Save
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Section>
  );
}
