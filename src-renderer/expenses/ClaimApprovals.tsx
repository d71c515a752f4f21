// Claims waiting for approval, decided from the list: each shows its total, its lines, its receipts (viewed in the app)
// and Approve / Reject, so approving a queue does not mean opening every claim. The core enforces who may approve.
import { Alert, Anchor, Button, Card, Group, Modal, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { keepPreviousData } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Link } from 'react-router';
import { LINE_CATEGORIES, type ClaimSort, type ClaimSummary, type ReceiptInfo, type RetieredLine } from '../../src-main/contract/expenses';
import type { SortDirection } from '../../src-main/contract/lists';
import { ListPager, ListQueryState, ListToolbar, useListState } from '../components/ListPage';
import { formatDate } from '../../src-main/contract/dates';
import { formatPence } from '../../src-main/contract/money';
import { errorMessage } from '../api/client';
import { useApiMutation, useApiQuery } from '../api/hooks';
import { ErrorAlert } from '../components/ErrorAlert';
import { ReceiptThumbnail, ReceiptViewer } from './receipts';
import { fieldError } from './shared';

type Decided = { text: string; retiered: RetieredLine[] };

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function ClaimToDecide({ summary, onView, onDecided }: { summary: ClaimSummary; onView: (r: ReceiptInfo) => void; onDecided: (d: Decided) => void }) {
  const q = useApiQuery('expenses.claims.get', { id: summary.id }, { quietErrors: true });
  const claim = q.data;
  const [error, setError] = useState<string | null>(null);
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [rejectError, setRejectError] = useState<unknown>(null);
  // Refusals (someone who entered or submitted the claim, a missing receipt, a claim decided meanwhile) are shown here.
  const handles = ['VALIDATION', 'NEEDS_CONFIRMATION', 'FORBIDDEN', 'CONFLICT', 'NOT_FOUND'] as const;
  const approve = useApiMutation('expenses.claims.approve', {
    invalidate: ['expenses.'],
    handles: [...handles],
    onError: (e) => setError(errorMessage(e)),
    onSuccess: () => onDecided({ text: `Approved ${summary.reference} for ${summary.payeeName} (${formatPence(summary.totalPence)}).`, retiered: [] }),
  });
  const reject = useApiMutation('expenses.claims.reject', {
    invalidate: ['expenses.'],
    handles: [...handles],
    onError: (e) => setRejectError(e),
    onSuccess: (r) => {
      setRejecting(false);
      onDecided({ text: `Rejected ${summary.reference} for ${summary.payeeName}. The reason is kept with the claim.`, retiered: r.retiered ?? [] });
    },
  });
  const receipts = claim?.lines.flatMap((l) => l.receipts) ?? [];
  const missing = claim?.lines.filter((l) => l.needsReceipt).length ?? 0;
  return (
    <Card withBorder padding="sm" component="li">
      <Stack gap="xs">
        <Group justify="space-between" align="baseline" wrap="nowrap">
          <Group gap="sm" align="baseline">
            <Text fw={700}>
              <Anchor component={Link} to={`/expenses/claims/${summary.id}`} fw={700}>
                {summary.reference}
              </Anchor> · {summary.payeeName}
            </Text>
            <Text size="sm" c="dimmed">
              Entered by {summary.enteredBy}
              {summary.submittedAt ? `, submitted ${formatDate(summary.submittedAt)}` : ''}
            </Text>
          </Group>
          <Text fw={700} aria-label={`Total ${formatPence(summary.totalPence)}`}>
            {formatPence(summary.totalPence)}
          </Text>
        </Group>
        {q.error && <ErrorAlert error={q.error} onRetry={q.refetch} />}
        {claim && (
          <Group align="flex-start" justify="space-between" gap="md">
            <Stack gap={2} style={{ flex: '1 1 320px' }}>
              <Text size="sm" fw={600}>
                {plural(claim.lines.length, 'line')}
              </Text>
              {claim.lines.map((l) => (
                <Text size="sm" key={l.id}>
                  {formatDate(l.date)} · {LINE_CATEGORIES[l.category]}
                  {l.description ? `: ${l.description}` : ''}
                  {l.working ? ` (${l.working.replace(/ = £[\d.,]+$/, '')})` : ''} · {formatPence(l.amountPence)}
                  {l.needsReceipt ? ' · receipt needed' : l.receiptWaivedReason ? ` · no receipt: ${l.receiptWaivedReason}` : ''}
                </Text>
              ))}
            </Stack>
            <Stack gap={4} style={{ flex: '0 1 260px' }}>
              <Text size="sm" fw={600}>
                {receipts.length === 0 ? 'No receipts' : plural(receipts.length, 'receipt')}
                {missing > 0 ? `, ${missing} still needed` : ''}
              </Text>
              <Group gap="xs">
                {receipts.map((r) => (
                  <Group key={r.id} gap={6} wrap="nowrap">
                    <ReceiptThumbnail receipt={r} onClick={() => onView(r)} size={48} />
                    <Button size="compact-xs" variant="subtle" aria-haspopup="dialog" aria-label={`View receipt ${r.fileName}`} onClick={() => onView(r)}>
                      View
                    </Button>
                  </Group>
                ))}
              </Group>
            </Stack>
          </Group>
        )}
        {claim?.approvalBlockedBecause && <Text size="sm">{claim.approvalBlockedBecause}</Text>}
        {error && (
          <Alert color="red" role="alert" p="xs">
            <Text size="sm">{error}</Text>
          </Alert>
        )}
        <Group gap="xs">
          <Button
            size="compact-sm"
            color="calm"
            loading={approve.isPending}
            disabled={!claim || !!claim.approvalBlockedBecause}
            aria-label={`Approve ${summary.reference}, ${summary.payeeName}, ${formatPence(summary.totalPence)}`}
            onClick={() => {
              setError(null);
              approve.mutate({ id: summary.id });
            }}
          >
            Approve
          </Button>
          <Button
            size="compact-sm"
            variant="default"
            aria-haspopup="dialog"
            aria-label={`Reject ${summary.reference}, ${summary.payeeName}`}
            onClick={() => {
              setRejectError(null);
              setRejecting(true);
            }}
          >
            Reject
          </Button>
        </Group>
      </Stack>
      <Modal opened={rejecting} onClose={() => setRejecting(false)} title={`Reject ${summary.reference}`}>
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            reject.mutate({ id: summary.id, reason });
          }}
        >
          <Stack>
            <Text size="sm">
              {summary.payeeName}, {formatPence(summary.totalPence)}. The reason is kept with the claim and shown to whoever entered it.
            </Text>
            <TextInput label="Reason" required value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={fieldError(rejectError, 'reason')} data-autofocus />
            {rejectError !== null && !fieldError(rejectError, 'reason') && (
              <Alert color="red" role="alert">
                {errorMessage(rejectError)}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setRejecting(false)}>
                Keep it
              </Button>
              <Button color="red" type="submit" loading={reject.isPending}>
                Reject claim
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Card>
  );
}

