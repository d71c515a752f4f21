// On the audit log page: whether the log is exactly as the app wrote it (its hash chain), when that was last checked,
// and a button to check it now. A break is shown plainly, with the first entry affected, until it has been dealt with.
import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { formatTimestamp } from '../../src-main/contract/dates';
import { useApiMutation, useApiQuery } from '../api/hooks';
import { ErrorAlert } from '../components/ErrorAlert';

const TRIGGER_WORDS = { manual: 'by', weekly: 'automatically (weekly check)', backup: 'automatically (before a backup)' } as const;

export function AuditChainPanel() {
  const status = useApiQuery('audit.chainStatus', {}, { quietErrors: true, staleTime: 0 });
  const verify = useApiMutation('audit.verifyChain', { invalidate: ['audit.chainStatus'] });
  const last = status.data?.lastCheck;
  return (
    <Stack gap="xs" aria-labelledby="audit-chain-heading">
      <Text id="audit-chain-heading" fw={600}>
        Is the log intact?
      </Text>
      {status.isError && <ErrorAlert error={status.error} onRetry={() => void status.refetch()} />}
      {last && !last.ok && (
        <Alert color="red" role="alert" title="The audit log has been changed outside the app">
          {last.problem} The first entry affected is {last.firstBadId ?? 'unknown'}. Please keep the app’s backups safe and tell your information governance lead or
          Caldicott Guardian; the entries from that point cannot be relied on.
        </Alert>
      )}
      <Group align="center">
        <Text size="sm" c="dimmed" role="status">
          {last
            ? `${last.ok ? 'Intact' : 'Broken'} when last checked ${last.trigger === 'manual' ? `by ${last.checkedBy ?? 'a manager'}` : TRIGGER_WORDS[last.trigger]} on ${formatTimestamp(last.at)} (${last.rowsChecked} entries).`
            : 'Not checked yet.'}
          {status.data?.lastVerifiedAt && last && !last.ok ? ` Last found intact on ${formatTimestamp(status.data.lastVerifiedAt)}.` : ''}
        </Text>
        <Button variant="default" onClick={() => verify.mutate({})} loading={verify.isPending}>
          Check the log now
        </Button>
      </Group>
      {verify.data?.ok && (
        <Text size="sm" role="status">
          Checked just now: all {verify.data.rowsChecked} entries are exactly as the app wrote them.
        </Text>
      )}
    </Stack>
  );
}
