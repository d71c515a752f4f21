// Facilitators: staff, peer trainers and volunteers; a peer trainer who is a student is linked to their record.
import { Alert, Badge, Button, Group, Menu, NativeSelect, Stack, Switch, Text, TextInput } from '@mantine/core';
import { keepPreviousData } from '@tanstack/react-query';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { FACILITATOR_KINDS, type FACILITATOR_SORTS, type Facilitator } from '../../src-main/contract/scheduling';
import { AddDialog, DataTable, ListToolbar, useListState, type Column } from '../components/ListPage';

type FacilitatorSort = (typeof FACILITATOR_SORTS)[number];
import { applyApiErrors } from '../api/forms';
import { useApiMutation, useApiQuery } from '../api/hooks';
import { useCurrentStaff } from '../app/auth-context';
import { Page } from '../components/Page';
import { StudentPicker } from './StudentPicker';
import { ImportButton } from '../imports/ImportButton';
import { ScheduleNav, kindLabel } from './shared';
import { RowMenu } from '../components/RowMenu';
import { useConfirm } from '../components/useConfirm';

function NewFacilitatorForm({ onDone }: { onDone: () => void }) {
  const [formError, setFormError] = useState<string | null>(null);
  const [student, setStudent] = useState<{ id: number; label: string } | null>(null);
  const form = useForm({ mode: 'uncontrolled', initialValues: { firstName: '', surname: '', kind: 'staff', email: '', phone: '', notes: '' } });
  const create = useApiMutation('scheduling.createFacilitator', {
    invalidate: ['scheduling.'],
    onSuccess: () => onDone(),
    onError: (e) => setFormError(applyApiErrors(form, e)),
  });
  return (
      <form
        noValidate
        aria-label="Add a facilitator"
        onSubmit={form.onSubmit((v) => {
          setFormError(null);
          create.mutate({ ...v, kind: v.kind as Facilitator['kind'], studentId: student?.id ?? null });
        })}
      >
        <Stack>
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
          <Group>
            <Button type="submit" loading={create.isPending}>
              Add facilitator
            </Button>
            <Button variant="default" onClick={onDone}>
              Cancel
            </Button>
          </Group>
        </Stack>
      </form>
  );
}

export function FacilitatorsPage() {
  const { can } = useCurrentStaff();
  const planner = can('schedule.plan');
  const [showInactive, setShowInactive] = useState(false);
  const [kind, setKind] = useState<Facilitator['kind'] | ''>('');
  const list = useListState<FacilitatorSort>('surname');
  const facilitators = useApiQuery(
    'scheduling.facilitatorsPage',
    { query: list.searched, kind: kind || undefined, includeInactive: showInactive, ...list.input },
    { quietErrors: true, placeholderData: keepPreviousData },
  );
  const update = useApiMutation('scheduling.updateFacilitator', { invalidate: ['scheduling.'] });
  const [confirm, confirmDialog] = useConfirm();
  const setActive = (f: Facilitator, active: boolean) =>
    update.mutateAsync({ id: f.id, fields: { firstName: f.firstName, surname: f.surname, kind: f.kind, email: f.email, phone: f.phone, studentId: f.studentId, active, notes: f.notes } });
  const columns: Column<Facilitator, FacilitatorSort>[] = [
    {
      header: 'Name',
      sort: 'surname',
      render: (f) => (
        <>
          {f.name}{' '}
          {!f.active && (
            <Badge color="gray" size="sm">
              No longer facilitating
            </Badge>
          )}
        </>
      ),
    },
    { header: 'Role', sort: 'kind', render: (f) => kindLabel(f.kind) },
    { header: 'Contact', sort: 'email', render: (f) => [f.email, f.phone].filter(Boolean).join(' · ') || '—' },
    { header: 'Student record', render: (f) => f.studentReference ?? '—' },
  ];
  if (planner)
    columns.push({
      header: 'Actions',
      hideHeader: true,
      render: (f) => (
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
      ),
    });
  return (
    <Page title="Facilitators" actions={<ImportButton kind="facilitators" />}>
      <ScheduleNav />
      <ListToolbar
        search={{ label: 'Find a facilitator', value: list.search, onChange: list.setSearch, placeholder: 'Name, email or phone' }}
        filters={
          <>
            <NativeSelect
              label="Role"
              data={[{ value: '', label: 'Everyone' }, ...Object.entries(FACILITATOR_KINDS).map(([value, label]) => ({ value, label }))]}
              value={kind}
              onChange={(e) => {
                setKind(e.currentTarget.value as Facilitator['kind'] | '');
                list.restart();
              }}
              w={180}
            />
            <Switch
              label="Show people no longer facilitating"
              checked={showInactive}
              onChange={(e) => {
                setShowInactive(e.currentTarget.checked);
                list.restart();
              }}
              mb={8}
            />
          </>
        }
        add={planner && <AddDialog label="Add a facilitator">{(close) => <NewFacilitatorForm onDone={close} />}</AddDialog>}
      />
      <DataTable
        label="Facilitators"
        columns={columns}
        query={facilitators}
        list={list}
        rowKey={(f) => f.id}
        noun={['facilitator', 'facilitators']}
        empty={list.searched || kind ? 'No facilitators match. Try fewer words or another role.' : 'No facilitators yet.'}
        rowProps={(f) => ({ 'data-search-row': f.id })}
      />
      {confirmDialog}
    </Page>
  );
}
