// Claims: the list (by status), and starting a new claim for a payee.
import { Alert, Button, Group, NativeSelect, Stack, Text } from '@mantine/core';
import { keepPreviousData } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { CLAIM_STATUSES, type ClaimSort, type ClaimStatus, type ClaimSummary } from '../../src-main/contract/expenses';
import { AddDialog, DataTable, ListToolbar, useListState, type Column } from '../components/ListPage';
import { formatDate } from '../../src-main/contract/dates';
import { formatPence } from '../../src-main/contract/money';
import { errorMessage } from '../api/client';
import { useApiMutation, useApiQuery } from '../api/hooks';
import { useCurrentStaff } from '../app/auth-context';
import { ExportButton } from '../components/ExportButton';
import { Page } from '../components/Page';
import { RequirePermission } from '../components/RequirePermission';
import { ExpensesNav, StatusBadge } from './shared';
import { HowThisWorks } from '../components/HowThisWorks';

function NewClaim({ onDone }: { onDone: () => void }) {
  const navigate = useNavigate();
  const payees = useApiQuery('expenses.payees.list', {});
  const [payeeId, setPayeeId] = useState('');
  const [error, setError] = useState<string | null>(null);
  const create = useApiMutation('expenses.claims.create', {
    invalidate: ['expenses.claims.'],
    onSuccess: (c) => navigate(`/expenses/claims/${c.id}`),
    onError: (e) => setError(errorMessage(e)),
  });
  return (
      <form
        noValidate
        aria-label="Enter a claim"
        onSubmit={(e) => {
          e.preventDefault();
          if (!payeeId) return setError('Please choose who the claim is for.');
          setError(null);
          create.mutate({ payeeId: Number(payeeId) });
        }}
      >
        <Stack>
          <NativeSelect
            label="Who is claiming"
            required
            value={payeeId}
            onChange={(e) => setPayeeId(e.currentTarget.value)}
            data={[{ value: '', label: 'Choose a payee…' }, ...(payees.data ?? []).map((p) => ({ value: String(p.id), label: p.name }))]}
          />
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={create.isPending}>
              Start claim
            </Button>
            <Button variant="default" onClick={onDone}>
              Cancel
            </Button>
          </Group>
        </Stack>
      </form>
  );
}

export function ClaimsPage() {
  const { can } = useCurrentStaff();
  const [status, setStatus] = useState<ClaimStatus | ''>('');
  const list = useListState<ClaimSort>('entered', 'desc');
  const filter = { status: status || undefined, query: list.searched };
  const claims = useApiQuery('expenses.claims.list', { ...filter, ...list.input }, { placeholderData: keepPreviousData, quietErrors: true });
  const columns: Column<ClaimSummary, ClaimSort>[] = [
    { header: 'Claim', sort: 'reference', render: (c) => <Link to={`/expenses/claims/${c.id}`}>{c.reference}</Link> },
    { header: 'Payee', sort: 'payee', render: (c) => c.payeeName },
    { header: 'Dates', render: (c) => (c.firstDate ? `${formatDate(c.firstDate)}${c.lastDate !== c.firstDate ? ` – ${formatDate(c.lastDate)}` : ''}` : '—') },
    { header: 'Entered', sort: 'entered', firstDirection: 'desc', render: (c) => formatDate(c.enteredAt.slice(0, 10)) },
    {
      header: 'Status',
      sort: 'status',
      render: (c) => (
        <Group gap="xs">
          <StatusBadge status={c.status} />
          {c.batchReference && <Text size="sm">{c.batchReference}</Text>}
        </Group>
      ),
    },
    { header: 'Total', align: 'right', render: (c) => formatPence(c.totalPence) },
  ];
  return (
    <RequirePermission permission="expenses.read" title="Expenses">
      <Page title="Expenses" actions={<ExportButton list="claims" filter={{ ...filter, sort: list.sort, direction: list.direction }} />}>
        <ExpensesNav />
        <HowThisWorks area="expenses" />
        <ListToolbar
          search={{ label: 'Find a claim', value: list.search, onChange: list.setSearch, placeholder: 'Reference or payee' }}
          filters={
            <NativeSelect
              label="Show"
              value={status}
              onChange={(e) => {
                setStatus(e.currentTarget.value as ClaimStatus | '');
                list.restart();
              }}
              data={[{ value: '', label: 'All claims' }, ...Object.entries(CLAIM_STATUSES).map(([value, label]) => ({ value, label }))]}
              w={240}
            />
          }
          add={can('expenses.enter') && <AddDialog label="Enter a claim" size="md">{(close) => <NewClaim onDone={close} />}</AddDialog>}
        />
        <DataTable
          label="Claims"
          columns={columns}
          query={claims}
          list={list}
          rowKey={(c) => c.id}
          noun={['claim', 'claims']}
          empty={list.searched ? `No claims match “${list.searched}”.` : status ? 'No claims with that status.' : 'No claims here yet.'}
        />
      </Page>
    </RequirePermission>
  );
}
