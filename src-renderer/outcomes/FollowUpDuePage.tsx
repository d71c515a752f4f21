// Students whose follow-up wellbeing questionnaire is due or overdue, with a link to enter it.
import { Anchor, Badge, Checkbox, Text } from '@mantine/core';
import { keepPreviousData } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useState } from 'react';
import { formatDate } from '../../src-main/contract/dates';
import { QUESTIONNAIRE_TIMEPOINTS, type FollowUpDue, type QUESTIONNAIRE_DUE_SORTS } from '../../src-main/contract/outcomes';
import { useApiQuery } from '../api/hooks';
import { ExportButton } from '../components/ExportButton';
import { DataTable, ListToolbar, useListState, type Column } from '../components/ListPage';
import { Page } from '../components/Page';
import { RequirePermission } from '../components/RequirePermission';

type DueSort = (typeof QUESTIONNAIRE_DUE_SORTS)[number];

const columns: Column<FollowUpDue, DueSort>[] = [
  {
    header: 'Student',
    sort: 'student',
    render: (d) => (
      <>
        <Anchor component={Link} to={`/students/${d.studentId}/outcomes`} size="sm">
          {d.name}
        </Anchor>{' '}
        <Text span size="xs" c="dimmed">
          {d.reference}
        </Text>
      </>
    ),
  },
  { header: 'Course', sort: 'course', render: (d) => d.courseTitle },
  { header: 'Questionnaire', sort: 'questionnaire', render: (d) => QUESTIONNAIRE_TIMEPOINTS[d.timepoint] },
  {
    header: 'Due',
    sort: 'due',
    render: (d) => (
      <>
        {formatDate(d.dueOn)}{' '}
        {d.overdue ? (
          <Badge color="orange" variant="light" size="sm">
            Overdue
          </Badge>
        ) : (
          <Badge color="gray" variant="light" size="sm">
            Due
          </Badge>
        )}
      </>
    ),
  },
];

function Inner() {
  const list = useListState<DueSort>('due');
  const [overdueOnly, setOverdueOnly] = useState(false);
  const due = useApiQuery('outcomes.questionnairesDue', { query: list.searched, overdueOnly, ...list.input }, { quietErrors: true, placeholderData: keepPreviousData });
  return (
    <Page title="Questionnaires due" actions={<ExportButton list="questionnairesDue" filter={{}} />}>
      <Text size="sm" c="dimmed">
        End-of-course questionnaires are due from the last week of a course and overdue two weeks after it; the optional 3- and 6-month ones are
        asked of students who answered at the end of their course.
      </Text>
      <ListToolbar
        search={{ label: 'Find a student or course', value: list.search, onChange: list.setSearch, placeholder: 'Name, reference or course' }}
        filters={
          <Checkbox
            label="Only overdue ones"
            checked={overdueOnly}
            onChange={(e) => {
              setOverdueOnly(e.currentTarget.checked);
              list.restart();
            }}
            mb={8}
          />
        }
      />
      <DataTable
        label="Questionnaires due"
        columns={columns}
        query={due}
        list={list}
        rowKey={(d) => `${d.studentId}-${d.courseRunId}-${d.timepoint}`}
        noun={['questionnaire', 'questionnaires']}
        empty={list.searched || overdueOnly ? 'None due match these choices.' : 'No questionnaires are due at the moment.'}
      />
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
