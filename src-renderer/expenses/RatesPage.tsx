// Rates & limits: HMRC mileage rates, involvement payment rates and weekly benefit earnings limits, each from a date.
// Earlier rates stay for earlier journeys and sessions; the one in force today is marked in words.
import { Alert, Badge, Button, Card, Group, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState, type ReactNode } from 'react';
import { collegeToday } from '../../src-main/contract/dates';
import { INVOLVEMENT_BASES, VEHICLES, type ExpenseRates } from '../../src-main/contract/expenses';
import { formatPence, formatRate } from '../../src-main/contract/money';
import { applyApiErrors } from '../api/forms';
import { useApiMutation, useApiQuery } from '../api/hooks';
import { ErrorAlert } from '../components/ErrorAlert';
import { Page } from '../components/Page';
import { RequirePermission } from '../components/RequirePermission';
import { ExpensesNav } from './shared';
import { DateField } from '../dates/DateField';
import { formatDate } from '../dates/format';
import { ConfirmRatesPanel } from '../setup/SetupChecklist';

const MILEAGE_KINDS: Record<string, string> = { ...VEHICLES, passenger: 'Passenger (per passenger)' };
const LIMIT_KINDS: Record<string, string> = { lower: 'Lower limit', higher: 'Higher limit' };

function today(): string {
  return collegeToday();
}

/** Ids of the rows in force today: per group, the latest date on or before today. */
function inForce<T extends { id: number; effectiveFrom: string }>(rows: T[], group: (r: T) => string): Set<number> {
  const t = today();
  const best = new Map<string, T>();
  for (const r of rows) {
    if (r.effectiveFrom > t) continue;
    const g = group(r);
    const cur = best.get(g);
    if (!cur || r.effectiveFrom > cur.effectiveFrom) best.set(g, r);
  }
  return new Set([...best.values()].map((r) => r.id));
}

function Status({ current, from }: { current: boolean; from: string }) {
  if (current) return <Badge variant="light" color="calm">In force today</Badge>;
  if (from > today()) return <Text size="sm">Starts later</Text>;
  return <Text size="sm" c="dimmed">Earlier rate</Text>;
}

function FormShell({ id, title, children, error, pending, button }: { id: string; title: string; children: ReactNode; error: string | null; pending: boolean; button: string }) {
  return (
    <Stack>
      <Title order={3} size="h5" id={id}>
        {title}
      </Title>
      {children}
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      <Button type="submit" loading={pending} w="fit-content">
        {button}
      </Button>
    </Stack>
  );
}

function AddMileage() {
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({ mode: 'uncontrolled', initialValues: { vehicle: 'car_van', effectiveFrom: '', rate: '', thresholdMiles: '10000', aboveThreshold: '' } });
  const add = useApiMutation('expenses.rates.addMileage', {
    invalidate: ['expenses.'],
    onSuccess: () => form.reset(),
    onError: (e) => setFormError(applyApiErrors(form, e)),
  });
  const [vehicle, setVehicle] = useState('car_van');
  form.watch('vehicle', ({ value }) => setVehicle(value));
  return (
    <form
      noValidate
      aria-labelledby="add-mileage"
      onSubmit={form.onSubmit((v) => {
        setFormError(null);
        const car = v.vehicle === 'car_van';
        const miles = v.thresholdMiles.replace(/[,\s]/g, '');
        add.mutate({
          vehicle: v.vehicle as 'car_van' | 'motorcycle' | 'bicycle' | 'passenger',
          effectiveFrom: v.effectiveFrom,
          rate: v.rate,
          thresholdMiles: car && /^\d+$/.test(miles) ? Number(miles) : null,
          aboveThreshold: car && v.aboveThreshold.trim() ? v.aboveThreshold : null,
        });
      })}
    >
      <FormShell id="add-mileage" title="Add a mileage rate" error={formError} pending={add.isPending} button="Add mileage rate">
        <Group grow align="flex-start">
          <NativeSelect label="Rate for" required data={Object.entries(MILEAGE_KINDS).map(([value, label]) => ({ value, label }))} {...form.getInputProps('vehicle')} key={form.key('vehicle')} />
          <DateField label="Applies from" required {...form.getInputProps('effectiveFrom')} key={form.key('effectiveFrom')} />
          <TextInput label="Rate per mile" description="In pounds, for example 0.45 for 45p" required {...form.getInputProps('rate')} key={form.key('rate')} />
        </Group>
        {vehicle === 'car_van' && (
          <Group grow align="flex-start">
            <TextInput label="Miles in the tax year at this rate" description="HMRC: 10,000" required {...form.getInputProps('thresholdMiles')} key={form.key('thresholdMiles')} />
            <TextInput label="Rate per mile after that" description="In pounds; HMRC: 0.25 (25p)" required {...form.getInputProps('aboveThreshold')} key={form.key('aboveThreshold')} />
          </Group>
        )}
      </FormShell>
    </form>
  );
}

