// Course runs by term: what is on, where, who delivers it, how full it is; coordinators offer a course in a term here.
import { Alert, Anchor, Button, Card, Group, NativeSelect, NumberInput, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { collegeToday, formatDate } from '../../src-main/contract/dates';
import { applyApiErrors } from '../api/forms';
import { useApiMutation, useApiQuery } from '../api/hooks';
import { useCurrentStaff } from '../app/auth-context';
import { ErrorAlert } from '../components/ErrorAlert';
import { Page } from '../components/Page';
import { CoDeliveryBadge, ScheduleNav, TermSelect, toId } from './shared';
import { plural } from '../components/words';

function NewRunForm({ defaultTermId }: { defaultTermId: string }) {
  const navigate = useNavigate();
  const courses = useApiQuery('scheduling.listCourses', {});
  const venues = useApiQuery('scheduling.listVenues', {});
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: { courseId: '', termId: defaultTermId, venueId: '', roomId: '', capacity: '' as number | string, notes: '' },
  });
  const create = useApiMutation('scheduling.createRun', {
    invalidate: ['scheduling.'],
    onSuccess: (run) => navigate(`/schedule/runs/${run.id}`),
    onError: (e) => setFormError(applyApiErrors(form, e)),
  });
  const venue = venues.data?.find((v) => String(v.id) === form.values.venueId);
  const course = courses.data?.find((c) => String(c.id) === form.values.courseId);
  return (
    <Card withBorder>
      <form
        noValidate
        aria-labelledby="new-run"
        onSubmit={form.onSubmit((v) => {
          setFormError(null);
          const missing: Record<string, string> = {};
          if (!v.courseId) missing.courseId = 'Please choose a course.';
          if (!v.termId) missing.termId = 'Please choose a term.';
          if (!v.venueId) missing.venueId = 'Please choose a venue.';
          if (Object.keys(missing).length) return form.setErrors(missing);
          create.mutate({
            courseId: Number(v.courseId),
            termId: Number(v.termId),
            venueId: Number(v.venueId),
            roomId: toId(v.roomId),
            capacity: v.capacity === '' ? undefined : Number(v.capacity),
            notes: v.notes,
          });
        })}
      >
        <Stack>
          <Title order={2} size="h4" id="new-run">
            Offer a course in a term
          </Title>
          <NativeSelect
            label="Course"
            required
            data={[{ value: '', label: 'Choose a course…' }, ...(courses.data ?? []).map((c) => ({ value: String(c.id), label: c.title }))]}
            {...form.getInputProps('courseId')}
          />
          <TermSelect label="Term" required allowNone="Choose a term…" {...form.getInputProps('termId')} />
          <Group grow align="flex-start">
            <NativeSelect
              label="Venue"
              required
              data={[{ value: '', label: 'Choose a venue…' }, ...(venues.data ?? []).map((v) => ({ value: String(v.id), label: v.name }))]}
              {...form.getInputProps('venueId')}
              onChange={(e) => {
                form.setFieldValue('venueId', e.currentTarget.value);
                form.setFieldValue('roomId', '');
              }}
            />
            <NativeSelect
              label="Room"
              data={[{ value: '', label: 'No room yet' }, ...(venue?.rooms ?? []).map((r) => ({ value: String(r.id), label: `${r.name} (holds ${r.capacity})` }))]}
              {...form.getInputProps('roomId')}
            />
          </Group>
          <NumberInput
            label="Places"
            description={course ? `Leave empty for the course’s usual ${course.defaultCapacity}` : 'Leave empty for the course’s usual number'}
            min={1}
            max={500}
            allowDecimal={false}
            {...form.getInputProps('capacity')}
          />
          <TextInput label="Notes" {...form.getInputProps('notes')} />
          {formError && (
            <Alert color="red" role="alert">
              {formError}
            </Alert>
          )}
          <Button type="submit" loading={create.isPending} w="fit-content">
            Create course run
          </Button>
        </Stack>
      </form>
    </Card>
  );
}

export function RunsPage() {
  const { can } = useCurrentStaff();
  const terms = useApiQuery('scheduling.listTerms', {});
  const [termId, setTermId] = useState<string>('');
  const today = collegeToday();
  // Default: the term running now, else the next one to start, else the latest.
  const upcoming = [...(terms.data ?? [])].reverse().find((t) => t.endsOn >= today) ?? terms.data?.[0];
  const chosen = termId || (upcoming ? String(upcoming.id) : '');
  const runs = useApiQuery('scheduling.listRuns', chosen ? { termId: Number(chosen) } : {}, { quietErrors: true });
  return (
    <Page title="Course runs">
      <ScheduleNav />
      <TermSelect label="Term" value={chosen} onChange={(e) => setTermId(e.currentTarget.value)} w={280} />
      {runs.error && <ErrorAlert error={runs.error} onRetry={() => void runs.refetch()} />}
      <Table.ScrollContainer minWidth={900}>
        <Table striped highlightOnHover aria-label="Course runs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Course</Table.Th>
              <Table.Th>Where</Table.Th>
              <Table.Th>Dates</Table.Th>
              <Table.Th>Places</Table.Th>
              <Table.Th>Team</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(runs.data ?? []).map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/schedule/runs/${r.id}`} fw={500}>
                    {r.courseTitle}
                  </Anchor>
                  <Text size="sm" c="dimmed">
                    {r.termName}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {r.venueName}
                  {r.roomName ? `, ${r.roomName}` : ''}
                </Table.Td>
                <Table.Td>
                  {r.sessionCount > 0 ? `${plural(r.sessionCount, 'session')}, ${formatDate(r.firstDate)} – ${formatDate(r.lastDate)}` : <Text c="dimmed">No sessions yet</Text>}
                </Table.Td>
                <Table.Td>
                  {r.enrolledCount} of {r.capacity}
                  {r.waitingCount > 0 && `, ${r.waitingCount} waiting`}
                </Table.Td>
                <Table.Td>
                  <Stack gap={2}>
                    <Text size="sm">{r.facilitators.map((f) => f.name).join(', ') || 'Nobody yet'}</Text>
                    <CoDeliveryBadge run={r} />
                  </Stack>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {runs.data?.length === 0 && <Text c="dimmed">No course runs in this term yet.</Text>}
      {can('schedule.plan') && <NewRunForm defaultTermId={chosen} key={chosen} />}
    </Page>
  );
}
