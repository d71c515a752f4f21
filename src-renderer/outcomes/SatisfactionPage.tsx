// Anonymous course satisfaction forms, typed in from paper: choose the course run, enter each form, see the results.
import { Alert, Button, Card, Group, NativeSelect, Radio, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { collegeToday, formatDate } from '../../src-main/contract/dates';
import { errorMessage } from '../api/client';
import { useApiMutation, useApiQuery } from '../api/hooks';
import { useCurrentStaff } from '../app/auth-context';
import { Page } from '../components/Page';
import { RequirePermission } from '../components/RequirePermission';
import { DateField } from '../dates/DateField';

function Inner() {
  const { can } = useCurrentStaff();
  const runs = useApiQuery('outcomes.courseRunOptions', { query: '' });
  const [runId, setRunId] = useState('');
  const [rating, setRating] = useState('');
  const [recommend, setRecommend] = useState('');
  const [comment, setComment] = useState('');
  const [receivedOn, setReceivedOn] = useState(collegeToday());
  const [error, setError] = useState<string | null>(null);
  const summary = useApiQuery('outcomes.satisfactionForRun', { courseRunId: Number(runId) }, { enabled: !!runId });
  const save = useApiMutation('outcomes.recordSatisfaction', {
    invalidate: ['outcomes.satisfactionForRun'],
    onSuccess: () => {
      setRating('');
      setRecommend('');
      setComment('');
    },
    onError: (e) => setError(errorMessage(e)),
  });
  return (
    <Page title="Satisfaction forms">
      <NativeSelect
        label="Course run"
        value={runId}
        onChange={(e) => setRunId(e.currentTarget.value)}
        data={[
          { value: '', label: 'Choose a course run…' },
          ...(runs.data ?? []).map((r) => ({ value: String(r.courseRunId), label: `${r.courseTitle} — ${r.termName}${r.lastSession ? ` (ends ${formatDate(r.lastSession)})` : ''}` })),
        ]}
      />
      {runId && can('outcomes.enter') && (
        <Card withBorder padding="lg">
          <form
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              setError(null);
              save.mutate({
                courseRunId: Number(runId),
                receivedOn,
                rating: rating ? Number(rating) : null,
                wouldRecommend: recommend === '' ? null : recommend === 'yes',
                comment,
              });
            }}
          >
            <Stack>
              <Title order={2} size="h4">
                Enter a form
              </Title>
              <Text size="sm" c="dimmed">
                Forms are anonymous: nothing here is linked to a student.
              </Text>
              <Radio.Group label="Overall rating (1 = poor, 5 = excellent)" value={rating} onChange={setRating}>
                <Group mt="xs">
                  {['1', '2', '3', '4', '5'].map((v) => (
                    <Radio key={v} value={v} label={v} />
                  ))}
                  <Radio value="" label="Left blank" />
                </Group>
              </Radio.Group>
              <Radio.Group label="Would recommend the course" value={recommend} onChange={setRecommend}>
                <Group mt="xs">
                  <Radio value="yes" label="Yes" />
                  <Radio value="no" label="No" />
                  <Radio value="" label="Left blank" />
                </Group>
              </Radio.Group>
              <Textarea label="Comments" value={comment} onChange={(e) => setComment(e.currentTarget.value)} autosize minRows={2} />
              <DateField label="Date received" value={receivedOn} maxDate={collegeToday()} onChange={setReceivedOn} />
              {error && (
                <Alert color="red" role="alert">
                  {error}
                </Alert>
              )}
              <Button type="submit" w="fit-content" loading={save.isPending}>
                Save this form
              </Button>
            </Stack>
          </form>
        </Card>
      )}
      {summary.data && (
        <Card withBorder padding="lg" component="section" aria-label="Results">
          <Title order={2} size="h4">
            {summary.data.courseTitle}: {summary.data.responses.length} forms
          </Title>
          <Text>
            Mean rating {summary.data.meanRating ?? '–'}; would recommend {summary.data.recommendPercent === null ? '–' : `${summary.data.recommendPercent}%`}.
          </Text>
          <Table aria-label="Forms entered">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Received</Table.Th>
                <Table.Th>Rating</Table.Th>
                <Table.Th>Recommend</Table.Th>
                <Table.Th>Comment</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {summary.data.responses.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>{formatDate(r.receivedOn)}</Table.Td>
                  <Table.Td>{r.rating ?? 'Blank'}</Table.Td>
                  <Table.Td>{r.wouldRecommend === null ? 'Blank' : r.wouldRecommend ? 'Yes' : 'No'}</Table.Td>
                  <Table.Td>{r.comment}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
      )}
    </Page>
  );
}

export function SatisfactionPage() {
  return (
    <RequirePermission permission="outcomes.read" title="Satisfaction forms">
      <Inner />
    </RequirePermission>
  );
}
