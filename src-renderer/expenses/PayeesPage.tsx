// Payees: who the college pays and how (bank details shown masked unless your role may see them in full).
import { Alert, Button, Card, Checkbox, Group, Modal, NativeSelect, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { PAYMENT_METHODS, type Payee, type PaymentMethod } from '../../src-main/contract/expenses';
import { errorMessage } from '../api/client';
import { applyApiErrors } from '../api/forms';
import { useApiMutation, useApiQuery } from '../api/hooks';
import { useCurrentStaff } from '../app/auth-context';
import { Page } from '../components/Page';
import { RequirePermission } from '../components/RequirePermission';
import { ExpensesNav, fieldError } from './shared';
import { EditFormFooter } from '../components/EditFormFooter';
import { ImportButton } from '../imports/ImportButton';

function NewPayee() {
  const candidates = useApiQuery('expenses.payees.candidates', {});
  const [facilitatorId, setFacilitatorId] = useState('');
  const [name, setName] = useState('');
  const [method, setMethod] = useState<PaymentMethod>('bank_transfer');
  const [accountName, setAccountName] = useState('');
  const [sortCode, setSortCode] = useState('');
  const [accountNumber, setAccountNumber] = useState('');
  const [error, setError] = useState<unknown>(null);
  const create = useApiMutation('expenses.payees.create', {
    invalidate: ['expenses.payees.'],
    onSuccess: () => {
      setName('');
      setFacilitatorId('');
      setAccountName('');
      setSortCode('');
      setAccountNumber('');
      setError(null);
    },
    onError: (e) => setError(e),
  });
  return (
    <Card withBorder>
      <form
        noValidate
        aria-labelledby="new-payee"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate({
            fields: {
              facilitatorId: facilitatorId ? Number(facilitatorId) : null,
              name: name || null,
              paymentMethod: method,
              bank: method === 'bank_transfer' ? { accountName, sortCode, accountNumber } : null,
            },
          });
        }}
      >
        <Stack>
          <Title order={2} size="h4" id="new-payee">
            Add a payee
          </Title>
          <Group grow align="flex-start">
            <NativeSelect
              label="Facilitator or volunteer"
              value={facilitatorId}
              onChange={(e) => setFacilitatorId(e.currentTarget.value)}
              data={[{ value: '', label: 'Not in the facilitators list' }, ...(candidates.data ?? []).map((c) => ({ value: String(c.facilitatorId), label: c.name }))]}
            />
            <TextInput label="Name (if not in the list)" value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError(error, 'fields.name', 'name')} />
          </Group>
          <NativeSelect
            label="Paid by"
            required
            value={method}
            onChange={(e) => setMethod(e.currentTarget.value as PaymentMethod)}
            data={Object.entries(PAYMENT_METHODS).map(([value, label]) => ({ value, label }))}
          />
          {method === 'bank_transfer' && (
            <Group grow align="flex-start">
              <TextInput label="Name on the account" required value={accountName} onChange={(e) => setAccountName(e.currentTarget.value)} error={fieldError(error, 'bank.accountName')} />
              <TextInput label="Sort code" required placeholder="12-34-56" value={sortCode} onChange={(e) => setSortCode(e.currentTarget.value)} error={fieldError(error, 'bank.sortCode')} />
              <TextInput label="Account number" required value={accountNumber} onChange={(e) => setAccountNumber(e.currentTarget.value)} error={fieldError(error, 'bank.accountNumber')} />
            </Group>
          )}
          {!!error && !fieldError(error, 'bank.accountName', 'bank.sortCode', 'bank.accountNumber', 'fields.name', 'name') && (
            <Alert color="red" role="alert">
              {errorMessage(error)}
            </Alert>
          )}
          <Button type="submit" loading={create.isPending} w="fit-content">
            Add payee
          </Button>
        </Stack>
      </form>
    </Card>
  );
}

const EDIT_FIELDS = ['name', 'email', 'address', 'paymentMethod', 'notes', 'bank.accountName', 'bank.sortCode', 'bank.accountNumber'];
const EDIT_FIELD_MAP = Object.fromEntries(EDIT_FIELDS.flatMap((f) => [[`fields.${f}`, f], [f, f]]));

