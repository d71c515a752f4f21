// A student's courses, past and present, for their record page: `<StudentCoursesPanel studentId={id} />`.
import { Anchor, Badge, Card, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { formatDate } from '../../src-main/contract/dates';
import { WITHDRAW_REASONS, type StudentCourse } from '../../src-main/contract/scheduling';
import { useApiQuery } from '../api/hooks';
import { ErrorAlert } from '../components/ErrorAlert';

const STATUS: Record<StudentCourse['status'], { label: string; color: string }> = {
  enrolled: { label: 'Enrolled', color: 'calm' },
  waiting: { label: 'Waiting list', color: 'orange' },
  withdrawn: { label: 'Withdrawn', color: 'gray' },
};
const WHEN: Record<StudentCourse['when'], string> = { past: 'Finished', current: 'Running now', future: 'Coming up' };

export function StudentCoursesPanel({ studentId }: { studentId: number }) {
  const courses = useApiQuery('scheduling.studentCourses', { studentId }, { quietErrors: true });
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-label="Courses">
      <Title order={2} size="h4" mb="sm">
        Courses
      </Title>
      {courses.error && <ErrorAlert error={courses.error} onRetry={() => void courses.refetch()} />}
      {courses.data?.length === 0 && <Text c="dimmed">Not enrolled on any course yet.</Text>}
      {!!courses.data?.length && (
        <Table aria-label="Courses, past and present">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Course</Table.Th>
              <Table.Th>Dates</Table.Th>
              <Table.Th>Status</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {courses.data.map((c) => (
              <Table.Tr key={c.runId}>
                <Table.Td>
                  <Anchor component={Link} to={`/schedule/runs/${c.runId}`}>
                    {c.courseTitle}
                  </Anchor>
                  <Text size="sm" c="dimmed">
                    {c.termName}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {c.firstDate ? `${formatDate(c.firstDate)} – ${formatDate(c.lastDate)}` : 'Dates to be set'}
                  <Text size="sm" c="dimmed">
                    {WHEN[c.when]}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Badge color={STATUS[c.status].color} variant="light">
                    {STATUS[c.status].label}
                  </Badge>
                  {c.status === 'withdrawn' && (
                    <Text size="sm">
                      {formatDate(c.withdrawnOn)}: {c.withdrawReasonCode ? WITHDRAW_REASONS[c.withdrawReasonCode] : ''}
                      {c.withdrawReason ? ` — ${c.withdrawReason}` : ''}
                    </Text>
                  )}
                  {c.onBreakSince && (
                    <Badge color="yellow" variant="light" ml="xs">
                      On an agreed break since {formatDate(c.onBreakSince)}
                    </Badge>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}
