// One claim: its lines (mileage worked out by the core, with its working), receipts, and the workflow buttons.
import { ActionIcon, Alert, Button, Card, Group, Modal, NativeSelect, NumberInput, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useParams } from 'react-router';
import { LINE_CATEGORIES, VEHICLES, type ClaimDetail, type ClaimLine, type LineCategory, type ReceiptInfo, type RetieredLine, type Vehicle } from '../../src-main/contract/expenses';
import { collegeToday, formatDate } from '../../src-main/contract/dates';
import { formatPence } from '../../src-main/contract/money';
import { errorMessage } from '../api/client';
import { useApiMutation, useApiQuery } from '../api/hooks';
import { useCurrentStaff } from '../app/auth-context';
import { ErrorAlert } from '../components/ErrorAlert';
import { Page } from '../components/Page';
import { ExpensesNav, StatusBadge, fieldError } from './shared';
import { ReceiptDropZone, ReceiptList, ReceiptViewer } from './receipts';
import { DateField } from '../dates/DateField';
import { TrashIcon, useConfirm } from '../components/useConfirm';
import { RuleNote } from '../help/RuleNote';

function AddLineForm({ claim }: { claim: ClaimDetail }) {
  const [date, setDate] = useState(collegeToday());
  const [category, setCategory] = useState<LineCategory>('mileage');
  const [amount, setAmount] = useState('');
  const [miles, setMiles] = useState('');
  const [vehicle, setVehicle] = useState<Vehicle>('car_van');
  const [passengers, setPassengers] = useState<number>(0);
  const [description, setDescription] = useState('');
  const [error, setError] = useState<unknown>(null);
  const add = useApiMutation('expenses.claims.addLine', {
    invalidate: ['expenses.'],
    onSuccess: () => {
      setAmount('');
      setMiles('');
      setDescription('');
      setPassengers(0);
      setError(null);
    },
    onError: (e) => setError(e),
  });
  const mileage = category === 'mileage';
  const unplaced = error && !fieldError(error, 'line.date', 'line.amount', 'line.miles', 'line.vehicle', 'line.passengers') ? errorMessage(error) : null;
  return (
    <Card withBorder>
      <form
        noValidate
        aria-labelledby="add-line"
        onSubmit={(e) => {
          e.preventDefault();
          add.mutate({
            claimId: claim.id,
            line: mileage
              ? { date, category, miles, vehicle, passengers, description: description || null }
              : { date, category, amount, description: description || null },
          });
        }}
      >
        <Stack>
          <Title order={2} size="h4" id="add-line">
            Add a line
          </Title>
          <Group align="flex-start" grow>
            <DateField label="Date" required value={date} onChange={setDate} error={fieldError(error, 'line.date')} />
            <NativeSelect
              label="What for"
              required
              value={category}
              onChange={(e) => setCategory(e.currentTarget.value as LineCategory)}
              data={Object.entries(LINE_CATEGORIES).map(([value, label]) => ({ value, label }))}
            />
          </Group>
          {mileage ? (
            <Group align="flex-start" grow>
              <TextInput label="Miles" required inputMode="decimal" description="Up to one decimal place, e.g. 12.5" value={miles} onChange={(e) => setMiles(e.currentTarget.value)} error={fieldError(error, 'line.miles')} />
              <NativeSelect
                label="Vehicle"
                required
                value={vehicle}
                onChange={(e) => setVehicle(e.currentTarget.value as Vehicle)}
                data={Object.entries(VEHICLES).map(([value, label]) => ({ value, label }))}
                error={fieldError(error, 'line.vehicle')}
              />
              <NumberInput label="Passengers" min={0} max={8} allowDecimal={false} value={passengers} onChange={(v) => setPassengers(Number(v) || 0)} error={fieldError(error, 'line.passengers')} />
            </Group>
          ) : (
            <TextInput label="Amount (£)" required inputMode="decimal" description="For example 4.80" value={amount} onChange={(e) => setAmount(e.currentTarget.value)} error={fieldError(error, 'line.amount')} w={240} />
          )}
          {mileage && <RuleNote rule="mileage" />}
          <TextInput label="Description" value={description} onChange={(e) => setDescription(e.currentTarget.value)} />
          {unplaced && (
            <Alert color="red" role="alert">
              {unplaced}
            </Alert>
          )}
          <Button type="submit" loading={add.isPending} w="fit-content">
            Add line
          </Button>
        </Stack>
      </form>
    </Card>
  );
}

