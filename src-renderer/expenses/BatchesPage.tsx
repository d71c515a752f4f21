// Payment batches: choose approved claims and involvement payments, see totals per payee, download the finance CSV
// and remittance notes, and mark the batch paid.
import { Alert, Button, Card, Checkbox, Group, Modal, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { formatDate, formatTimestamp } from '../../src-main/contract/dates';
import { formatPence } from '../../src-main/contract/money';
import { errorMessage } from '../api/client';
import { useApiMutation, useApiQuery } from '../api/hooks';
import { Page } from '../components/Page';
import { RequirePermission } from '../components/RequirePermission';
import { saveExport } from '../files';
import { ExpensesNav } from './shared';

function NewBatch() {
  const navigate = useNavigate();
  const payable = useApiQuery('expenses.batches.payable', {});
  const [claims, setClaims] = useState<number[]>([]);
  const [inv, setInv] = useState<number[]>([]);
  const [error, setError] = useState<string | null>(null);
  const create = useApiMutation('expenses.batches.create', { invalidate: ['expenses.'], onSuccess: (b) => navigate(`/expenses/batches/${b.id}`), onError: (e) => setError(errorMessage(e)) });
  const toggle = (list: number[], set: (x: number[]) => void, id: number) => set(list.includes(id) ? list.filter((x) => x !== id) : [...list, id]);
  const data = payable.data;
  return (
    <Card withBorder>
      <Stack>
        <Title order={2} size="h4">
          Ready to pay
        </Title>
        {data && data.claims.length + data.involvement.length === 0 && <Text c="dimmed">Nothing approved is waiting to be paid.</Text>}
        {data?.claims.map((c) => (
          <Checkbox
            key={`c${c.id}`}
            checked={claims.includes(c.id)}
            onChange={() => toggle(claims, setClaims, c.id)}
            label={`${c.reference} · ${c.payeeName} · ${formatPence(c.totalPence)}`}
          />
        ))}
        {data?.involvement.map((i) => (
          <Checkbox
            key={`i${i.id}`}
            checked={inv.includes(i.id)}
            onChange={() => toggle(inv, setInv, i.id)}
            label={`Involvement payment · ${i.payeeName} · ${formatDate(i.date)} · ${formatPence(i.amountPence)} (earnings — payroll)`}
          />
        ))}
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        {data && data.claims.length + data.involvement.length > 0 && (
          <Group>
            <Button
              variant="default"
              onClick={() => {
                setClaims(data.claims.map((c) => c.id));
                setInv(data.involvement.map((i) => i.id));
              }}
            >
              Choose all
            </Button>
            <Button disabled={claims.length + inv.length === 0} loading={create.isPending} onClick={() => create.mutate({ claimIds: claims, involvementIds: inv })}>
              Create payment batch
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  );
}

export function BatchesPage() {
  const batches = useApiQuery('expenses.batches.list', {});
  return (
    <RequirePermission permission="expenses.pay" title="Payment batches">
      <Page title="Payment batches">
        <ExpensesNav />
        <NewBatch />
        {!!batches.data?.length && (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Batch</Table.Th>
                <Table.Th>Created</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th style={{ textAlign: 'right' }}>Total</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {batches.data.map((b) => (
                <Table.Tr key={b.id}>
                  <Table.Td>
                    <Link to={`/expenses/batches/${b.id}`}>{b.reference}</Link>
                  </Table.Td>
                  <Table.Td>
                    {formatTimestamp(b.createdAt)} by {b.createdBy}
                  </Table.Td>
                  <Table.Td>{b.status === 'paid' ? `Paid ${formatTimestamp(b.paidAt)}` : 'Not paid yet'}</Table.Td>
                  <Table.Td style={{ textAlign: 'right' }}>{formatPence(b.totalPence)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Page>
    </RequirePermission>
  );
}

export function BatchPage() {
  const id = Number(useParams().id);
  const navigate = useNavigate();
  const q = useApiQuery('expenses.batches.get', { id });
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const markPaid = useApiMutation('expenses.batches.markPaid', { invalidate: ['expenses.'], onSuccess: () => setConfirming(false), onError: (e) => setError(errorMessage(e)) });
  const cancel = useApiMutation('expenses.batches.cancel', { invalidate: ['expenses.'], onSuccess: () => navigate('/expenses/batches'), onError: (e) => setError(errorMessage(e)) });
  const b = q.data;
  const download = async (f: () => Promise<unknown>) => {
    try {
      await f();
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <RequirePermission permission="expenses.pay" title="Payment batch">
      <Page title={b ? `Payment batch ${b.reference}` : 'Payment batch'}>
        <ExpensesNav />
        {b && (
          <>
            <Text>
              {b.status === 'paid' ? `Paid ${formatTimestamp(b.paidAt)}` : 'Not paid yet'} · {b.claimCount} claims · {b.involvementCount} involvement payments · total {formatPence(b.totalPence)}
            </Text>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Payee</Table.Th>
                  <Table.Th>Paid by</Table.Th>
                  <Table.Th style={{ textAlign: 'right' }}>Expenses</Table.Th>
                  <Table.Th style={{ textAlign: 'right' }}>Earnings (payroll)</Table.Th>
                  <Table.Th style={{ textAlign: 'right' }}>Total</Table.Th>
                  <Table.Th>Remittance note</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {b.payees.map((p) => (
                  <Table.Tr key={p.payeeId}>
                    <Table.Td>{p.payeeName}</Table.Td>
                    <Table.Td>{p.bank ? `${p.bank.sortCode} ${p.bank.accountNumber}` : p.paymentMethod === 'cash' ? 'Cash' : 'Voucher'}</Table.Td>
                    <Table.Td style={{ textAlign: 'right' }}>{formatPence(p.expensesPence)}</Table.Td>
                    <Table.Td style={{ textAlign: 'right' }}>{formatPence(p.earningsPence)}</Table.Td>
                    <Table.Td style={{ textAlign: 'right' }}>{formatPence(p.totalPence)}</Table.Td>
                    <Table.Td>
                      <Button size="compact-sm" variant="subtle" onClick={() => download(() => saveExport('expenses.batches.remittance', { id, payeeId: p.payeeId }))}>
                        Remittance for {p.payeeName}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <Group>
              <Button variant="default" onClick={() => download(() => saveExport('expenses.batches.financeCsv', { id }))}>
                Download finance CSV
              </Button>
              {b.status === 'open' && (
                <>
                  <Button onClick={() => setConfirming(true)}>Mark batch paid</Button>
                  <Button variant="subtle" color="red" onClick={() => cancel.mutate({ id })}>
                    Undo this batch
                  </Button>
                </>
              )}
            </Group>
            {error && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            <Modal opened={confirming} onClose={() => setConfirming(false)} title={`Mark ${b.reference} paid`}>
              <Stack>
                <Text>Only do this once the finance office has paid it. Its {b.claimCount} claims become paid and can no longer be changed.</Text>
                <Group justify="flex-end">
                  <Button variant="default" onClick={() => setConfirming(false)} data-autofocus>
                    Not yet
                  </Button>
                  <Button onClick={() => markPaid.mutate({ id })} loading={markPaid.isPending}>
                    Yes, it has been paid
                  </Button>
                </Group>
              </Stack>
            </Modal>
          </>
        )}
      </Page>
    </RequirePermission>
  );
}
