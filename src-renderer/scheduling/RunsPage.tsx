// Course runs by term: what is on, where, who delivers it, how full it is; coordinators offer a course in a term here.
import { Alert, Anchor, Button, Group, NativeSelect, NumberInput, Stack, Text, TextInput } from '@mantine/core';
import { keepPreviousData } from '@tanstack/react-query';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { collegeToday, formatDate } from '../../src-main/contract/dates';
import type { RUN_SORTS, RunSummary } from '../../src-main/contract/scheduling';
import { AddDialog, DataTable, ListToolbar, useListState, type Column } from '../components/ListPage';

type RunSort = (typeof RUN_SORTS)[number];
import { applyApiErrors } from '../api/forms';
import { useApiMutation, useApiQuery } from '../api/hooks';
import { useCurrentStaff } from '../app/auth-context';
import { Page } from '../components/Page';
import { CoDeliveryBadge, ScheduleNav, TermSelect, toId } from './shared';
import { plural } from '../components/words';

function NewRunForm({ defaultTermId, onDone }: { defaultTermId: string; onDone: () => void }) {
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
      <form
        noValidate
        aria-label="Offer a course in a term"
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
          <Group>
            <Button type="submit" loading={create.isPending}>
              Create course run
            </Button>
            <Button variant="default" onClick={onDone}>
              Cancel
            </Button>
          </Group>
        </Stack>
      </form>
  );
}

export function RunsPage() {
  const { can } = useCurrentStaff();
  const terms = useApiQuery('scheduling.listTerms', {});
  const [termId, setTermId] = useState<string>('');
  const [venueId, setVenueId] = useState('');
  const venues = useApiQuery('scheduling.listVenues', {});
  const today = collegeToday();
  // Default: the term running now, else the next one to start, else the latest; "All terms" is the empty choice.
  const upcoming = [...(terms.data ?? [])].reverse().find((t) => t.endsOn >= today) ?? terms.data?.[0];
  const chosen = termId === 'all' ? '' : termId || (upcoming ? String(upcoming.id) : '');
  const list = useListState<RunSort>('course');
  const runs = useApiQuery(
    'scheduling.listRuns',
    { query: list.searched, termId: chosen ? Number(chosen) : undefined, venueId: venueId ? Number(venueId) : undefined, ...list.input },
    { quietErrors: true, placeholderData: keepPreviousData, enabled: terms.isSuccess },
  );
  const columns: Column<RunSummary, RunSort>[] = [
    {
      header: 'Course',
      sort: 'course',
      render: (r) => (
        <>
          <Anchor component={Link} to={`/schedule/runs/${r.id}`} fw={500} size="sm">
            {r.courseTitle}
          </Anchor>
          <Text size="xs" c="dimmed">
            {r.termName}
          </Text>
        </>
      ),
    },
    { header: 'Where', sort: 'venue', render: (r) => `${r.venueName}${r.roomName ? `, ${r.roomName}` : ''}` },
    {
      header: 'Dates',
      sort: 'starts',
      render: (r) =>
        r.sessionCount > 0 ? (
          `${plural(r.sessionCount, 'session')}, ${formatDate(r.firstDate)} – ${formatDate(r.lastDate)}`
        ) : (
          <Text c="dimmed" size="sm">
            No sessions yet
          </Text>
        ),
    },
    {
      header: 'Places',
      sort: 'enrolled',
      firstDirection: 'desc',
      render: (r) => `${r.enrolledCount} of ${r.capacity}${r.waitingCount > 0 ? `, ${r.waitingCount} waiting` : ''}`,
    },
    {
      header: 'Team',
      render: (r) => (
        <Stack gap={2}>
          <Text size="sm">{r.facilitators.map((f) => f.name).join(', ') || 'Nobody yet'}</Text>
          <CoDeliveryBadge run={r} />
        </Stack>
      ),
    },
  ];
  return (
    <Page title="Course runs">
      <ScheduleNav />
      <ListToolbar
        search={{ label: 'Find a course run', value: list.search, onChange: list.setSearch, placeholder: 'Course title' }}
        filters={
          <>
            <TermSelect
              label="Term"
              allowNone="All terms"
              value={termId === 'all' ? '' : chosen}
              onChange={(e) => {
                setTermId(e.currentTarget.value || 'all');
                list.restart();
              }}
              w={220}
            />
            <NativeSelect
              label="Venue"
              data={[{ value: '', label: 'All venues' }, ...(venues.data ?? []).map((v) => ({ value: String(v.id), label: v.name }))]}
              value={venueId}
              onChange={(e) => {
                setVenueId(e.currentTarget.value);
                list.restart();
              }}
              w={200}
            />
          </>
        }
        add={
          can('schedule.plan') && (
            <AddDialog label="Offer a course" title="Offer a course in a term">
              {(close) => <NewRunForm defaultTermId={chosen} onDone={close} />}
            </AddDialog>
          )
        }
      />
      <DataTable
        label="Course runs"
        columns={columns}
        query={runs}
        list={list}
        rowKey={(r) => r.id}
        noun={['course run', 'course runs']}
        empty={list.searched ? `No course runs match “${list.searched}”.` : chosen ? 'No course runs in this term yet.' : 'No course runs yet.'}
      />
    </Page>
  );
}
