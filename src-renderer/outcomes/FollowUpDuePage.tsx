// Students whose follow-up wellbeing questionnaire is due or overdue, with a link to enter it.
import { Anchor, Badge, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { formatDate } from '../../src-main/contract/dates';
import { QUESTIONNAIRE_TIMEPOINTS } from '../../src-main/contract/outcomes';
import { useApiQuery } from '../api/hooks';
import { ErrorAlert } from '../components/ErrorAlert';
import { ExportButton } from '../components/ExportButton';
import { Page } from '../components/Page';
import { RequirePermission } from '../components/RequirePermission';
import { Loading } from '../components/Loading';

function Inner() {
  const due = useApiQuery('outcomes.followUpDue', {}, { quietErrors: true });
  return (
    <Page title="Questionnaires due" actions={<ExportButton list="questionnairesDue" filter={{}} />}>
      <Text size="sm" c="dimmed">
        End-of-course questionnaires are due from the last week of a course and overdue two weeks after it; the optional 3- and 6-month ones are
        asked of students who answered at the end of their course.
      </Text>
      {due.isPending ? (
        <Loading label="Loading" />
      ) : due.isError ? (
        <ErrorAlert error={due.error} onRetry={() => void due.refetch()} />
      ) : due.data.length === 0 ? (
        <Text>No questionnaires are due at the moment.</Text>
      ) : (
        <Table striped aria-label="Questionnaires due">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Student</Table.Th>
              <Table.Th>Course</Table.Th>
              <Table.Th>Questionnaire</Table.Th>
              <Table.Th>Due</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {due.data.map((d) => (
              <Table.Tr key={`${d.studentId}-${d.courseRunId}-${d.timepoint}`}>
                <Table.Td>
                  <Anchor component={Link} to={`/students/${d.studentId}/outcomes`}>
                    {d.name}
                  </Anchor>{' '}
                  <Text span size="sm" c="dimmed">
                    {d.reference}
                  </Text>
                </Table.Td>
                <Table.Td>{d.courseTitle}</Table.Td>
                <Table.Td>{QUESTIONNAIRE_TIMEPOINTS[d.timepoint]}</Table.Td>
                <Table.Td>
                  {formatDate(d.dueOn)}{' '}
                  {d.overdue ? (
                    <Badge color="orange" variant="light">
                      Overdue
                    </Badge>
                  ) : (
                    <Badge color="gray" variant="light">
                      Due
                    </Badge>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Page>
  );
}

export function FollowUpDuePage() {
  return (
    <RequirePermission permission="outcomes.read" title="Questionnaires due">
      <Inner />
    </RequirePermission>
  );
}