function AddInvolvement() {
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({ mode: 'uncontrolled', initialValues: { basis: 'session', effectiveFrom: '', rate: '', description: '' } });
  const add = useApiMutation('expenses.rates.addInvolvement', {
    invalidate: ['expenses.'],
    onSuccess: () => form.reset(),
    onError: (e) => setFormError(applyApiErrors(form, e)),
  });
  return (
    <form
      noValidate
      aria-labelledby="add-involvement"
      onSubmit={form.onSubmit((v) => {
        setFormError(null);
        add.mutate({ basis: v.basis as 'session' | 'hour', effectiveFrom: v.effectiveFrom, rate: v.rate, description: v.description || null });
      })}
    >
      <FormShell id="add-involvement" title="Add an involvement rate" error={formError} pending={add.isPending} button="Add involvement rate">
        <Group grow align="flex-start">
          <NativeSelect label="Paid" required data={Object.entries(INVOLVEMENT_BASES).map(([value, label]) => ({ value, label }))} {...form.getInputProps('basis')} key={form.key('basis')} />
          <DateField label="Applies from" required {...form.getInputProps('effectiveFrom')} key={form.key('effectiveFrom')} />
          <TextInput label="Amount" description="For example 20 or 12.50" required {...form.getInputProps('rate')} key={form.key('rate')} />
        </Group>
        <TextInput label="Description" description="Optional, for example: co-facilitating a session" {...form.getInputProps('description')} key={form.key('description')} />
      </FormShell>
    </form>
  );
}

function AddBenefitLimit() {
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({ mode: 'uncontrolled', initialValues: { kind: 'lower', name: '', effectiveFrom: '', weekly: '' } });
  const add = useApiMutation('expenses.rates.addBenefitLimit', {
    invalidate: ['expenses.'],
    onSuccess: () => form.reset(),
    onError: (e) => setFormError(applyApiErrors(form, e)),
  });
  return (
    <form
      noValidate
      aria-labelledby="add-limit"
      onSubmit={form.onSubmit((v) => {
        setFormError(null);
        add.mutate({ kind: v.kind as 'lower' | 'higher', name: v.name, effectiveFrom: v.effectiveFrom, weekly: v.weekly });
      })}
    >
      <FormShell id="add-limit" title="Add a weekly benefit limit" error={formError} pending={add.isPending} button="Add weekly limit">
        <Group grow align="flex-start">
          <NativeSelect label="Which limit" required data={Object.entries(LIMIT_KINDS).map(([value, label]) => ({ value, label }))} {...form.getInputProps('kind')} key={form.key('kind')} />
          <TextInput label="Name" description="For example: ESA permitted work (lower)" required {...form.getInputProps('name')} key={form.key('name')} />
        </Group>
        <Group grow align="flex-start">
          <DateField label="Applies from" required {...form.getInputProps('effectiveFrom')} key={form.key('effectiveFrom')} />
          <TextInput label="Weekly amount" description="For example 20 or 195.50" required {...form.getInputProps('weekly')} key={form.key('weekly')} />
        </Group>
      </FormShell>
    </form>
  );
}

