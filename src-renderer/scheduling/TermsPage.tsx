// Terms, closures (one term's or the whole college's) and the bank holidays that session generation skips.
import { Alert, Button, Card, Group, Modal, NativeSelect, SimpleGrid, Stack, Table, Text, TextInput, Title , ActionIcon } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { formatDate } from '../../src-main/contract/dates';
import type { Term } from '../../src-main/contract/scheduling';
import { applyApiErrors } from '../api/forms';
import { useApiMutation, useApiQuery } from '../api/hooks';
import { useCurrentStaff } from '../app/auth-context';
import { ErrorAlert } from '../components/ErrorAlert';
import { Page } from '../components/Page';
import { ScheduleNav, TermSelect, toId } from './shared';
import { EditFormFooter } from '../components/EditFormFooter';
import { DateField } from '../dates/DateField';
import { TrashIcon, useConfirm } from '../components/useConfirm';

function NewTermForm() {
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({ mode: 'uncontrolled', initialValues: { name: '', startsOn: '', endsOn: '' } });
  const create = useApiMutation('scheduling.createTerm', {
    invalidate: ['scheduling.'],
    onSuccess: () => form.reset(),
    onError: (e) => setFormError(applyApiErrors(form, e)),
  });
  return (
    <Card withBorder>
      <form noValidate aria-labelledby="new-term" onSubmit={form.onSubmit((v) => (setFormError(null), create.mutate(v)))}>
        <Stack>
          <Title order={2} size="h4" id="new-term">
            Add a term
          </Title>
          <TextInput label="Term name" description="For example: Autumn 2027" required {...form.getInputProps('name')} key={form.key('name')} />
          <Group grow align="flex-start">
            <DateField label="First day" required {...form.getInputProps('startsOn')} key={form.key('startsOn')} />
            <DateField label="Last day" required {...form.getInputProps('endsOn')} key={form.key('endsOn')} />
          </Group>
          {formError && (
            <Alert color="red" role="alert">
              {formError}
            </Alert>
          )}
          <Button type="submit" loading={create.isPending} w="fit-content">
            Add term
          </Button>
        </Stack>
      </form>
    </Card>
  );
}

