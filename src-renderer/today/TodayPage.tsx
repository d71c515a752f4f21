// The landing page: today's sessions with their registers, then what needs doing now for this person's role — each item a
// link to its list with the list's count (today.summary) — and the managers' data-protection panels.
import { Anchor, Card, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { formatDate } from '../../src-main/contract/dates';
import { TODAY_GROUPS, TODAY_ITEMS, type TodayGroup, type TodayItem } from '../../src-main/contract/today';
import { useApiQuery } from '../api';
import { useCurrentStaff } from '../app/auth-context';
import { ErrorAlert } from '../components/ErrorAlert';
import { Page } from '../components/Page';
import { ConsentReviews, OpenRequests } from '../privacy/DataProtectionPage';
import { SessionList } from '../registers/SessionList';
import { SetupChecklist } from '../setup/SetupChecklist';
import { useTodaySummary } from './useTodaySummary';
import { Loading } from '../components/Loading';

export function TodayPage() {
  const { can } = useCurrentStaff();
  return (
    <Page title="Today">
      <SetupChecklist />
      {can('registers.take') && <TodayRegisters />}
      <WhatNeedsDoing />
      {can('audit.read') && (
        <>
          <OpenRequests />
          <ConsentReviews />
        </>
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

function WhatNeedsDoing() {
  const q = useTodaySummary({ fresh: true });
  if (q.isPending) return <Loading label="Loading what needs doing" />;
  if (q.error) return <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />;
  const groups = (Object.keys(TODAY_GROUPS) as TodayGroup[])
    .map((group) => ({ group, items: q.data.items.filter((i) => i.group === group) }))
    .filter((g) => g.items.length > 0);
  return (
    <Stack gap="sm" component="section" aria-labelledby="needs-doing">
      <Title order={2} size="h3" id="needs-doing">
        What needs doing
      </Title>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        {groups.map(({ group, items }) => (
          <NeedsDoingGroup key={group} group={group} items={items} />
        ))}
      </SimpleGrid>
    </Stack>
  );
}

function NeedsDoingGroup({ group, items }: { group: TodayGroup; items: TodayItem[] }) {
  const waiting = items.filter((i) => i.count > 0 && !TODAY_ITEMS[i.id].informational).length;
  const id = `today-group-${group}`;
  return (
    <Card withBorder padding="md" component="section" aria-labelledby={id} data-testid={id}>
      <Group justify="space-between" align="baseline" mb="xs" wrap="nowrap">
        <Title order={3} size="h5" id={id}>
          {TODAY_GROUPS[group]}
        </Title>
        <Text size="sm" c="dimmed">
          {waiting === 0 ? 'All clear' : waiting === 1 ? '1 thing to do' : `${waiting} things to do`}
        </Text>
      </Group>
      <Stack component="ul" gap="sm" m={0} p={0} style={{ listStyle: 'none' }}>
        {items.map((item) => (
          <NeedsDoingItem key={item.id} item={item} />
        ))}
      </Stack>
    </Card>
  );
}

/** "3 claims awaiting approval": the number in bold, the whole line a link to the list it counts. */
function NeedsDoingItem({ item }: { item: TodayItem }) {
  const m = item.count > 0 ? /^([\d,]+) (.*)$/.exec(item.label) : null;
  const todo = item.count > 0 && !TODAY_ITEMS[item.id].informational;
  return (
    <li data-testid={`today-${item.id}`} data-count={item.count}>
      <Group gap="xs" wrap="nowrap" align="flex-start">
        {/* A marker for the eye only: the words already say whether anything is waiting. */}
        <Text component="span" aria-hidden w="1.25rem" ta="center" fw={700} c={todo ? 'orange.8' : 'calm.8'}>
          {todo ? '•' : item.count > 0 ? '' : '✓'}
        </Text>
        <Stack gap={0}>
          <Anchor component={Link} to={item.link} fw={item.count > 0 ? 600 : 400} c={item.count > 0 ? undefined : 'dimmed'} underline="hover">
            {m ? (
              <>
                <strong>{m[1]}</strong> {m[2]}
              </>
            ) : (
              item.label
            )}
          </Anchor>
          {item.detail && (
            <Text size="sm" c="dimmed">
              {item.detail}
            </Text>
          )}
        </Stack>
      </Group>
    </li>
  );
}