function RatesTables({ rates }: { rates: ExpenseRates }) {
  const mileageNow = inForce(rates.mileage, (r) => r.vehicle);
  const involvementNow = inForce(rates.involvement, (r) => r.basis);
  const limitsNow = inForce(rates.benefitLimits, (r) => r.kind);
  const byDate = <T extends { effectiveFrom: string }>(rows: T[]) => [...rows].sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom));
  return (
    <Stack gap="xl">
      <Stack>
        <Title order={2} size="h4">
          Mileage rates (HMRC)
        </Title>
        {rates.mileage.length === 0 ? (
          <Text c="dimmed">No mileage rates yet.</Text>
        ) : (
          <Table aria-label="Mileage rates">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Rate for</Table.Th>
                <Table.Th>Applies from</Table.Th>
                <Table.Th>Per mile</Table.Th>
                <Table.Th>Status</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {byDate(rates.mileage).map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>{MILEAGE_KINDS[r.vehicle]}</Table.Td>
                  <Table.Td>{formatDate(r.effectiveFrom)}</Table.Td>
                  <Table.Td>
                    {formatRate(r.ratePence)}
                    {r.thresholdMiles != null && r.aboveThresholdPence != null
                      ? ` for the first ${r.thresholdMiles.toLocaleString('en-GB')} miles in a tax year, then ${formatRate(r.aboveThresholdPence)}`
                      : ''}
                  </Table.Td>
                  <Table.Td>
                    <Status current={mileageNow.has(r.id)} from={r.effectiveFrom} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
      <Stack>
        <Title order={2} size="h4">
          Involvement payment rates
        </Title>
        {rates.involvement.length === 0 ? (
          <Text c="dimmed">No involvement rates yet.</Text>
        ) : (
          <Table aria-label="Involvement rates">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Paid</Table.Th>
                <Table.Th>Applies from</Table.Th>
                <Table.Th>Amount</Table.Th>
                <Table.Th>Description</Table.Th>
                <Table.Th>Status</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {byDate(rates.involvement).map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>{INVOLVEMENT_BASES[r.basis]}</Table.Td>
                  <Table.Td>{formatDate(r.effectiveFrom)}</Table.Td>
                  <Table.Td>{formatPence(r.ratePence)}</Table.Td>
                  <Table.Td>{r.description ?? '—'}</Table.Td>
                  <Table.Td>
                    <Status current={involvementNow.has(r.id)} from={r.effectiveFrom} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
      <Stack>
        <Title order={2} size="h4">
          Weekly benefit earnings limits
        </Title>
        {rates.benefitLimits.length === 0 ? (
          <Text c="dimmed">No weekly limits yet.</Text>
        ) : (
          <Table aria-label="Weekly benefit limits">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Limit</Table.Th>
                <Table.Th>Name</Table.Th>
                <Table.Th>Applies from</Table.Th>
                <Table.Th>Per week</Table.Th>
                <Table.Th>Status</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {byDate(rates.benefitLimits).map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>{LIMIT_KINDS[r.kind]}</Table.Td>
                  <Table.Td>{r.name}</Table.Td>
                  <Table.Td>{formatDate(r.effectiveFrom)}</Table.Td>
                  <Table.Td>{formatPence(r.weeklyPence)}</Table.Td>
                  <Table.Td>
                    <Status current={limitsNow.has(r.id)} from={r.effectiveFrom} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Stack>
  );
}

export function RatesPage() {
  const rates = useApiQuery('expenses.rates.list', {}, { quietErrors: true });
  return (
    <RequirePermission permission="settings.manage" title="Rates & limits">
      <Page title="Rates & limits">
        <ExpensesNav />
        <ConfirmRatesPanel />
        <Text>
          Each rate and limit applies from its date. A new rate is used for journeys and sessions on or after that date; anything before it
          keeps the rate that applied at the time, so claims already made are not changed.
        </Text>
        {rates.error && <ErrorAlert error={rates.error} onRetry={rates.refetch} />}
        {rates.data && <RatesTables rates={rates.data} />}
        <Card withBorder>
          <Stack gap="xl">
            <Title order={2} size="h4">
              Add a new rate or limit
            </Title>
            <AddMileage />
            <AddInvolvement />
            <AddBenefitLimit />
          </Stack>
        </Card>
      </Page>
    </RequirePermission>
  );
}