function EditTermModal({ term, onClose }: { term: Term; onClose: () => void }) {
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({ mode: 'uncontrolled', initialValues: { name: term.name, startsOn: term.startsOn, endsOn: term.endsOn } });
  const update = useApiMutation('scheduling.updateTerm', {
    invalidate: ['scheduling.'],
    onSuccess: onClose,
    onError: (e) => setFormError(applyApiErrors(form, e, { fieldMap: { 'fields.name': 'name', 'fields.startsOn': 'startsOn', 'fields.endsOn': 'endsOn' } })),
  });
  return (
    <Modal opened onClose={onClose} title={`Change ${term.name}`}>
      <form noValidate onSubmit={form.onSubmit((v) => (setFormError(null), update.mutate({ id: term.id, fields: v })))}>
        <Stack>
          <TextInput label="Term name" required {...form.getInputProps('name')} key={form.key('name')} />
          <DateField label="First day" required {...form.getInputProps('startsOn')} key={form.key('startsOn')} />
          <DateField label="Last day" required {...form.getInputProps('endsOn')} key={form.key('endsOn')} />
          <EditFormFooter formError={formError} onClose={onClose} saving={update.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}

function NewClosureForm() {
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({ mode: 'uncontrolled', initialValues: { termId: '', startsOn: '', endsOn: '', description: '' } });
  const add = useApiMutation('scheduling.addClosure', {
    invalidate: ['scheduling.'],
    onSuccess: () => form.reset(),
    onError: (e) => setFormError(applyApiErrors(form, e)),
  });
  return (
    <Card withBorder>
      <form noValidate aria-labelledby="new-closure" onSubmit={form.onSubmit((v) => (setFormError(null), add.mutate({ ...v, termId: toId(v.termId) })))}>
        <Stack>
          <Title order={2} size="h4" id="new-closure">
            Add a closure
          </Title>
          <TermSelect label="Which term" allowNone="The whole college (every term)" {...form.getInputProps('termId')} key={form.key('termId')} />
          <Group grow align="flex-start">
            <DateField label="First closed day" required {...form.getInputProps('startsOn')} key={form.key('startsOn')} />
            <DateField label="Last closed day" required {...form.getInputProps('endsOn')} key={form.key('endsOn')} />
          </Group>
          <TextInput label="Reason" description="For example: Half-term, Christmas" required {...form.getInputProps('description')} key={form.key('description')} />
          {formError && (
            <Alert color="red" role="alert">
              {formError}
            </Alert>
          )}
          <Button type="submit" loading={add.isPending} w="fit-content">
            Add closure
          </Button>
        </Stack>
      </form>
    </Card>
  );
}

function BankHolidays() {
  const { can } = useCurrentStaff();
  const [year, setYear] = useState(String(new Date().getFullYear()));
  const list = useApiQuery('scheduling.listBankHolidays', { year: Number(year) });
  const remove = useApiMutation('scheduling.removeBankHoliday', { invalidate: ['scheduling.'] });
  const [confirm, confirmDialog] = useConfirm();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({ mode: 'uncontrolled', initialValues: { date: '', name: '' } });
  const add = useApiMutation('scheduling.addBankHoliday', {
    invalidate: ['scheduling.'],
    onSuccess: () => form.reset(),
    onError: (e) => setFormError(applyApiErrors(form, e)),
  });
  const years = Array.from({ length: 10 }, (_, i) => String(2024 + i));
  return (
    <Card withBorder>
      <Stack>
        <Title order={2} size="h4">
          Bank holidays (England and Wales)
        </Title>
        <NativeSelect label="Year" data={years} value={year} onChange={(e) => setYear(e.currentTarget.value)} w={160} />
        <Table aria-label={`Bank holidays in ${year}`}>
          <Table.Tbody>
            {(list.data ?? []).map((b) => (
              <Table.Tr key={b.date}>
                <Table.Td>{formatDate(b.date)}</Table.Td>
                <Table.Td>{b.name}</Table.Td>
                {can('schedule.plan') && (
                  <Table.Td>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-haspopup="dialog"
                      aria-label={`Remove ${b.name}, ${formatDate(b.date)}`}
                      title={`Remove ${b.name}`}
                      onClick={() =>
                        confirm({
                          title: `Remove ${b.name}?`,
                          message: `${formatDate(b.date)} will no longer count as a bank holiday: sessions generated from now on can fall on it. Sessions already planned do not change. You can add it again at any time.`,
                          confirmLabel: 'Remove bank holiday',
                          onConfirm: () => remove.mutateAsync({ date: b.date }),
                        })
                      }
                    >
                      <TrashIcon />
                    </ActionIcon>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {confirmDialog}
        {can('schedule.plan') && (
          <form noValidate aria-label="Add a bank holiday" onSubmit={form.onSubmit((v) => (setFormError(null), add.mutate(v)))}>
            <Group align="flex-end">
              <DateField label="Date" required {...form.getInputProps('date')} key={form.key('date')} />
              <TextInput label="Name" required {...form.getInputProps('name')} key={form.key('name')} />
              <Button type="submit" variant="default">
                Add bank holiday
              </Button>
            </Group>
            {formError && (
              <Alert color="red" role="alert" mt="sm">
                {formError}
              </Alert>
            )}
          </form>
        )}
      </Stack>
    </Card>
  );
}

export function TermsPage() {
  const { can } = useCurrentStaff();
  const terms = useApiQuery('scheduling.listTerms', {}, { quietErrors: true });
  const closures = useApiQuery('scheduling.listClosures', {});
  const removeClosure = useApiMutation('scheduling.removeClosure', { invalidate: ['scheduling.'] });
  const [confirm, confirmDialog] = useConfirm();
  const [editing, setEditing] = useState<Term | null>(null);
  const termName = (id: number | null) => (id === null ? 'Whole college' : (terms.data?.find((t) => t.id === id)?.name ?? ''));
  return (
    <Page title="Terms and closures">
      <ScheduleNav />
      {terms.error && <ErrorAlert error={terms.error} onRetry={() => void terms.refetch()} />}
      <Table aria-label="Terms">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Term</Table.Th>
            <Table.Th>From</Table.Th>
            <Table.Th>To</Table.Th>
            <Table.Th>Course runs</Table.Th>
            {can('schedule.plan') && <Table.Th>Actions</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(terms.data ?? []).map((t) => (
            <Table.Tr key={t.id}>
              <Table.Td>{t.name}</Table.Td>
              <Table.Td>{formatDate(t.startsOn)}</Table.Td>
              <Table.Td>{formatDate(t.endsOn)}</Table.Td>
              <Table.Td>{t.runCount}</Table.Td>
              {can('schedule.plan') && (
                <Table.Td>
                  <Button size="compact-sm" variant="default" aria-haspopup="dialog" onClick={() => setEditing(t)} aria-label={`Change ${t.name}`}>
                    Change
                  </Button>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {terms.data?.length === 0 && <Text c="dimmed">No terms yet.</Text>}
      <Title order={2} size="h3">
        Closures
      </Title>
      <Table aria-label="Closures">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Applies to</Table.Th>
            <Table.Th>From</Table.Th>
            <Table.Th>To</Table.Th>
            <Table.Th>Reason</Table.Th>
            {can('schedule.plan') && <Table.Th>Actions</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(closures.data ?? []).map((c) => (
            <Table.Tr key={c.id}>
              <Table.Td>{termName(c.termId)}</Table.Td>
              <Table.Td>{formatDate(c.startsOn)}</Table.Td>
              <Table.Td>{formatDate(c.endsOn)}</Table.Td>
              <Table.Td>{c.description}</Table.Td>
              {can('schedule.plan') && (
                <Table.Td>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-haspopup="dialog"
                    aria-label={`Remove closure ${c.description}`}
                    title="Remove this closure"
                    onClick={() =>
                      confirm({
                        title: `Remove the closure “${c.description}”?`,
                        message: `${formatDate(c.startsOn)} to ${formatDate(c.endsOn)} will no longer be skipped: sessions generated from now on can fall on these days. Sessions already planned do not change. You can add the closure again at any time.`,
                        confirmLabel: 'Remove closure',
                        onConfirm: () => removeClosure.mutateAsync({ id: c.id }),
                      })
                    }
                  >
                    <TrashIcon />
                  </ActionIcon>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {closures.data?.length === 0 && <Text c="dimmed">No closures yet.</Text>}
      {confirmDialog}
      {can('schedule.plan') && (
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <NewTermForm />
          <NewClosureForm />
        </SimpleGrid>
      )}
      <BankHolidays />
      {editing && <EditTermModal term={editing} onClose={() => setEditing(null)} />}
    </Page>
  );
}
