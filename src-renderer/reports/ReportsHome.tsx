// The Reports area's front page: what is here, and for whom.
import { Anchor, Card, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useCurrentStaff } from '../app/auth-context';
import { Page } from '../components/Page';
import { HowThisWorks } from '../components/HowThisWorks';

export function ReportsHome() {
  const { can } = useCurrentStaff();
  const items = [
    { to: '/reports/follow-up', title: 'Questionnaires due', text: 'Students whose end-of-course, 3-month or 6-month wellbeing questionnaire is due or overdue.', show: can('outcomes.read') },
    { to: '/reports/satisfaction', title: 'Satisfaction forms', text: 'Type in the anonymous course satisfaction forms and see each course’s results.', show: can('outcomes.read') },
    { to: '/reports/returns', title: 'Contract returns', text: 'Produce the return for the commissioner, see past returns, charts and the data-sharing extract (managers).', show: can('returns.run') },
  ].filter((i) => i.show);
  return (
    <Page title="Reports">
      <HowThisWorks area="reports" />
      <SimpleGrid cols={{ base: 1, md: 3 }}>
        {items.map((i) => (
          <Card key={i.to} withBorder padding="lg">
            <Stack gap="xs">
              <Title order={2} size="h4">
                <Anchor component={Link} to={i.to}>
                  {i.title}
                </Anchor>
              </Title>
              <Text size="sm">{i.text}</Text>
            </Stack>
          </Card>
        ))}
      </SimpleGrid>
      <Text size="sm" c="dimmed">
        Wellbeing questionnaires and destinations are entered on each student’s page, under “Wellbeing and outcomes”.
      </Text>
    </Page>
  );
}