/** The approvals page's claims section. */
const ORDERS = [
  { value: 'submitted:asc', label: 'Waiting longest first' },
  { value: 'submitted:desc', label: 'Newest first' },
  { value: 'payee:asc', label: 'Payee, A to Z' },
] as const;

export function ClaimApprovals() {
  // The queue is the list pattern without a table: each claim is a card to decide on; searched, ordered and paged by the core.
  const list = useListState<ClaimSort>('submitted', 'asc');
  const claims = useApiQuery('expenses.claims.list', { status: 'submitted', query: list.searched, ...list.input }, { placeholderData: keepPreviousData, quietErrors: true });
  const [viewing, setViewing] = useState<ReceiptInfo | null>(null);
  const [decided, setDecided] = useState<Decided | null>(null);
  const status = useRef<HTMLDivElement>(null);
  return (
    <Stack gap="sm">
      {/* After a decision the claim leaves the list: focus moves to what happened, not to the page's body. */}
      <div ref={status} tabIndex={-1} role="status" style={{ outline: 'none' }}>
        {decided && (
          <Alert color="calm" withCloseButton onClose={() => setDecided(null)} closeButtonLabel="Close this message">
            <Text size="sm">{decided.text}</Text>
            {decided.retiered.length > 0 && (
              <>
                <Text size="sm" mt="xs">
                  Their rejected miles no longer count towards the 10,000-mile tier this tax year, so these amounts changed:
                </Text>
                <ul>
                  {decided.retiered.map((l) => (
                    <li key={l.lineId}>
                      <Text size="sm">
                        {l.claimReference}, {formatDate(l.date)}: {formatPence(l.beforePence)} → {formatPence(l.afterPence)} ({l.working})
                      </Text>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </Alert>
        )}
      </div>
      <ListToolbar
        search={{ label: 'Find a claim waiting', value: list.search, onChange: list.setSearch, placeholder: 'Reference or payee' }}
        filters={
          <NativeSelect
            label="Order"
            data={[...ORDERS]}
            value={`${list.sort}:${list.direction}`}
            onChange={(e) => {
              const [sort, direction] = e.currentTarget.value.split(':') as [ClaimSort, SortDirection];
              list.setOrder(sort, direction);
            }}
            w={220}
          />
        }
      />
      <ListQueryState query={claims} noun={['claims waiting', 'claims waiting']} empty={list.searched ? `No waiting claims match “${list.searched}”.` : 'No claims are waiting.'} />
      {!!claims.data?.rows.length && (
        <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Claims waiting for approval">
          {claims.data.rows.map((c) => (
            <ClaimToDecide
              key={c.id}
              summary={c}
              onView={setViewing}
              onDecided={(d) => {
                setDecided(d);
                requestAnimationFrame(() => status.current?.focus());
              }}
            />
          ))}
        </Stack>
      )}
      {claims.data && <ListPager total={claims.data.total} page={claims.data.page} list={list} shown={claims.data.total > claims.data.rows.length ? `${claims.data.total} waiting` : null} />}
      <ReceiptViewer receipt={viewing} onClose={() => setViewing(null)} />
    </Stack>
  );
}
