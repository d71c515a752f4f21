// Facilitators: staff, peer trainers and volunteers; a peer trainer who is a student is linked to their record.
import { Alert, Badge, Button, Card, Group, NativeSelect, Stack, Switch, Table, Text, TextInput, Title , Menu } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { FACILITATOR_KINDS, type Facilitator } from '../../src-main/contract/scheduling';
import { applyApiErrors } from '../api/forms';
import { useApiMutation, useApiQuery } from '../api/hooks';
import { useCurrentStaff } from '../app/auth-context';
import { ErrorAlert } from '../components/ErrorAlert';
import { Page } from '../components/Page';
import { StudentPicker } from './StudentPicker';
import { ImportButton } from '../imports/ImportButton';
import { ScheduleNav, kindLabel } from './shared';
import { RowMenu } from '../components/RowMenu';
import { useConfirm } from '../components/useConfirm';

function NewFacilitatorForm() {
  const [formError, setFormError] = useState<string | null>(null);
  const [student, setStudent] = useState<{ id: number; label: string } | null>(null);
  const form = useForm({ mode: 'uncontrolled', initialValues: { firstName: '', surname: '', kind: 'staff', email: '', phone: '', notes: '' } });
  const create = useApiMutation('scheduling.createFacilitator', {
    invalidate: ['scheduling.'],
    onSuccess: () => {
      form.reset();
      setStudent(null);
    },
    onError: (e) => setFormError(applyApiErrors(form, e)),
  });
  return (
    <Card withBorder>
      <form
        noValidate
        aria-labelledby="new-facilitator"
        onSubmit={form.onSubmit((v) => {
          setFormError(null);
          create.mutate({ ...v, kind: v.kind as Facilitator['kind'], studentId: student?.id ?? null });
        })}
      >
        <Stack>
          <Title order={2} size="h4" id="new-facilitator">
            Add a facilitator
          </Title>
          <Group grow align="flex-start">
            <TextInput label="First name" required {...form.getInputProps('firstName')} key={form.key('firstName')} />
            <TextInput label="Surname" required {...form.getInputProps('surname')} key={form.key('surname')} />
          </Group>
          <NativeSelect
            label="Role"
            required
            data={Object.entries(FACILITATOR_KINDS).map(([value, label]) => ({ value, label }))}
            {...form.getInputProps('kind')}
            key={form.key('kind')}
          />
          <Group grow align="flex-start">
            <TextInput label="Email" type="email" {...form.getInputProps('email')} key={form.key('email')} />
            <TextInput label="Phone" type="tel" {...form.getInputProps('phone')} key={form.key('phone')} />
          </Group>
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              Also a student?
            </Text>
            {student ? (
              <Group>
                <Text size="sm">Linked to {student.label}</Text>
                <Button size="compact-sm" variant="subtle" onClick={() => setStudent(null)}>
                  Remove link
                </Button>
              </Group>
            ) : (
              <StudentPicker label="Link to their student record (optional)" actionLabel="Link" onPick={(s) => setStudent({ id: s.id, label: `${s.name} (${s.reference})` })} />
            )}
          </Stack>
          <TextInput label="Notes" {...form.getInputProps('notes')} key={form.key('notes')} />
          {formError && (
            <Alert color="red" role="alert">
              {formError}
            </Alert>
          )}
          <Button type="submit" loading={create.isPending} w="fit-content">
            Add facilitator
          </Button>
        </Stack>
      </form>
    </Card>
  );
}

export function FacilitatorsPage() {
  const { can } = useCurrentStaff();
  const [showInactive, setShowInactive] = useState(false);
  const list = useApiQuery('scheduling.listFacilitators', { includeInactive: showInactive }, { quietErrors: true });
  const update = useApiMutation('scheduling.updateFacilitator', { invalidate: ['scheduling.'] });
  const [confirm, confirmDialog] = useConfirm();
  const setActive = (f: Facilitator, active: boolean) =>
    update.mutateAsync({ id: f.id, fields: { firstName: f.firstName, surname: f.surname, kind: f.kind, email: f.email, phone: f.phone, studentId: f.studentId, active, notes: f.notes } });
  return (
    <Page title="Facilitators" actions={<ImportButton kind="facilitators" />}>
      <ScheduleNav />
      <Switch label="Show people no longer facilitating" checked={showInactive} onChange={(e) => setShowInactive(e.currentTarget.checked)} />
      {list.error && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      <Table.ScrollContainer minWidth={700}>
        <Table striped aria-label="Facilitators">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Role</Table.Th>
              <Table.Th>Contact</Table.Th>
              <Table.Th>Student record</Table.Th>
              {can('schedule.plan') && <Table.Th>Actions</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(list.data ?? []).map((f) => (
              <Table.Tr key={f.id} data-search-row={f.id}>
                <Table.Td>
                  {f.name} {!f.active && <Badge color="gray">No longer facilitating</Badge>}
                </Table.Td>
                <Table.Td>{kindLabel(f.kind)}</Table.Td>
                <Table.Td>{[f.email, f.phone].filter(Boolean).join(' · ') || '—'}</Table.Td>
                <Table.Td>{f.studentReference ?? '—'}</Table.Td>
                {can('schedule.plan') && (
                  <Table.Td>
                    <RowMenu label={f.name}>
                      {f.active ? (
                        <Menu.Item
                          aria-haspopup="dialog"
                          onClick={() =>
                            confirm({
                              title: `Mark ${f.name} as no longer facilitating?`,
                              message: 'They will no longer be offered when choosing facilitators for a course run. Sessions they delivered, their claims and payments stay as they are, and you can reactivate them at any time.',
                              confirmLabel: 'No longer facilitating',
                              onConfirm: () => setActive(f, false),
                            })
                          }
                        >
                          No longer facilitating…
                        </Menu.Item>
                      ) : (
                        <Menu.Item onClick={() => void setActive(f, true).catch(() => undefined)}>Reactivate</Menu.Item>
                      )}
                    </RowMenu>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {list.data?.length === 0 && <Text c="dimmed">No facilitators yet.</Text>}
      {confirmDialog}
      {can('schedule.plan') && <NewFacilitatorForm />}
    </Page>
  );
}
