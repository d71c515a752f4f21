// The course catalogue: add courses, see how often each has run, retire (never delete) a course that has been offered.
import { Alert, Badge, Button, Checkbox, Group, Menu, Modal, NumberInput, Stack, Switch, Text, TextInput, Textarea, VisuallyHidden } from '@mantine/core';
import { keepPreviousData } from '@tanstack/react-query';
import { schemaResolver, useForm } from '@mantine/form';
import { useState } from 'react';
import { courseFieldsSchema, type Course, type COURSE_SORTS } from '../../src-main/contract/scheduling';
import { AddDialog, DataTable, ListToolbar, useListState, type Column } from '../components/ListPage';

type CourseSort = (typeof COURSE_SORTS)[number];
import { applyApiErrors } from '../api/forms';
import { useApiMutation, useApiQuery } from '../api/hooks';
import { useCurrentStaff } from '../app/auth-context';
import { ErrorAlert } from '../components/ErrorAlert';
import { Page } from '../components/Page';
import { ScheduleNav } from './shared';
import { RowMenu } from '../components/RowMenu';
import { useConfirm } from '../components/useConfirm';

const EMPTY = { title: '', description: '', category: '', sessionsCount: 6, defaultSessionMinutes: 120, defaultCapacity: 12, coProduced: true, peerTraining: false };

