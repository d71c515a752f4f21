// A course run's attendance: each session's register, each student's rate and whether they have completed so far.
import { Alert, Anchor, Button, Group, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { formatDate } from '../../src-main/contract/dates';
import { errorMessage, useApiQuery } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { Page } from '../components/Page';
import { saveExport } from '../files';
import { placeStatusText } from './place-status';
import { registerPath } from './SessionList';
import { Loading } from '../components/Loading';

const STATUS: Record<string, string> = { enrolled: 'Enrolled', withdrawn: 'Withdrawn', waiting: 'Waiting list' };

export function RunAttendancePage() {
  const courseRunId = Number(useParams().id);
  const q = useApiQuery('registers.runAttendance', { courseRunId }, { quietErrors: true });
  const [printing, setPrinting] = useState(false);
  const [printError, setPrintError] = useState<string | null>(null);

  if (q.isPending) {
    return (
      <Page title="Course run attendance">
        <Loading label="Loading attendance" />
      </Page>
    );
  }
  if (q.error) {
    return (
      <Page title="Course run attendance">
        <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />
      </Page>
    );
  }
  const r = q.data;
  const print = async () => {
    setPrinting(true);
    setPrintError(null);
    try {
      await saveExport('registers.printRun', { courseRunId });
    } catch (e) {
      setPrintError(errorMessage(e));
    } finally {
      setPrinting(false);
    }
  };

  return (
    <Page
      title={`Attendance: ${r.courseTitle}`}
      actions={
        <Button variant="default" onClick={() => void print()} loading={printing}>
          Print every register (PDF)
        </Button>
      }
    >
      <Text>
        {r.termName} · {r.heldSessions} session{r.heldSessions === 1 ? '' : 's'} held so far · completion means attending at least {r.thresholdPercent}% of
        the sessions held since enrolling · {r.completers} of {r.students.length} on track to complete. Cancelled sessions never count against anyone.
      </Text>
      {printError && (
        <Alert color="red" role="alert" title="The registers could not be printed">
          {printError}
        </Alert>
      )}

      <Title order={2} size="h4">
        Students
      </Title>
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Name</Table.Th>
            <Table.Th scope="col">Place</Table.Th>
            <Table.Th scope="col">Attended</Table.Th>
            <Table.Th scope="col">Rate</Table.Th>
            <Table.Th scope="col">Completion</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {r.students.map((s) => (
            <Table.Tr key={s.studentId}>
              <Table.Td>
                {s.firstName} {s.surname} <Text span size="xs" c="dimmed">{s.reference}</Text>
              </Table.Td>
              <Table.Td>
                {STATUS[s.status]}
                {s.status === 'withdrawn' && s.withdrawnOn ? ` on ${formatDate(s.withdrawnOn)}` : ''}
              </Table.Td>
              <Table.Td>
                {s.attended} of {s.held}
              </Table.Td>
              <Table.Td>{s.ratePercent === null ? '—' : `${s.ratePercent}%`}</Table.Td>
              <Table.Td>{placeStatusText(s)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>

      <Title order={2} size="h4">
        Sessions
      </Title>
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Date</Table.Th>
            <Table.Th scope="col">Register</Table.Th>
            <Table.Th scope="col">Attended</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {r.sessions.map((s) => (
            <Table.Tr key={s.sessionId}>
              <Table.Td>
                {s.cancelled ? (
                  `${formatDate(s.date)}, ${s.startTime}`
                ) : (
                  <Anchor component={Link} to={registerPath(s.sessionId)}>
                    {formatDate(s.date)}, {s.startTime}
                  </Anchor>
                )}
              </Table.Td>
              <Table.Td>
                {s.cancelled ? 'Cancelled (no register)' : !s.held ? 'Not yet held' : s.marked >= s.expected ? 'Complete' : `${s.expected - s.marked} still to mark`}
              </Table.Td>
              <Table.Td>{s.cancelled || !s.held ? '—' : `${s.attended} of ${s.expected}`}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group>
        <Anchor component={Link} to="/registers">
          Back to registers
        </Anchor>
      </Group>
    </Page>
  );
}
