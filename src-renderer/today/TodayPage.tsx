// The landing page: today's sessions with how many marks each register still needs, yesterday's unfinished ones, and
// anyone due a welfare call. Other capabilities can add their own small panels here.
import { Alert, Anchor, Paper, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { formatDate } from '../../src-main/contract/dates';
import { useApiQuery } from '../api';
import { useCurrentStaff } from '../app/auth-context';
import { ErrorAlert } from '../components/ErrorAlert';
import { Page } from '../components/Page';
import { ConsentReviews, OpenRequests } from '../privacy/DataProtectionPage';
import { SessionList } from '../registers/SessionList';
import { SetupChecklist } from '../setup/SetupChecklist';
import { Loading } from '../components/Loading';

export function TodayPage() {
  const { can } = useCurrentStaff();
  return (
    <Page title="Today">
      <SetupChecklist />
      {can('audit.read') && (
        <>
          <OpenRequests />
          <ConsentReviews />
        </>
      )}
      {can('registers.take') ? (
        <>
          <TodayRegisters />
          <FollowUpsSummary />
        </>
      ) : (
        <Text>Nothing needs your attention here today.</Text>
      )}
    </Page>
  );
}

function TodayRegisters() {
  const q = useApiQuery('registers.today', {}, { quietErrors: true, refetchInterval: 60_000 });
  if (q.isPending) return <Loading label="Loading today’s sessions" />;
  if (q.error) return <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />;
  const today = q.data.sessions.filter((s) => s.isToday);
  const yesterday = q.data.sessions.filter((s) => !s.isToday);
  return (
    <Stack gap="lg">
      <Paper withBorder p="md" component="section" aria-labelledby="today-sessions">
        <Title order={2} size="h4" id="today-sessions" mb="xs">
          Sessions today, {formatDate(q.data.today)}
        </Title>
        {today.length === 0 ? <Text>No sessions today.</Text> : <SessionList sessions={today} caption="Choose a course to take its register." />}
      </Paper>
      {yesterday.length > 0 && (
        <Paper withBorder p="md" component="section" aria-labelledby="yesterday-sessions">
          <Title order={2} size="h4" id="yesterday-sessions" mb="xs">
            Still to finish from yesterday
          </Title>
          <SessionList sessions={yesterday} showDate caption="These registers still have people without a mark." />
        </Paper>
      )}
    </Stack>
  );
}

function FollowUpsSummary() {
  const q = useApiQuery('registers.followUps', {}, { quietErrors: true });
  if (!q.data) return null;
  const waiting = q.data.filter((e) => !e.contactedSinceLastMiss).length;
  if (waiting === 0) return null;
  return (
    <Alert color="calm" title="Follow-up calls" component="section">
      <Text>
        {waiting === 1 ? 'One person has' : `${waiting} people have`} missed two sessions in a row and might welcome a call.{' '}
        <Anchor component={Link} to="/registers/follow-ups">
          See the follow-up list
        </Anchor>
      </Text>
    </Alert>
  );
}
