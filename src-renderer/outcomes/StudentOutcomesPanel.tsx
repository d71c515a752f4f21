// A small panel on the student's page: their latest wellbeing scores and destinations, and the way in to enter more.
import { Anchor, Card, Group, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { formatDate } from '../../src-main/contract/dates';
import { DESTINATION_KINDS, QUESTIONNAIRE_TIMEPOINTS } from '../../src-main/contract/outcomes';
import { useApiQuery } from '../api/hooks';
import { useCurrentStaff } from '../app/auth-context';

export function StudentOutcomesPanel({ id }: { id: number }) {
  const { can } = useCurrentStaff();
  const outcomes = useApiQuery('outcomes.forStudent', { studentId: id }, { enabled: can('outcomes.read'), quietErrors: true });
  if (!can('outcomes.read')) return null;
  const d = outcomes.data;
  const latest = d?.questionnaires.find((q) => q.complete);
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-label="Wellbeing and outcomes">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4">
          Wellbeing and outcomes
        </Title>
        <Anchor component={Link} to={`/students/${id}/outcomes`}>
          {can('outcomes.enter') ? 'See all and enter questionnaires' : 'See all'}
        </Anchor>
      </Group>
      {!d ? (
        <Text c="dimmed">Loading…</Text>
      ) : (
        <>
          <Text>
            {d.questionnaires.length === 0
              ? 'No wellbeing questionnaires yet.'
              : latest
                ? `${d.questionnaires.length} questionnaire${d.questionnaires.length === 1 ? '' : 's'}; latest complete: ${latest.scale} ${QUESTIONNAIRE_TIMEPOINTS[latest.timepoint].toLowerCase()}, ${formatDate(latest.completedOn)}, score ${latest.scale === 'SWEMWBS' ? latest.score!.toFixed(2) : latest.score}.`
                : `${d.questionnaires.length} questionnaire${d.questionnaires.length === 1 ? '' : 's'}, none complete.`}
          </Text>
          {d.destinations.length > 0 && (
            <Text size="sm" c="dimmed">
              Destinations: {d.destinations.map((x) => `${DESTINATION_KINDS[x.kind]} (${formatDate(x.onDate)})`).join('; ')}
            </Text>
          )}
        </>
      )}
    </Card>
  );
}
