// Totals: per payee for a tax year, and the college's months — on screen and as CSV.
import { Button, Group, NativeSelect, Table, Title } from '@mantine/core';
import { useState } from 'react';
import { formatPence, formatTenths } from '../../src-main/contract/money';
import { useApiQuery } from '../api/hooks';
import { Page } from '../components/Page';
import { RequirePermission } from '../components/RequirePermission';
import { saveExport } from '../files';
import { currentTaxYear } from '../../src-main/contract/dates';
import { ExpensesNav } from './shared';

export function TotalsPage() {
  const [taxYear, setTaxYear] = useState(currentTaxYear());
  const payees = useApiQuery('expenses.totals.payees', { taxYear });
  const months = useApiQuery('expenses.totals.months', { taxYear });
  const years = Array.from({ length: 6 }, (_, i) => currentTaxYear() - i);
  return (
    <RequirePermission permission="expenses.read" title="Totals">
      <Page title="Expenses totals">
        <ExpensesNav />
        <Group align="flex-end">
          <NativeSelect label="Tax year" value={String(taxYear)} onChange={(e) => setTaxYear(Number(e.currentTarget.value))} data={years.map((y) => ({ value: String(y), label: `6 April ${y} – 5 April ${y + 1}` }))} />
          <Button variant="default" onClick={() => void saveExport('expenses.totals.exportCsv', { taxYear, kind: 'payees' }).catch(() => undefined)}>
            Download per payee (CSV)
          </Button>
          <Button variant="default" onClick={() => void saveExport('expenses.totals.exportCsv', { taxYear, kind: 'months' }).catch(() => undefined)}>
            Download per month (CSV)
          </Button>
        </Group>
        <Title order={2} size="h4">
          Per payee (approved and paid)
        </Title>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Payee</Table.Th>
              <Table.Th style={{ textAlign: 'right' }}>Expenses</Table.Th>
              <Table.Th style={{ textAlign: 'right' }}>Mileage (miles)</Table.Th>
              <Table.Th style={{ textAlign: 'right' }}>Involvement (earnings)</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {payees.data?.map((p) => (
              <Table.Tr key={p.payeeId}>
                <Table.Td>{p.payeeName}</Table.Td>
                <Table.Td style={{ textAlign: 'right' }}>{formatPence(p.expensesPence)}</Table.Td>
                <Table.Td style={{ textAlign: 'right' }}>{formatTenths(p.mileageTenths)}</Table.Td>
                <Table.Td style={{ textAlign: 'right' }}>{formatPence(p.involvementPence)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Title order={2} size="h4">
          The college by month
        </Title>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Month</Table.Th>
              <Table.Th style={{ textAlign: 'right' }}>Claims</Table.Th>
              <Table.Th style={{ textAlign: 'right' }}>Expenses</Table.Th>
              <Table.Th style={{ textAlign: 'right' }}>Mileage (miles)</Table.Th>
              <Table.Th style={{ textAlign: 'right' }}>Involvement (earnings)</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {months.data?.map((m) => (
              <Table.Tr key={m.month}>
                <Table.Td>{m.month}</Table.Td>
                <Table.Td style={{ textAlign: 'right' }}>{m.claimCount}</Table.Td>
                <Table.Td style={{ textAlign: 'right' }}>{formatPence(m.expensesPence)}</Table.Td>
                <Table.Td style={{ textAlign: 'right' }}>{formatTenths(m.mileageTenths)}</Table.Td>
                <Table.Td style={{ textAlign: 'right' }}>{formatPence(m.involvementPence)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Page>
    </RequirePermission>
  );
}
