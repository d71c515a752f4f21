// Payees: who the college pays and how (bank details shown masked unless your role may see them in full).
import { Alert, Button, Checkbox, Group, Modal, NativeSelect, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { keepPreviousData } from '@tanstack/react-query';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { PAYMENT_METHODS, type PAYEE_SORTS, type Payee, type PaymentMethod } from '../../src-main/contract/expenses';
import { AddDialog, DataTable, ListToolbar, useListState, type Column } from '../components/ListPage';

type PayeeSort = (typeof PAYEE_SORTS)[number];
import { errorMessage } from '../api/client';
import { applyApiErrors } from '../api/forms';
import { useApiMutation, useApiQuery } from '../api/hooks';
import { useCurrentStaff } from '../app/auth-context';
import { Page } from '../components/Page';
import { RequirePermission } from '../components/RequirePermission';
import { ExpensesNav, fieldError } from './shared';
import { EditFormFooter } from '../components/EditFormFooter';
import { ImportButton } from '../imports/ImportButton';

function NewPayee({ onDone }: { onDone: () => void }) {
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
    onSuccess: () => onDone(),
    onError: (e) => setError(e),
  });
  return (
      <form
        noValidate
        aria-label="Add a payee"
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
          <Group>
            <Button type="submit" loading={create.isPending}>
              Add payee
            </Button>
            <Button variant="default" onClick={onDone}>
              Cancel
            </Button>
          </Group>
        </Stack>
      </form>
  );
}

const EDIT_FIELDS = ['name', 'email', 'address', 'paymentMethod', 'notes', 'bank.accountName', 'bank.sortCode', 'bank.accountNumber'];
const EDIT_FIELD_MAP = Object.fromEntries(EDIT_FIELDS.flatMap((f) => [[`fields.${f}`, f], [f, f]]));

function EditPayeeModal({ payee, onClose }: { payee: Payee; onClose: () => void }) {
  // The version the person started from, kept if the list behind refreshes (another desk's change): saving over that
  // change is then refused with who made it, not silently overwritten.
  const [openedVersion] = useState(payee.version);
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
            version: openedVersion,
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
  const [showInactive, setShowInactive] = useState(false);
  const list = useListState<PayeeSort>('name');
  const payees = useApiQuery(
    'expenses.payees.page',
    { query: list.searched, includeInactive: showInactive, ...list.input },
    { quietErrors: true, placeholderData: keepPreviousData },
  );
  const [editing, setEditing] = useState<Payee | null>(null);
  const mayEdit = can('expenses.enter');
  const columns: Column<Payee, PayeeSort>[] = [
    { header: 'Name', sort: 'name', render: (p) => (p.active ? p.name : `${p.name} (no longer paid)`) },
    { header: 'Email', sort: 'email', render: (p) => p.email ?? '—' },
    { header: 'Paid by', sort: 'paymentMethod', render: (p) => PAYMENT_METHODS[p.paymentMethod] },
    { header: 'Bank details', render: (p) => (p.bank ? `${p.bank.accountName}, ${p.bank.sortCode}, ${p.bank.accountNumber}${p.bank.masked ? ' (hidden)' : ''}` : '—') },
  ];
  if (mayEdit)
    columns.push({
      header: 'Actions',
      hideHeader: true,
      render: (p) => (
        <Button size="compact-sm" variant="default" aria-haspopup="dialog" onClick={() => setEditing(p)} aria-label={`Edit ${p.name}`}>
          Edit
        </Button>
      ),
    });
  return (
    <RequirePermission permission="expenses.read" title="Payees">
      <Page title="Payees" actions={<ImportButton kind="payees" />}>
        <ExpensesNav />
        <ListToolbar
          search={{ label: 'Find a payee', value: list.search, onChange: list.setSearch, placeholder: 'Name or email' }}
          filters={
            <Checkbox
              label="Also show payees no longer paid"
              checked={showInactive}
              onChange={(e) => {
                setShowInactive(e.currentTarget.checked);
                list.restart();
              }}
              mb={8}
            />
          }
          add={mayEdit && <AddDialog label="Add a payee">{(close) => <NewPayee onDone={close} />}</AddDialog>}
        />
        <DataTable
          label="Payees"
          columns={columns}
          query={payees}
          list={list}
          rowKey={(p) => p.id}
          noun={['payee', 'payees']}
          empty={list.searched ? `No payees match “${list.searched}”.` : 'No payees yet.'}
          rowProps={(p) => ({ 'data-search-row': p.id })}
        />
        {editing && <EditPayeeModal key={editing.id} payee={editing} onClose={() => setEditing(null)} />}
      </Page>
    </RequirePermission>
  );
}
