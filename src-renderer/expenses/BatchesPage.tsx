// Payment batches: choose approved claims and involvement payments, see totals per payee, download the finance CSV
// and remittance notes, and mark the batch paid.
import { Alert, Button, Checkbox, Group, Modal, NativeSelect, Stack, Table, Text } from '@mantine/core';
import { keepPreviousData } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { formatDate, formatTimestamp } from '../../src-main/contract/dates';
import { formatPence } from '../../src-main/contract/money';
import type { BATCH_SORTS, PaymentBatchSummary } from '../../src-main/contract/expenses';
import { AddDialog, DataTable, ListToolbar, useListState, type Column } from '../components/ListPage';

type BatchSort = (typeof BATCH_SORTS)[number];
import { errorMessage } from '../api/client';
import { useApiMutation, useApiQuery } from '../api/hooks';
import { Page } from '../components/Page';
import { RequirePermission } from '../components/RequirePermission';
import { saveExport } from '../files';
import { ExpensesNav } from './shared';
import { useConfirm } from '../components/useConfirm';
import { plural } from '../components/words';

function NewBatch({ onDone }: { onDone: () => void }) {
  const navigate = useNavigate();
  const payable = useApiQuery('expenses.batches.payable', {});
  const [claims, setClaims] = useState<number[]>([]);
  const [inv, setInv] = useState<number[]>([]);
  const [error, setError] = useState<string | null>(null);
  const create = useApiMutation('expenses.batches.create', { invalidate: ['expenses.'], onSuccess: (b) => navigate(`/expenses/batches/${b.id}`), onError: (e) => setError(errorMessage(e)) });
  const toggle = (list: number[], set: (x: number[]) => void, id: number) => set(list.includes(id) ? list.filter((x) => x !== id) : [...list, id]);
  const data = payable.data;
  return (
      <Stack>
        <Text size="sm">Approved claims and involvement payments not yet in a batch. Choose what the finance office will pay together.</Text>
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
        <Button variant="default" onClick={onDone} w="fit-content">
          Cancel
        </Button>
      </Stack>
  );
}

export function BatchesPage() {
  const [status, setStatus] = useState<'' | 'open' | 'paid'>('');
  const list = useListState<BatchSort>('created', 'desc');
  const batches = useApiQuery('expenses.batches.list', { status: status || undefined, ...list.input }, { quietErrors: true, placeholderData: keepPreviousData });
  const columns: Column<PaymentBatchSummary, BatchSort>[] = [
    { header: 'Batch', sort: 'reference', render: (b) => <Link to={`/expenses/batches/${b.id}`}>{b.reference}</Link> },
    { header: 'Created', sort: 'created', firstDirection: 'desc', render: (b) => `${formatTimestamp(b.createdAt)} by ${b.createdBy}` },
    { header: 'Status', sort: 'status', render: (b) => (b.status === 'paid' ? `Paid ${formatTimestamp(b.paidAt)}` : 'Not paid yet') },
    { header: 'Items', render: (b) => [plural(b.claimCount, 'claim'), b.involvementCount ? plural(b.involvementCount, 'involvement payment') : null].filter(Boolean).join(', ') },
    { header: 'Total', sort: 'total', firstDirection: 'desc', align: 'right', render: (b) => formatPence(b.totalPence) },
  ];
  return (
    <RequirePermission permission="expenses.pay" title="Payment batches">
      <Page title="Payment batches">
        <ExpensesNav />
        <ListToolbar
          filters={
            <NativeSelect
              label="Show"
              data={[
                { value: '', label: 'Every batch' },
                { value: 'open', label: 'Not paid yet' },
                { value: 'paid', label: 'Paid' },
              ]}
              value={status}
              onChange={(e) => {
                setStatus(e.currentTarget.value as '' | 'open' | 'paid');
                list.restart();
              }}
              w={200}
            />
          }
          add={<AddDialog label="New payment batch" title="Ready to pay">{(close) => <NewBatch onDone={close} />}</AddDialog>}
        />
        <DataTable
          label="Payment batches"
          columns={columns}
          query={batches}
          list={list}
          rowKey={(b) => b.id}
          noun={['payment batch', 'payment batches']}
          empty={status ? 'No batches like that.' : 'No payment batches yet. Choose “New payment batch” to pay approved claims.'}
        />
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
  const cancel = useApiMutation('expenses.batches.cancel', { invalidate: ['expenses.'], onSuccess: () => navigate('/expenses/batches') });
  const [confirm, confirmDialog] = useConfirm();
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
              {b.status === 'paid' ? `Paid ${formatTimestamp(b.paidAt)}` : 'Not paid yet'} · {plural(b.claimCount, 'claim')} · {plural(b.involvementCount, 'involvement payment')} · total {formatPence(b.totalPence)}
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
                  <Button aria-haspopup="dialog" onClick={() => setConfirming(true)}>Mark batch paid</Button>
                  <Button
                    variant="subtle"
                    color="red"
                    aria-haspopup="dialog"
                    onClick={() =>
                      confirm({
                        title: `Undo ${b.reference}?`,
                        message: `The batch is taken apart: its ${b.claims.length === 1 ? 'claim goes' : `${b.claims.length} claims go`} back to approved${b.involvement.length ? ` and its ${b.involvement.length === 1 ? 'involvement payment goes' : `${b.involvement.length} involvement payments go`} back to waiting` : ''}, ready for another batch. Nothing has been paid, so no money moves. Only undo it if the finance office has not paid it.`,
                        confirmLabel: 'Undo this batch',
                        cancelLabel: 'Keep the batch',
                        onConfirm: () => cancel.mutateAsync({ id }),
                      })
                    }
                  >
                    Undo this batch…
                  </Button>
                </>
              )}
            </Group>
            {confirmDialog}
            {error && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            <Modal opened={confirming} onClose={() => setConfirming(false)} title={`Mark ${b.reference} paid`}>
              <Stack>
                <Text>Only do this once the finance office has paid it. {b.claimCount === 1 ? 'Its claim becomes' : `Its ${b.claimCount} claims become`} paid and can no longer be changed.</Text>
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
