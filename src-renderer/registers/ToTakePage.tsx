// Registers still to take: every session held before today whose register still has people without a mark, newest
// first — the list behind the count on Today and beside Registers in the navigation.
import { Text } from '@mantine/core';
import { formatDate } from '../../src-main/contract/dates';
import { useApiQuery } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { Loading } from '../components/Loading';
import { Page } from '../components/Page';
import { RequirePermission } from '../components/RequirePermission';
import { plural } from '../components/words';
import { SessionList } from './SessionList';

export function ToTakePage() {
  return (
    <RequirePermission permission="registers.take" title="Registers still to take">
      <ToTake />
    </RequirePermission>
  );
}

function ToTake() {
  const q = useApiQuery('registers.toTake', {}, { quietErrors: true });
  return (
    <Page title="Registers still to take">
      <Text maw={720}>
        Sessions that have taken place with someone on the register still without a mark. Marking them now keeps attendance, completion
        and the follow-up calls right. Changes after the day are kept as late corrections.
      </Text>
      {q.isPending ? (
        <Loading label="Loading registers still to take" />
      ) : q.error ? (
        <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />
      ) : q.data.length === 0 ? (
        <Text>Every register for past sessions is taken. Thank you.</Text>
      ) : (
        <SessionList
          sessions={q.data}
          showDate
          caption={`${plural(q.data.length, 'register')} still to take, the oldest from ${formatDate(q.data[q.data.length - 1].date)}`}
        />
      )}
    </Page>
  );
}