function Receipts({ claim, line, onView }: { claim: ClaimDetail; line: ClaimLine; onView: (r: ReceiptInfo) => void }) {
  const { can } = useCurrentStaff();
  const [error, setError] = useState<string | null>(null);
  const waive = useApiMutation('expenses.claims.waiveReceipt', { invalidate: ['expenses.'], onError: (e) => setError(errorMessage(e)) });
  const [reason, setReason] = useState('');
  // A draft's lines take receipts; once submitted the claim only lists them, except that a receipt the approver is still
  // waiting for may be added late (the core accepts it until the claim is decided).
  const canAttach = can('expenses.enter') && line.category !== 'mileage' && (claim.status === 'draft' || (claim.status === 'submitted' && line.needsReceipt));
  const lineLabel = `the line on ${formatDate(line.date)}, ${LINE_CATEGORIES[line.category]}, ${formatPence(line.amountPence)}`;
  return (
    <Stack gap={6}>
      <ReceiptList receipts={line.receipts} onView={onView} />
      {line.receiptWaivedReason && <Text size="sm">No receipt: {line.receiptWaivedReason}</Text>}
      {line.needsReceipt && <Text size="sm" c="orange.9">Receipt needed</Text>}
      {line.category === 'mileage' && line.receipts.length === 0 && (
        <Text size="sm" c="dimmed">
          Not needed for mileage
        </Text>
      )}
      {canAttach && <ReceiptDropZone lineId={line.id} lineLabel={lineLabel} buttonLabel={claim.status !== 'draft' ? 'Add the missing receipt' : line.receipts.length ? 'Add another receipt' : 'Add a receipt'} />}
      {line.needsReceipt && can('expenses.approve') && claim.status !== 'approved' && claim.status !== 'paid' && claim.status !== 'rejected' && (
        <Group gap="xs" align="flex-end">
          <TextInput size="xs" label="Why there is no receipt" value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
          <Button size="compact-sm" variant="default" onClick={() => waive.mutate({ lineId: line.id, reason })}>
            Record reason
          </Button>
        </Group>
      )}
      {error && (
        <Text size="sm" c="red.8" role="alert">
          {error}
        </Text>
      )}
    </Stack>
  );
}