function EditPayeeModal({ payee, onClose }: { payee: Payee; onClose: () => void }) {
  const { can } = useCurrentStaff();
  const mayChangeBank = can('payees.bankDetails');
  const [formError, setFormError] = useState<string | null>(null);
  const original = {
    name: payee.name,
    email: payee.email ?? '',
    address: payee.address ?? '',
    paymentMethod: payee.paymentMethod as string,
    notes: payee.notes ?? '',
    active: payee.active,
    bank: { accountName: payee.bank?.accountName ?? '', sortCode: payee.bank?.sortCode ?? '', accountNumber: payee.bank?.accountNumber ?? '' },
  };
  const form = useForm({ mode: 'uncontrolled', initialValues: original });
  const [method, setMethod] = useState(original.paymentMethod);
  form.watch('paymentMethod', ({ value }) => setMethod(value));
  const update = useApiMutation('expenses.payees.update', {
    invalidate: ['expenses.payees.'],
    onSuccess: onClose,
    onError: (e) => setFormError(applyApiErrors(form, e, { fieldMap: EDIT_FIELD_MAP })),
  });
  return (
    <Modal opened onClose={onClose} title={`Change ${payee.name}`} size="lg">
      <form
        noValidate
        onSubmit={form.onSubmit((v) => {
          setFormError(null);
          const bankChanged =
            v.bank.accountName !== original.bank.accountName || v.bank.sortCode !== original.bank.sortCode || v.bank.accountNumber !== original.bank.accountNumber;
          // Bank details are only sent by people who may change them, and only when something changed (left out = keep the ones on file).
          let bank: { accountName: string; sortCode: string; accountNumber: string } | null | undefined;
          if (mayChangeBank) {
            if (v.paymentMethod !== 'bank_transfer') bank = payee.bank ? null : undefined;
            else if (bankChanged || !payee.bank) bank = v.bank;
          }
          update.mutate({
            id: payee.id,
            version: payee.version,
            active: v.active,
            fields: {
              facilitatorId: payee.facilitatorId,
              name: v.name || null,
              email: v.email || null,
              address: v.address || null,
              paymentMethod: v.paymentMethod as PaymentMethod,
              notes: v.notes || null,
              ...(bank !== undefined ? { bank } : {}),
            },
          });
        })}
      >
        <Stack>
          <TextInput label="Name" required {...form.getInputProps('name')} key={form.key('name')} />
          <TextInput label="Email" type="email" {...form.getInputProps('email')} key={form.key('email')} />
          <Textarea label="Address" autosize minRows={2} {...form.getInputProps('address')} key={form.key('address')} />
          <NativeSelect
            label="Paid by"
            required
            data={Object.entries(PAYMENT_METHODS).map(([value, label]) => ({ value, label }))}
            {...form.getInputProps('paymentMethod')}
            key={form.key('paymentMethod')}
          />
          {method === 'bank_transfer' &&
            (mayChangeBank ? (
              <Group grow align="flex-start">
                <TextInput label="Name on the account" required {...form.getInputProps('bank.accountName')} key={form.key('bank.accountName')} />
                <TextInput label="Sort code" required placeholder="12-34-56" {...form.getInputProps('bank.sortCode')} key={form.key('bank.sortCode')} />
                <TextInput label="Account number" required {...form.getInputProps('bank.accountNumber')} key={form.key('bank.accountNumber')} />
              </Group>
            ) : (
              <Stack gap={4}>
                <Text fw={500}>Bank details</Text>
                <Text>{payee.bank ? `${payee.bank.accountName}, ${payee.bank.sortCode}, ${payee.bank.accountNumber}` : 'None on file yet.'}</Text>
                <Text size="sm" c="dimmed">
                  Bank details are kept private. If they need changing, please ask a coordinator to change them.
                </Text>
              </Stack>
            ))}
          <Textarea label="Notes" autosize minRows={2} {...form.getInputProps('notes')} key={form.key('notes')} />
          <Checkbox label="Still paid by the college (untick to stop offering this payee on new claims)" {...form.getInputProps('active', { type: 'checkbox' })} key={form.key('active')} />
          <EditFormFooter formError={formError} onClose={onClose} saving={update.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}

export function PayeesPage() {
  const { can } = useCurrentStaff();
  const payees = useApiQuery('expenses.payees.list', {});
  const [editing, setEditing] = useState<Payee | null>(null);
  const mayEdit = can('expenses.enter');
  return (
    <RequirePermission permission="expenses.read" title="Payees">
      <Page title="Payees" actions={<ImportButton kind="payees" />}>
        <ExpensesNav />
        {can('expenses.enter') && <NewPayee />}
        {payees.data?.length === 0 && <Text c="dimmed">No payees yet.</Text>}
        {!!payees.data?.length && (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Paid by</Table.Th>
                <Table.Th>Bank details</Table.Th>
                {mayEdit && <Table.Th>Actions</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {payees.data.map((p) => (
                <Table.Tr key={p.id} data-search-row={p.id}>
                  <Table.Td>{p.name}</Table.Td>
                  <Table.Td>{PAYMENT_METHODS[p.paymentMethod]}</Table.Td>
                  <Table.Td>{p.bank ? `${p.bank.accountName}, ${p.bank.sortCode}, ${p.bank.accountNumber}${p.bank.masked ? ' (hidden)' : ''}` : '—'}</Table.Td>
                  {mayEdit && (
                    <Table.Td>
                      <Button size="xs" variant="default" aria-haspopup="dialog" onClick={() => setEditing(p)} aria-label={`Edit ${p.name}`}>
                        Edit
                      </Button>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {editing && <EditPayeeModal key={editing.id} payee={editing} onClose={() => setEditing(null)} />}
      </Page>
    </RequirePermission>
  );
}
