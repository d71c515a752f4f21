// A student's attendance on each course run, for their record page: `<StudentAttendancePanel studentId={id} />`.
import { Anchor, Card, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useApiQuery } from '../api/hooks';
import { useCurrentStaff } from '../app/auth-context';
import { ErrorAlert } from '../components/ErrorAlert';
import { placeStatusText } from './place-status';

export function StudentAttendancePanel({ studentId }: { studentId: number }) {
  const { can } = useCurrentStaff();
  const q = useApiQuery('registers.studentAttendance', { studentId }, { quietErrors: true });
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-label="Attendance">
      <Title order={2} size="h4" mb="sm">
        Attendance
      </Title>
      {q.error && <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />}
      {q.data?.runs.length === 0 && <Text c="dimmed">No sessions to count yet.</Text>}
      {!!q.data?.runs.length && (
        <>
          <Table aria-label="Attendance on each course">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Course</Table.Th>
                <Table.Th>Attended</Table.Th>
                <Table.Th>Rate</Table.Th>
                <Table.Th>Completion</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {q.data.runs.map((r) => (
                <Table.Tr key={r.courseRunId}>
                  <Table.Td>
                    {can('schedule.read') ? (
                      <Anchor component={Link} to={`/registers/runs/${r.courseRunId}`}>
                        {r.courseTitle}
                      </Anchor>
                    ) : (
                      r.courseTitle
                    )}
                    <Text size="sm" c="dimmed">
                      {r.termName}
                      {r.status === 'withdrawn' ? ' · withdrawn' : ''}
                    </Text>
                  </Table.Td>
                  <Table.Td>{r.held === 0 ? 'No sessions held yet' : `${r.attended} of ${r.held} sessions`}</Table.Td>
                  <Table.Td>{r.ratePercent === null ? '—' : `${r.ratePercent}%`}</Table.Td>
                  <Table.Td>{placeStatusText(r)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Text size="sm" c="dimmed" mt="xs">
            Completion means attending at least {q.data.thresholdPercent}% of the sessions held since enrolling. Cancelled sessions never count.
          </Text>
        </>
      )}
    </Card>
  );
}