function Actions({ claim }: { claim: ClaimDetail }) {
  const { can } = useCurrentStaff();
  const [error, setError] = useState<string | null>(null);
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const opts = { invalidate: ['expenses.'], onError: (e: unknown) => setError(errorMessage(e)), onSuccess: () => setError(null) };
  const submit = useApiMutation('expenses.claims.submit', opts);
  const approve = useApiMutation('expenses.claims.approve', { ...opts, handles: ['VALIDATION', 'NEEDS_CONFIRMATION', 'FORBIDDEN', 'CONFLICT'] });
  const [retiered, setRetiered] = useState<RetieredLine[]>([]);
  const reject = useApiMutation('expenses.claims.reject', {
    ...opts,
    onSuccess: (r) => {
      setRejecting(false);
      setRetiered(r.retiered ?? []);
    },
  });
  return (
    <Stack>
      {retiered.length > 0 && (
        <Alert color="calm" role="status" title="Mileage worked out again on this person’s other claims" withCloseButton onClose={() => setRetiered([])}>
          <Text size="sm">Their rejected miles no longer count towards the 10,000-mile tier this tax year, so these amounts changed:</Text>
          <ul>
            {retiered.map((l) => (
              <li key={l.lineId}>
                {l.claimReference}, {formatDate(l.date)}: {formatPence(l.beforePence)} → {formatPence(l.afterPence)} ({l.working})
              </li>
            ))}
          </ul>
        </Alert>
      )}
      <Group>
        {claim.status === 'draft' && can('expenses.enter') && (
          <Button onClick={() => submit.mutate({ id: claim.id })} loading={submit.isPending}>
            Submit for approval
          </Button>
        )}
        {claim.status === 'submitted' && can('expenses.approve') && (
          <>
            <Button color="calm" onClick={() => approve.mutate({ id: claim.id })} loading={approve.isPending} disabled={!!claim.approvalBlockedBecause}>
              Approve claim
            </Button>
            <Button variant="default" aria-haspopup="dialog" onClick={() => setRejecting(true)}>
              Reject…
            </Button>
          </>
        )}
      </Group>
      {claim.status === 'submitted' && claim.approvalBlockedBecause && can('expenses.approve') && <Text>{claim.approvalBlockedBecause}</Text>}
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      <Modal opened={rejecting} onClose={() => setRejecting(false)} title={`Reject ${claim.reference}`}>
        <Stack>
          <TextInput label="Reason" required value={reason} onChange={(e) => setReason(e.currentTarget.value)} data-autofocus />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setRejecting(false)}>
              Keep it
            </Button>
            <Button color="red" onClick={() => reject.mutate({ id: claim.id, reason })}>
              Reject claim
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

export function ClaimPage() {
  const id = Number(useParams().id);
  const { can } = useCurrentStaff();
  const q = useApiQuery('expenses.claims.get', { id }, { quietErrors: true });
  const remove = useApiMutation('expenses.claims.removeLine', { invalidate: ['expenses.'] });
  const [confirm, confirmDialog] = useConfirm();
  const [viewing, setViewing] = useState<ReceiptInfo | null>(null);
  const claim = q.data;
  return (
    <Page title={claim ? `Claim ${claim.reference}` : 'Claim'}>
      <ExpensesNav />
      {confirmDialog}
      <ReceiptViewer receipt={viewing} onClose={() => setViewing(null)} />
      {q.error && <ErrorAlert error={q.error} onRetry={q.refetch} />}
      {claim && (
        <>
          <Group>
            <Text fw={600}>{claim.payeeName}</Text>
            <StatusBadge status={claim.status} />
            <Text>Total {formatPence(claim.totalPence)}</Text>
            {claim.batchReference && <Text>In batch {claim.batchReference}</Text>}
          </Group>
          <Text size="sm" c="dimmed">
            Entered by {claim.enteredBy}
            {claim.submittedBy ? `, submitted by ${claim.submittedBy}` : ''}
            {claim.decidedBy ? `, ${claim.status === 'rejected' ? 'rejected' : 'approved'} by ${claim.decidedBy}` : ''}
          </Text>
          {claim.rejectionReason && <Alert color="red">Rejected: {claim.rejectionReason}</Alert>}
          {!claim.editable && claim.status !== 'submitted' && <Text>This claim is {claim.status} and can no longer be changed.</Text>}
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Date</Table.Th>
                <Table.Th>What for</Table.Th>
                <Table.Th style={{ textAlign: 'right' }}>Amount</Table.Th>
                <Table.Th>Receipt</Table.Th>
                {claim.editable && <Table.Th>Change</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {claim.lines.map((l) => (
                <Table.Tr key={l.id}>
                  <Table.Td>{formatDate(l.date)}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{LINE_CATEGORIES[l.category]}{l.description ? `: ${l.description}` : ''}</Text>
                    {l.working && <Text size="sm" c="dimmed">{l.working}</Text>}
                  </Table.Td>
                  <Table.Td style={{ textAlign: 'right' }}>{formatPence(l.amountPence)}</Table.Td>
                  <Table.Td>
                    <Receipts claim={claim} line={l} onView={setViewing} />
                  </Table.Td>
                  {claim.editable && (
                    <Table.Td>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-haspopup="dialog"
                        aria-label={`Remove the line ${formatDate(l.date)}, ${LINE_CATEGORIES[l.category]}, ${formatPence(l.amountPence)}`}
                        title="Remove this line"
                        onClick={() =>
                          confirm({
                            title: 'Remove this line from the claim?',
                            message: `${formatDate(l.date)}, ${LINE_CATEGORIES[l.category]}${l.description ? `: ${l.description}` : ''}, ${formatPence(l.amountPence)}. The claim's total goes down by that amount, and any receipt kept with this line goes with it. This cannot be undone, but you can type the line in again.`,
                            confirmLabel: 'Remove line',
                            onConfirm: () => remove.mutateAsync({ lineId: l.id }),
                          })
                        }
                      >
                        <TrashIcon />
                      </ActionIcon>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {claim.lines.length === 0 && <Text c="dimmed">No lines yet.</Text>}
          {claim.editable && can('expenses.enter') && <AddLineForm claim={claim} />}
          <Actions claim={claim} />
        </>
      )}
    </Page>
  );
}
