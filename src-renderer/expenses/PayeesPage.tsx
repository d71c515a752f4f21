// Payees: who the college pays and how (bank details shown masked unless your role may see them in full).
import { Alert, Button, Card, Group, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { PAYMENT_METHODS, type PaymentMethod } from '../../src-main/contract/expenses';
import { errorMessage } from '../api/client';
import { useApiMutation, useApiQuery } from '../api/hooks';
import { useCurrentStaff } from '../app/auth-context';
import { Page } from '../components/Page';
import { RequirePermission } from '../components/RequirePermission';
import { ExpensesNav, fieldError } from './shared';

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

export function PayeesPage() {
  const { can } = useCurrentStaff();
  const payees = useApiQuery('expenses.payees.list', {});
  return (
    <RequirePermission permission="expenses.read" title="Payees">
      <Page title="Payees">
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
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {payees.data.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td>{p.name}</Table.Td>
                  <Table.Td>{PAYMENT_METHODS[p.paymentMethod]}</Table.Td>
                  <Table.Td>{p.bank ? `${p.bank.accountName}, ${p.bank.sortCode}, ${p.bank.accountNumber}${p.bank.masked ? ' (hidden)' : ''}` : '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Page>
    </RequirePermission>
  );
}
