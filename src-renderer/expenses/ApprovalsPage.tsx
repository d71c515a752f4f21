// The approval queue: submitted claims, and involvement payments with the person's week against the benefit limits.
import { Alert, Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useRef, useState } from 'react';
import { INVOLVEMENT_STATUSES, type InvolvementPayment, type WeekCheck } from '../../src-main/contract/expenses';
import { formatDate } from '../../src-main/contract/dates';
import { formatPence } from '../../src-main/contract/money';
import { errorMessage, isApiCallError } from '../api/client';
import { useApiMutation, useApiQuery } from '../api/hooks';
import { useCurrentStaff } from '../app/auth-context';
import { Page } from '../components/Page';
import { RequirePermission } from '../components/RequirePermission';
import { ClaimApprovals } from './ClaimApprovals';
import { useConfirm } from '../components/useConfirm';
import { ExpensesNav } from './shared';

function WeekSummary({ check }: { check: WeekCheck }) {
  return (
    <Text size="sm">
      Week {formatDate(check.weekStart)} – {formatDate(check.weekEnd)}: already {formatPence(check.earnedBeforePence)}, with this {formatPence(check.afterPence)}.{' '}
      {check.limits.map((l) => `${l.name}: ${formatPence(l.weeklyPence)}${l.crosses ? ' (would be crossed)' : l.alreadyOver ? ' (already over)' : ''}`).join('; ')}
    </Text>
  );
}

export function InvolvementItem({ p }: { p: InvolvementPayment }) {
  const { can } = useCurrentStaff();
  const check = useApiQuery('expenses.involvement.weekCheck', { id: p.id }, { enabled: p.status === 'recorded' });
  const [error, setError] = useState<string | null>(null);
  const [warning, setWarning] = useState<string | null>(null);
  const [amount, setAmount] = useState('');
  const [note, setNote] = useState('');
  const approve = useApiMutation('expenses.involvement.approve', {
    invalidate: ['expenses.'],
    handles: ['VALIDATION', 'NEEDS_CONFIRMATION', 'FORBIDDEN', 'CONFLICT'],
    onError: (e) => (isApiCallError(e, 'NEEDS_CONFIRMATION') ? setWarning(e.message) : setError(errorMessage(e))),
  });
  const reduce = useApiMutation('expenses.involvement.reduce', { invalidate: ['expenses.'], onError: (e) => setError(errorMessage(e)) });
  const decline = useApiMutation('expenses.involvement.decline', { invalidate: ['expenses.'], handles: ['VALIDATION', 'NEEDS_CONFIRMATION', 'CONFLICT'] });
  const [confirm, confirmDialog] = useConfirm();
  // The dialog's note field keeps its own text; the confirm reads it from here.
  const declineNote = useRef('');
  return (
    <Card withBorder>
      {confirmDialog}
      <Stack gap="xs">
        <Group justify="space-between">
          <Text fw={600}>
            {p.payeeName}: {formatPence(p.amountPence)} ({formatDate(p.date)}
            {p.sessionLabel ? `, ${p.sessionLabel}` : ''})
          </Text>
          <Text size="sm">{INVOLVEMENT_STATUSES[p.status]} · earnings — payroll</Text>
        </Group>
        {p.payeeDecision === 'reduced' && <Text size="sm">Reduced from {formatPence(p.offeredPence)} at the person’s request: {p.decisionNote}</Text>}
        {check.data && <WeekSummary check={check.data} />}
        {check.data?.warning && !warning && (
          <Alert color="orange" title="Benefit limit">
            {check.data.warning}
          </Alert>
        )}
        {warning && (
          <Alert color="orange" role="alert" title="Please check before approving">
            <Stack gap="xs">
              <Text size="sm">{warning}</Text>
              <Button size="compact-sm" color="orange" w="fit-content" onClick={() => approve.mutate({ id: p.id, confirmed: true })}>
                They have agreed: approve anyway
              </Button>
            </Stack>
          </Alert>
        )}
        {p.status === 'recorded' && (
          <Group align="flex-end">
            {can('expenses.approve') && (
              <Button size="compact-sm" onClick={() => approve.mutate({ id: p.id })}>
                Approve payment
              </Button>
            )}
            <TextInput size="xs" label="Reduced amount (£)" value={amount} onChange={(e) => setAmount(e.currentTarget.value)} />
            <TextInput size="xs" label="Note of the person’s choice" value={note} onChange={(e) => setNote(e.currentTarget.value)} />
            <Button size="compact-sm" variant="default" onClick={() => reduce.mutate({ id: p.id, amount, note })}>
              Reduce
            </Button>
            <Button
              size="compact-sm"
              variant="default"
              aria-haspopup="dialog"
              onClick={() => {
                declineNote.current = note;
                confirm({
                  title: `Record that ${p.payeeName} declined this payment?`,
                  message: (
                    <Stack gap="sm">
                      <Text>
                        The {formatPence(p.amountPence)} for {formatDate(p.date)} will not be paid and leaves the approval list. If they change their mind,
                        record the work again.
                      </Text>
                      <TextInput
                        label="What they said"
                        description="In their words, briefly: it is kept with the payment."
                        required
                        defaultValue={note}
                        onChange={(e) => (declineNote.current = e.currentTarget.value)}
                      />
                    </Stack>
                  ),
                  confirmLabel: 'Yes, they declined it',
                  onConfirm: () => decline.mutateAsync({ id: p.id, note: declineNote.current }),
                });
              }}
            >
              Declined by the person
            </Button>
          </Group>
        )}
        {error && (
          <Text size="sm" c="red.8" role="alert">
            {error}
          </Text>
        )}
      </Stack>
    </Card>
  );
}

export function ApprovalsPage() {
  const involvement = useApiQuery('expenses.involvement.list', { status: 'recorded' });
  return (
    <RequirePermission permission="expenses.approve" title="Approvals">
      <Page title="Approvals">
        <ExpensesNav />
        <Title order={2} size="h4">
          Claims waiting for approval
        </Title>
        <ClaimApprovals />
        <Title order={2} size="h4">
          Involvement payments waiting for approval
        </Title>
        {involvement.data?.length === 0 && <Text c="dimmed">No involvement payments are waiting.</Text>}
        {involvement.data?.map((p) => <InvolvementItem key={p.id} p={p} />)}
      </Page>
    </RequirePermission>
  );
}
