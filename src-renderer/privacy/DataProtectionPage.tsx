// Settings → Data protection (managers): open subject access requests, consents due for review, the retention rule
// and the students due for anonymisation under it, with a confirmed bulk action.
import { Alert, Button, Card, Checkbox, Group, Modal, NumberInput, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { Link } from 'react-router';
import { formatDate } from '../../src-main/contract/dates';
import { errorMessage } from '../api/client';
import { useApiMutation, useApiQuery } from '../api/hooks';
import { ErrorAlert } from '../components/ErrorAlert';
import { Page } from '../components/Page';
import { RequirePermission } from '../components/RequirePermission';

export function DataProtectionPage() {
  return (
    <RequirePermission permission="audit.read" title="Data protection">
      <Page title="Data protection">
        <OpenRequests />
        <ConsentReviews />
        <Retention />
      </Page>
    </RequirePermission>
  );
}

export function OpenRequests() {
  const q = useApiQuery('privacy.subjectAccess.list', { openOnly: true }, { quietErrors: true });
  if (q.isError) return <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data || q.data.length === 0) return null;
  return (
    <Card withBorder padding="lg" component="section" aria-label="Subject access requests to answer">
      <Title order={2} size="h4" mb="xs">
        Subject access requests to answer
      </Title>
      <Table striped aria-label="Open subject access requests">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Student</Table.Th>
            <Table.Th>Received</Table.Th>
            <Table.Th>Due by</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {q.data.map((r) => (
            <Table.Tr key={r.id}>
              <Table.Td>
                <Link to={`/students/${r.studentId}`}>
                  {r.studentName} ({r.studentReference})
                </Link>
              </Table.Td>
              <Table.Td>{formatDate(r.receivedOn)}</Table.Td>
              <Table.Td>{formatDate(r.dueOn)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Card>
  );
}

export function ConsentReviews() {
  const q = useApiQuery('privacy.consent.dueForReview', { withinDays: 30 }, { quietErrors: true });
  if (q.isError) return <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data || q.data.length === 0) return null;
  return (
    <Card withBorder padding="lg" component="section" aria-label="Consent due for review">
      <Title order={2} size="h4" mb="xs">
        Data-sharing consent due for review (next 30 days or overdue)
      </Title>
      <Table striped aria-label="Consents due for review">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Student</Table.Th>
            <Table.Th>Given on</Table.Th>
            <Table.Th>Review on</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {q.data.map((c) => (
            <Table.Tr key={c.studentId}>
              <Table.Td>
                <Link to={`/students/${c.studentId}`}>
                  {c.name} ({c.reference})
                </Link>
              </Table.Td>
              <Table.Td>{formatDate(c.givenOn)}</Table.Td>
              <Table.Td>{formatDate(c.reviewOn)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Card>
  );
}

function Retention() {
  const settings = useApiQuery('settings.get', {}, { quietErrors: true });
  const due = useApiQuery('privacy.retention.due', {}, { quietErrors: true });
  const [years, setYears] = useState<number | string>('');
  const [chosen, setChosen] = useState<number[]>([]);
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const save = useApiMutation('settings.update', { invalidate: ['settings.', 'privacy.'], onError: (e) => setError(Object.values(e.fields ?? {})[0] ?? errorMessage(e)) });
  const anonymise = useApiMutation('privacy.anonymise', {
    invalidate: ['privacy.', 'students.'],
    handles: ['VALIDATION', 'CONFLICT'],
    onSuccess: (r) => {
      setConfirming(false);
      setChosen([]);
      notifications.show({ message: `${r.anonymised} record${r.anonymised === 1 ? '' : 's'} anonymised.`, color: 'calm', withBorder: true });
    },
    onError: (e) => setError(e.fields?.reason ?? errorMessage(e)),
  });
  const current = settings.data?.retentionYearsAfterLastAttendance;
  return (
    <Card withBorder padding="lg" component="section" aria-label="Retention">
      <Stack>
        <Title order={2} size="h4">
          Retention and anonymisation
        </Title>
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            setError(null);
            save.mutate({ retentionYearsAfterLastAttendance: Number(years || current) });
          }}
        >
          <Group align="flex-end">
            <NumberInput
              label="Anonymise a student this many years after their last attendance"
              description="Default 8: the NHS Records Management Code of Practice (2023) keeps adult health records 8 years after care ends."
              min={1}
              max={30}
              value={years === '' ? (current ?? '') : years}
              onChange={setYears}
              w={420}
            />
            <Button type="submit" variant="default" loading={save.isPending}>
              Save
            </Button>
          </Group>
        </form>
        {due.isError && <ErrorAlert error={due.error} onRetry={() => void due.refetch()} />}
        {due.data && due.data.students.length === 0 && <Text>Nobody is due for anonymisation.</Text>}
        {due.data && due.data.students.length > 0 && (
          <>
            <Table striped aria-label="Students due for anonymisation">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>
                    <Checkbox
                      aria-label="Choose everyone listed"
                      checked={chosen.length === due.data.students.length}
                      onChange={(e) => setChosen(e.currentTarget.checked ? due.data.students.map((s) => s.id) : [])}
                    />
                  </Table.Th>
                  <Table.Th>Student</Table.Th>
                  <Table.Th>Last attended</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {due.data.students.map((s) => (
                  <Table.Tr key={s.id}>
                    <Table.Td>
                      <Checkbox
                        aria-label={`Choose ${s.name}`}
                        checked={chosen.includes(s.id)}
                        onChange={(e) => setChosen((c) => (e.currentTarget.checked ? [...c, s.id] : c.filter((x) => x !== s.id)))}
                      />
                    </Table.Td>
                    <Table.Td>
                      {s.name} ({s.reference})
                    </Table.Td>
                    <Table.Td>{s.lastAttended ? formatDate(s.lastAttended) : `Never (record made ${formatDate(s.createdAt.slice(0, 10))})`}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <Button w="fit-content" color="red" variant="default" aria-haspopup="dialog" disabled={chosen.length === 0} onClick={() => setConfirming(true)}>
              Anonymise the {chosen.length} chosen…
            </Button>
          </>
        )}
      </Stack>
      <Modal opened={confirming} onClose={() => setConfirming(false)} title={`Anonymise ${chosen.length} record${chosen.length === 1 ? '' : 's'} for good?`}>
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            setError(null);
            anonymise.mutate({ studentIds: chosen, reason, confirm: true });
          }}
        >
          <Stack>
            <Alert color="red">This cannot be undone. Every personal detail of these students will be removed; their attendance and scores stay for the figures.</Alert>
            <Textarea label="Reason (kept in the audit log)" required value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={error} autosize minRows={2} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setConfirming(false)} data-autofocus>
                Keep the records
              </Button>
              <Button type="submit" color="red" loading={anonymise.isPending}>
                Anonymise {chosen.length}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Card>
  );
}
