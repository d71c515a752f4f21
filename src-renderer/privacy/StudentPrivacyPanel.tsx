// On a student's page, for managers: who has looked at or changed this record (every view, print and export is
// audited), their requests for the information held (subject access, with the encrypted archive), and anonymising them.
import { Alert, Button, Card, Group, Modal, Pagination, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { collegeToday, formatDate } from '../../src-main/contract/dates';
import { errorMessage } from '../api/client';
import { useApiMutation, useApiQuery } from '../api/hooks';
import { AuditTable } from '../components/AuditTable';
import { ErrorAlert } from '../components/ErrorAlert';
import { DateField } from '../dates/DateField';
import { useConfirm } from '../components/useConfirm';
import { useSaveExport } from '../files';
import { PassphraseInput } from './PassphraseInput';
import { pagerProps } from '../components/pagination';

export function StudentPrivacyPanel({ studentId, anonymised }: { studentId: number; anonymised: boolean }) {
  const [page, setPage] = useState(1);
  const log = useApiQuery('privacy.studentAccessLog', { id: studentId, page, pageSize: 20 }, { quietErrors: true });
  const pages = log.data ? Math.max(1, Math.ceil(log.data.total / log.data.pageSize)) : 1;
  return (
    <>
      <SubjectAccessCard studentId={studentId} />
      {!anonymised && <AnonymiseCard studentId={studentId} />}
      <Card withBorder radius="md" padding="lg" component="section" aria-label="Who has looked at or changed this record">
        <Title order={2} size="h4" mb="sm">
          Who has looked at or changed this record
        </Title>
        {log.isError && <ErrorAlert error={log.error} onRetry={() => void log.refetch()} />}
        {log.data && <AuditTable rows={log.data.rows} showEntity caption="Every view, print, export and change, newest first. Only managers see this." />}
        {pages > 1 && <Pagination mt="sm" total={pages} value={page} onChange={setPage} {...pagerProps('Access log page')} />}
      </Card>
    </>
  );
}

function SubjectAccessCard({ studentId }: { studentId: number }) {
  const requests = useApiQuery('privacy.subjectAccess.list', { openOnly: false, studentId }, { quietErrors: true });
  const [receivedOn, setReceivedOn] = useState(collegeToday());
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [passphraseError, setPassphraseError] = useState<string | null>(null);
  const logRequest = useApiMutation('privacy.subjectAccess.log', { invalidate: ['privacy.'], onError: (e) => setError(e.fields?.receivedOn ?? errorMessage(e)) });
  const open = requests.data?.find((r) => !r.completedOn);
  const exportArchive = useSaveExport('privacy.subjectAccess.export', {
    invalidate: ['privacy.'],
    onSuccess: () => setPassphrase(''),
    onError: (e) => setPassphraseError(e.fields?.passphrase ?? null),
  });
  const complete = useApiMutation('privacy.subjectAccess.complete', { invalidate: ['privacy.'], handles: ['VALIDATION', 'CONFLICT'] });
  const [confirm, confirmDialog] = useConfirm();
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-label="Requests for the information held">
      {confirmDialog}
      <Stack>
        <Title order={2} size="h4">
          Requests for the information held (subject access)
        </Title>
        {requests.isError && <ErrorAlert error={requests.error} onRetry={() => void requests.refetch()} />}
        {requests.data && requests.data.length > 0 && (
          <Table aria-label="Subject access requests" striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Received</Table.Th>
                <Table.Th>Due by</Table.Th>
                <Table.Th>Answered</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {requests.data.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>{formatDate(r.receivedOn)}</Table.Td>
                  <Table.Td>{formatDate(r.dueOn)}</Table.Td>
                  <Table.Td>{r.completedOn ? `${formatDate(r.completedOn)} by ${r.completedBy ?? ''}` : 'Not yet'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {!open && (
          <form
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              setError(null);
              logRequest.mutate({ studentId, receivedOn });
            }}
          >
            <Group align="flex-end">
              <DateField label="Date the request was received" required value={receivedOn} onChange={setReceivedOn} maxDate={collegeToday()} error={error} />
              <Button type="submit" variant="default" loading={logRequest.isPending}>
                Log a request
              </Button>
            </Group>
          </form>
        )}
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            setPassphraseError(null);
            exportArchive.mutate({ studentId, requestId: open?.id, passphrase });
          }}
        >
          <Stack>
            <Text size="sm">Everything held about this student — a PDF to read, with JSON and CSV copies — in one encrypted zip.</Text>
            <PassphraseInput value={passphrase} onChange={setPassphrase} error={passphraseError} />
            <Group>
              <Button type="submit" loading={exportArchive.isPending}>
                Save the encrypted archive
              </Button>
              {open && (
                <Button
                  variant="default"
                  aria-haspopup="dialog"
                  loading={complete.isPending}
                  onClick={() =>
                    confirm({
                      title: 'Mark the request answered today?',
                      message: `Only do this once the student has been sent everything held about them. The request received on ${formatDate(open.receivedOn)} will be closed as answered on ${formatDate(collegeToday())}, and this is kept in the audit log.`,
                      confirmLabel: 'Yes, it has been answered',
                      danger: false,
                      cancelLabel: 'Not yet',
                      onConfirm: () => complete.mutateAsync({ id: open.id, completedOn: collegeToday() }),
                    })
                  }
                >
                  Mark the request answered today
                </Button>
              )}
            </Group>
          </Stack>
        </form>
      </Stack>
    </Card>
  );
}

function AnonymiseCard({ studentId }: { studentId: number }) {
  const [opened, setOpened] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const anonymise = useApiMutation('privacy.anonymise', {
    invalidate: ['students.', 'privacy.'],
    onSuccess: () => {
      setOpened(false);
      notifications.show({ message: 'The record has been anonymised.', color: 'calm', withBorder: true });
    },
    onError: (e) => setError(e.fields?.reason ?? errorMessage(e)),
    handles: ['VALIDATION', 'CONFLICT'],
  });
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-label="Anonymise this record">
      <Stack>
        <Title order={2} size="h4">
          Anonymise this record
        </Title>
        <Text size="sm">
          On the student’s request, or when the retention period has passed: every personal detail is replaced for good. Attendance and scores stay, without a
          name, so the figures do not change.
        </Text>
        <Button variant="default" color="red" w="fit-content" aria-haspopup="dialog" onClick={() => setOpened(true)}>
          Anonymise…
        </Button>
      </Stack>
      <Modal opened={opened} onClose={() => setOpened(false)} title="Anonymise this record for good?">
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            setError(null);
            anonymise.mutate({ studentIds: [studentId], reason, confirm: true });
          }}
        >
          <Stack>
            <Alert color="red">
              This cannot be undone. Names, contact details, the NHS number and every note about this person will be removed — also from their facilitator and
              payee records if they have them (their claims keep only dates and amounts; receipts are removed).
            </Alert>
            <Textarea label="Reason (kept in the audit log; please do not include the person’s name or health details)" required value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={error} autosize minRows={2} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setOpened(false)} data-autofocus>
                Keep the record
              </Button>
              <Button type="submit" color="red" loading={anonymise.isPending}>
                Anonymise the record
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Card>
  );
}