function CourseForm({ course, onDone }: { course?: Course; onDone?: () => void }) {
  const [formError, setFormError] = useState<string | null>(null);
  const initial = course
    ? { ...course, description: course.description ?? '', category: course.category ?? '' }
    : EMPTY;
  const form = useForm({ mode: 'uncontrolled', initialValues: initial, validate: schemaResolver(courseFieldsSchema, { sync: true }) });
  const opts = { invalidate: ['scheduling.'], onError: (e: unknown) => setFormError(applyApiErrors(form, e)) };
  const create = useApiMutation('scheduling.createCourse', { ...opts, onSuccess: () => onDone?.() });
  const update = useApiMutation('scheduling.updateCourse', { ...opts, onSuccess: () => onDone?.() });
  const titleId = course ? `edit-course-${course.id}` : 'new-course';
  return (
    <form
        noValidate
        aria-labelledby={titleId}
        onSubmit={form.onSubmit((v) => {
          setFormError(null);
          const fields = {
            title: v.title,
            description: v.description,
            category: v.category,
            sessionsCount: v.sessionsCount,
            defaultSessionMinutes: v.defaultSessionMinutes,
            defaultCapacity: v.defaultCapacity,
            coProduced: v.coProduced,
            peerTraining: v.peerTraining,
          };
          if (course) update.mutate({ id: course.id, fields });
          else create.mutate(fields);
        })}
      >
        <Stack>
          <VisuallyHidden id={titleId}>{course ? `Change ${course.title}` : 'Add a course'}</VisuallyHidden>
          <TextInput label="Title" required {...form.getInputProps('title')} key={form.key('title')} />
          <Textarea label="Description" autosize minRows={2} {...form.getInputProps('description')} key={form.key('description')} />
          <TextInput label="Category" description="For example: Understanding mental health, Living well" {...form.getInputProps('category')} key={form.key('category')} />
          <Group grow align="flex-start">
            <NumberInput label="Number of sessions" required min={1} max={52} allowDecimal={false} {...form.getInputProps('sessionsCount')} key={form.key('sessionsCount')} />
            <NumberInput label="Session length (minutes)" required min={15} max={600} step={15} allowDecimal={false} {...form.getInputProps('defaultSessionMinutes')} key={form.key('defaultSessionMinutes')} />
            <NumberInput label="Places" required min={1} max={500} allowDecimal={false} {...form.getInputProps('defaultCapacity')} key={form.key('defaultCapacity')} />
          </Group>
          <Group>
            <Checkbox label="Co-produced with peer trainers" {...form.getInputProps('coProduced', { type: 'checkbox' })} key={form.key('coProduced')} />
            <Checkbox label="Peer-training course (student to peer trainer)" {...form.getInputProps('peerTraining', { type: 'checkbox' })} key={form.key('peerTraining')} />
          </Group>
          {formError && (
            <Alert color="red" role="alert">
              {formError}
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={create.isPending || update.isPending} w="fit-content">
              {course ? 'Save changes' : 'Add course'}
            </Button>
            <Button variant="default" onClick={onDone}>
              {course ? 'Keep it as it was' : 'Cancel'}
            </Button>
          </Group>
        </Stack>
    </form>
  );
}

export function CataloguePage() {
  const { can } = useCurrentStaff();
  const [showRetired, setShowRetired] = useState(false);
  const list = useListState<CourseSort>('title');
  const courses = useApiQuery(
    'scheduling.coursesPage',
    { query: list.searched, includeRetired: showRetired, ...list.input },
    { quietErrors: true, placeholderData: keepPreviousData },
  );
  const retire = useApiMutation('scheduling.retireCourse', { invalidate: ['scheduling.'] });
  const remove = useApiMutation('scheduling.deleteCourse', { invalidate: ['scheduling.'], handles: ['CONFLICT'] });
  const planner = can('schedule.plan');
  const [editing, setEditing] = useState<Course | null>(null);
  const [confirm, confirmDialog] = useConfirm();
  const columns: Column<Course, CourseSort>[] = [
    {
      header: 'Title',
      sort: 'title',
      render: (c) => (
        <Group gap={6}>
          <Text fw={500} size="sm">
            {c.title}
          </Text>
          {c.coProduced && <Badge variant="light" size="sm">Co-produced</Badge>}
          {c.peerTraining && <Badge variant="light" color="grape" size="sm">Peer training</Badge>}
          {c.retiredAt && <Badge variant="light" color="gray" size="sm">Retired</Badge>}
        </Group>
      ),
    },
    { header: 'Category', sort: 'category', render: (c) => c.category ?? '—' },
    { header: 'Sessions', sort: 'sessions', render: (c) => `${c.sessionsCount} × ${c.defaultSessionMinutes} min` },
    { header: 'Places', sort: 'places', align: 'right', render: (c) => c.defaultCapacity },
    { header: 'Runs', sort: 'runs', align: 'right', firstDirection: 'desc', render: (c) => c.runCount },
  ];
  if (planner)
    columns.push({
      header: 'Actions',
      hideHeader: true,
      render: (c) => (
        <Group gap="xs" wrap="nowrap" justify="flex-end">
          <Button size="compact-sm" variant="default" aria-haspopup="dialog" onClick={() => setEditing(c)} aria-label={`Change ${c.title}`}>
            Change
          </Button>
          <RowMenu label={c.title}>
            {c.retiredAt ? (
              <Menu.Item onClick={() => retire.mutate({ id: c.id, retired: false })}>Bring back into the catalogue</Menu.Item>
            ) : (
              <Menu.Item
                aria-haspopup="dialog"
                onClick={() =>
                  confirm({
                    title: `Retire ${c.title}?`,
                    message: 'It will no longer be offered when planning new course runs. Its past and current runs, registers and returns stay as they are, and you can bring it back at any time.',
                    confirmLabel: 'Retire course',
                    onConfirm: () => retire.mutateAsync({ id: c.id, retired: true }),
                  })
                }
              >
                Retire…
              </Menu.Item>
            )}
            {c.runCount === 0 && (
              <Menu.Item
                color="red"
                aria-haspopup="dialog"
                onClick={() =>
                  confirm({
                    title: `Delete ${c.title}?`,
                    message: 'It has never run, so nothing else refers to it. Deleting it cannot be undone.',
                    confirmLabel: 'Delete course',
                    onConfirm: () => remove.mutateAsync({ id: c.id }),
                  })
                }
              >
                Delete…
              </Menu.Item>
            )}
          </RowMenu>
        </Group>
      ),
    });
  return (
    <Page title="Course catalogue">
      <ScheduleNav />
      <ListToolbar
        search={{ label: 'Find a course', value: list.search, onChange: list.setSearch, placeholder: 'Title or category' }}
        filters={
          <Switch
            label="Show retired courses"
            checked={showRetired}
            onChange={(e) => {
              setShowRetired(e.currentTarget.checked);
              list.restart();
            }}
            mb={8}
          />
        }
        add={planner && <AddDialog label="Add a course">{(close) => <CourseForm onDone={close} />}</AddDialog>}
      />
      {remove.error && <ErrorAlert error={remove.error} />}
      <DataTable
        label="Courses"
        columns={columns}
        query={courses}
        list={list}
        rowKey={(c) => c.id}
        noun={['course', 'courses']}
        empty={list.searched ? `No courses match “${list.searched}”.` : showRetired ? 'No courses yet.' : 'No courses in use. Add one, or show retired courses.'}
        rowProps={(c) => ({ 'data-search-row': c.id })}
      />
      {confirmDialog}
      {editing && (
        <Modal opened onClose={() => setEditing(null)} title="Change a course" size="lg" withCloseButton>
          <CourseForm course={editing} onDone={() => setEditing(null)} key={editing.id} />
        </Modal>
      )}
    </Page>
  );
}
