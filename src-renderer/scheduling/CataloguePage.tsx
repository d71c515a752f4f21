// The course catalogue: add courses, see how often each has run, retire (never delete) a course that has been offered.
import { Alert, Badge, Button, Card, Checkbox, Group, Modal, NumberInput, Stack, Switch, Table, Text, TextInput, Textarea, Title , Menu } from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import { useState } from 'react';
import { courseFieldsSchema, type Course } from '../../src-main/contract/scheduling';
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
  const create = useApiMutation('scheduling.createCourse', { ...opts, onSuccess: () => form.reset() });
  const update = useApiMutation('scheduling.updateCourse', { ...opts, onSuccess: () => onDone?.() });
  const titleId = course ? `edit-course-${course.id}` : 'new-course';
  return (
    <Card withBorder={!course} p={course ? 0 : undefined}>
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
          <Title order={2} size="h4" id={titleId}>
            {course ? `Change ${course.title}` : 'Add a course'}
          </Title>
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
            {course && (
              <Button variant="default" onClick={onDone}>
                Keep it as it was
              </Button>
            )}
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

export function CataloguePage() {
  const { can } = useCurrentStaff();
  const [showRetired, setShowRetired] = useState(false);
  const courses = useApiQuery('scheduling.listCourses', { includeRetired: showRetired }, { quietErrors: true });
  const retire = useApiMutation('scheduling.retireCourse', { invalidate: ['scheduling.'] });
  const remove = useApiMutation('scheduling.deleteCourse', { invalidate: ['scheduling.'], handles: ['CONFLICT'] });
  const planner = can('schedule.plan');
  const [editing, setEditing] = useState<Course | null>(null);
  const [confirm, confirmDialog] = useConfirm();
  return (
    <Page title="Course catalogue">
      <ScheduleNav />
      <Switch label="Show retired courses" checked={showRetired} onChange={(e) => setShowRetired(e.currentTarget.checked)} />
      {courses.error && <ErrorAlert error={courses.error} onRetry={() => void courses.refetch()} />}
      {remove.error && <ErrorAlert error={remove.error} />}
      <Table.ScrollContainer minWidth={700}>
        <Table striped highlightOnHover aria-label="Courses">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Title</Table.Th>
              <Table.Th>Category</Table.Th>
              <Table.Th>Sessions</Table.Th>
              <Table.Th>Places</Table.Th>
              <Table.Th>Runs</Table.Th>
              {planner && <Table.Th>Actions</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(courses.data ?? []).map((c) => (
              <Table.Tr key={c.id} data-search-row={c.id}>
                <Table.Td>
                  <Text fw={500}>{c.title}</Text>
                  <Group gap={4}>
                    {c.coProduced && <Badge variant="light">Co-produced</Badge>}
                    {c.peerTraining && <Badge variant="light" color="grape">Peer training</Badge>}
                    {c.retiredAt && <Badge variant="light" color="gray">Retired</Badge>}
                  </Group>
                </Table.Td>
                <Table.Td>{c.category ?? '—'}</Table.Td>
                <Table.Td>
                  {c.sessionsCount} × {c.defaultSessionMinutes} min
                </Table.Td>
                <Table.Td>{c.defaultCapacity}</Table.Td>
                <Table.Td>{c.runCount}</Table.Td>
                {planner && (
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
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
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {courses.data?.length === 0 && <Text c="dimmed">No courses yet.</Text>}
      {confirmDialog}
      {planner && <CourseForm />}
      {editing && (
        <Modal opened onClose={() => setEditing(null)} title="Change a course" size="lg" withCloseButton>
          <CourseForm course={editing} onDone={() => setEditing(null)} key={editing.id} />
        </Modal>
      )}
    </Page>
  );
}
