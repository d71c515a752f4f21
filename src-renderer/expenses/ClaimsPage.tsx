// Claims: the list (by status), and starting a new claim for a payee.
import { Alert, Button, Card, Group, NativeSelect, Stack, Table, Text, Title } from '@mantine/core';
import { keepPreviousData } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { CLAIM_STATUSES, type ClaimStatus } from '../../src-main/contract/expenses';
import { formatDate } from '../../src-main/contract/dates';
import { formatPence } from '../../src-main/contract/money';
import { errorMessage } from '../api/client';
import { useApiMutation, useApiQuery } from '../api/hooks';
import { useCurrentStaff } from '../app/auth-context';
import { ErrorAlert } from '../components/ErrorAlert';
import { ExportButton } from '../components/ExportButton';
import { Page } from '../components/Page';
import { RequirePermission } from '../components/RequirePermission';
import { ExpensesNav, StatusBadge } from './shared';
import { HowThisWorks } from '../components/HowThisWorks';

function NewClaim() {
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
    <Card withBorder>
      <form
        noValidate
        aria-labelledby="new-claim"
        onSubmit={(e) => {
          e.preventDefault();
          if (!payeeId) return setError('Please choose who the claim is for.');
          setError(null);
          create.mutate({ payeeId: Number(payeeId) });
        }}
      >
        <Stack>
          <Title order={2} size="h4" id="new-claim">
            Enter a claim
          </Title>
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
          <Button type="submit" loading={create.isPending} w="fit-content">
            Start claim
          </Button>
        </Stack>
      </form>
    </Card>
  );
}

export function ClaimsPage() {
  const { can } = useCurrentStaff();
  const [status, setStatus] = useState<ClaimStatus | ''>('');
  const claims = useApiQuery('expenses.claims.list', { status: status || undefined, pageSize: 100 }, { placeholderData: keepPreviousData, quietErrors: true });
  return (
    <RequirePermission permission="expenses.read" title="Expenses">
      <Page title="Expenses" actions={<ExportButton list="claims" filter={{ status: status || undefined }} />}>
        <ExpensesNav />
        <HowThisWorks area="expenses" />
        {can('expenses.enter') && <NewClaim />}
        <NativeSelect
          label="Show"
          value={status}
          onChange={(e) => setStatus(e.currentTarget.value as ClaimStatus | '')}
          data={[{ value: '', label: 'All claims' }, ...Object.entries(CLAIM_STATUSES).map(([value, label]) => ({ value, label }))]}
          w={240}
        />
        {claims.error && <ErrorAlert error={claims.error} onRetry={claims.refetch} />}
        {claims.data && claims.data.rows.length === 0 && <Text c="dimmed">No claims here yet.</Text>}
        {claims.data && claims.data.rows.length > 0 && (
          <Table striped highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Claim</Table.Th>
                <Table.Th>Payee</Table.Th>
                <Table.Th>Dates</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th style={{ textAlign: 'right' }}>Total</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {claims.data.rows.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>
                    <Link to={`/expenses/claims/${c.id}`}>{c.reference}</Link>
                  </Table.Td>
                  <Table.Td>{c.payeeName}</Table.Td>
                  <Table.Td>{c.firstDate ? `${formatDate(c.firstDate)}${c.lastDate !== c.firstDate ? ` – ${formatDate(c.lastDate)}` : ''}` : '—'}</Table.Td>
                  <Table.Td>
                    <Group gap="xs">
                      <StatusBadge status={c.status} />
                      {c.batchReference && <Text size="sm">{c.batchReference}</Text>}
                    </Group>
                  </Table.Td>
                  <Table.Td style={{ textAlign: 'right' }}>{formatPence(c.totalPence)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Page>
    </RequirePermission>
  );
}
