// Registers: any day's sessions (today by default) with their registers, and the way to the follow-up list.
import { Anchor, Group, Text } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { collegeToday, formatDate, isIsoDate } from '../../src-main/contract/dates';
import { useApiQuery } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { Page } from '../components/Page';
import { RequirePermission } from '../components/RequirePermission';
import { SessionList } from './SessionList';
import { DateField } from '../dates/DateField';
import { HowThisWorks } from '../components/HowThisWorks';
import { Loading } from '../components/Loading';

export function RegistersHome() {
  return (
    <RequirePermission permission="registers.take" title="Registers">
      <Registers />
    </RequirePermission>
  );
}

function Registers() {
  const [date, setDate] = useState(collegeToday());
  const valid = isIsoDate(date);
  const q = useApiQuery('registers.day', { date }, { enabled: valid, quietErrors: true });
  return (
    <Page
      title="Registers"
      actions={
        <>
          <Anchor component={Link} to="/registers/to-take">
            Registers still to take
          </Anchor>
          <Anchor component={Link} to="/registers/follow-ups">
            Follow-up calls
          </Anchor>
        </>
      }
    >
      <HowThisWorks area="registers" />
      <Group align="flex-end">
        <DateField label="Sessions on" value={date} onChange={setDate} description="Pick a past day to correct its register." />
      </Group>
      {!valid ? (
        <Text>Please enter a date.</Text>
      ) : q.isPending ? (
        <Loading label="Loading sessions" />
      ) : q.error ? (
        <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />
      ) : q.data.length === 0 ? (
        <Text>There are no sessions on {formatDate(date)}.</Text>
      ) : (
        <SessionList sessions={q.data} caption={`Sessions on ${formatDate(date)}`} />
      )}
    </Page>
  );
}
