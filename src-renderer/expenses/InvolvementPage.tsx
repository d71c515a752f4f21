// Involvement payments (earnings, not expenses): record one per session delivered or per hour, then approve.
import { Alert, Button, Card, Group, NativeSelect, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { INVOLVEMENT_BASES, type InvolvementBasis } from '../../src-main/contract/expenses';
import { collegeToday, formatDate } from '../../src-main/contract/dates';
import { errorMessage } from '../api/client';
import { useApiMutation, useApiQuery } from '../api/hooks';
import { useCurrentStaff } from '../app/auth-context';
import { Page } from '../components/Page';
import { RequirePermission } from '../components/RequirePermission';
import { InvolvementItem } from './ApprovalsPage';
import { ExpensesNav } from './shared';
import { DateField } from '../dates/DateField';

function RecordForm() {
  const payees = useApiQuery('expenses.payees.list', {});
  const [payeeId, setPayeeId] = useState('');
  const sessions = useApiQuery('expenses.payees.sessions', { payeeId: Number(payeeId) || 1 }, { enabled: !!payeeId });
  const [sessionId, setSessionId] = useState('');
  const [date, setDate] = useState(collegeToday());
  const [basis, setBasis] = useState<InvolvementBasis>('session');
  const [hours, setHours] = useState('');
  const [error, setError] = useState<string | null>(null);
  const record = useApiMutation('expenses.involvement.record', { invalidate: ['expenses.'], onSuccess: () => setError(null), onError: (e) => setError(errorMessage(e)) });
  return (
    <Card withBorder>
      <form
        noValidate
        aria-labelledby="record-involvement"
        onSubmit={(e) => {
          e.preventDefault();
          if (!payeeId) return setError('Please choose who the payment is for.');
          record.mutate({ payeeId: Number(payeeId), sessionId: sessionId ? Number(sessionId) : null, date: sessionId ? undefined : date, basis, hours: basis === 'hour' ? hours : undefined });
        }}
      >
        <Stack>
          <Title order={2} size="h4" id="record-involvement">
            Record an involvement payment
          </Title>
          <Group grow align="flex-start">
            <NativeSelect
              label="Who"
              required
              value={payeeId}
              onChange={(e) => setPayeeId(e.currentTarget.value)}
              data={[{ value: '', label: 'Choose a payee…' }, ...(payees.data ?? []).map((p) => ({ value: String(p.id), label: p.name }))]}
            />
            <NativeSelect
              label="Session delivered"
              value={sessionId}
              onChange={(e) => setSessionId(e.currentTarget.value)}
              data={[{ value: '', label: 'No session (enter a date)' }, ...(payeeId ? (sessions.data ?? []) : []).map((s) => ({ value: String(s.id), label: `${s.courseTitle}, ${formatDate(s.date)} ${s.startTime}` }))]}
            />
          </Group>
          <Group grow align="flex-start">
            {!sessionId && <DateField label="Date of the work" value={date} onChange={setDate} />}
            <NativeSelect label="Rate" value={basis} onChange={(e) => setBasis(e.currentTarget.value as InvolvementBasis)} data={Object.entries(INVOLVEMENT_BASES).map(([value, label]) => ({ value, label }))} />
            {basis === 'hour' && <TextInput label="Hours" value={hours} onChange={(e) => setHours(e.currentTarget.value)} />}
          </Group>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <Button type="submit" w="fit-content" loading={record.isPending}>
            Record payment
          </Button>
        </Stack>
      </form>
    </Card>
  );
}

export function InvolvementPage() {
  const { can } = useCurrentStaff();
  const list = useApiQuery('expenses.involvement.list', {});
  return (
    <RequirePermission permission="expenses.read" title="Involvement payments">
      <Page title="Involvement payments">
        <ExpensesNav />
        <Text>Involvement payments recognise people’s time. They are earnings (paid through payroll), not expenses, and can affect benefits.</Text>
        {can('expenses.enter') && <RecordForm />}
        {list.data?.length === 0 && <Text c="dimmed">None recorded yet.</Text>}
        {list.data?.map((p) => <InvolvementItem key={p.id} p={p} />)}
      </Page>
    </RequirePermission>
  );
}
