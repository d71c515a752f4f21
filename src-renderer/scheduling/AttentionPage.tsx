// Course runs that need a coordinator's attention — still to come without the co-delivery team, or starting within two
// weeks below the minimum enrolment: the lists behind those counts on Today.
import { Anchor, Stack, Table, Text } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { formatDate } from '../../src-main/contract/dates';
import { RUN_NEEDS, STARTING_SOON_DAYS, type RunNeed } from '../../src-main/contract/scheduling';
import { useApiQuery } from '../api/hooks';
import { useCurrentStaff } from '../app/auth-context';
import { ErrorAlert } from '../components/ErrorAlert';
import { Loading } from '../components/Loading';
import { Page } from '../components/Page';
import { plural } from '../components/words';
import { NotFound } from '../app/NotFound';
import { CoDeliveryBadge, ScheduleNav } from './shared';

const TITLES: Record<RunNeed, string> = {
  team: 'Runs that need a peer trainer or a second facilitator',
  enrolment: 'Runs starting soon below the minimum enrolment',
};

export function AttentionPage() {
  const need = useParams().need as RunNeed;
  if (!RUN_NEEDS.includes(need)) return <NotFound />;
  return <Attention need={need} key={need} />;
}

function Attention({ need }: { need: RunNeed }) {
  const { can } = useCurrentStaff();
  const q = useApiQuery('scheduling.runsNeedingAttention', { need }, { quietErrors: true });
  const intro =
    need === 'team'
      ? 'The co-delivery standard is at least one peer trainer plus one other facilitator. These runs have not finished and do not meet it yet.'
      : `These runs start in the next ${STARTING_SOON_DAYS} days with fewer students enrolled than the college’s minimum${q.data ? ` (${q.data.minimumEnrolment})` : ''}: there is still time to promote them, or to agree what to do.`;
  return (
    <Page title={TITLES[need]}>
      <ScheduleNav />
      <Text maw={760}>
        {intro}
        {need === 'enrolment' && can('settings.manage') && (
          <>
            {' '}
            The minimum is set in{' '}
            <Anchor component={Link} to="/settings/college">
              College settings
            </Anchor>
            .
          </>
        )}
      </Text>
      {q.isPending ? (
        <Loading label="Loading course runs" />
      ) : q.error ? (
        <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />
      ) : q.data.runs.length === 0 ? (
        <Text>{need === 'team' ? 'Every run still to come has its co-delivery team.' : 'No run starting soon is below the minimum enrolment.'}</Text>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table striped aria-label={TITLES[need]}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Course</Table.Th>
                <Table.Th scope="col">Dates</Table.Th>
                <Table.Th scope="col">Places</Table.Th>
                <Table.Th scope="col">Team</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {q.data.runs.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/schedule/runs/${r.id}`} fw={500}>
                      {r.courseTitle}
                    </Anchor>
                    <Text size="sm" c="dimmed">
                      {r.termName} · {r.venueName}
                    </Text>
                  </Table.Td>
                  <Table.Td>{r.sessionCount > 0 ? `${plural(r.sessionCount, 'session')}, from ${formatDate(r.firstDate)}` : 'No sessions yet'}</Table.Td>
                  <Table.Td>
                    {r.enrolledCount} of {r.capacity} enrolled
                  </Table.Td>
                  <Table.Td>
                    <Stack gap={2}>
                      <Text size="sm">{r.facilitators.map((f) => f.name).join(', ') || 'Nobody yet'}</Text>
                      <CoDeliveryBadge run={r} />
                    </Stack>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Page>
  );
}
