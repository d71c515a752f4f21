// The new college's set-up checklist: a panel on Today for managers (until done), the "show it again" switch in College
// settings, and the "these rates are right" confirmation on Rates & limits. Done-ness comes from the core, never ticked here.
import { Alert, Anchor, Badge, Button, Group, List, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { Link } from 'react-router';
import type { SetupChecklist as Checklist, SetupStep } from '../../src-main/contract/setup';
import { useApiMutation, useApiQuery } from '../api/hooks';
import { useCurrentStaff } from '../app/auth-context';

/** Refetched on every visit: its steps change whenever another screen adds a term, a room, a person… */
function useChecklist(enabled: boolean) {
  return useApiQuery('setup.checklist', {}, { enabled, quietErrors: true, staleTime: 0, refetchOnMount: 'always' });
}

/** Today's panel: shown to managers while the college is being set up. */
export function SetupChecklist() {
  const { can } = useCurrentStaff();
  const q = useChecklist(can('settings.manage'));
  if (!can('settings.manage') || !q.data?.visible) return null;
  return <ChecklistPanel checklist={q.data} />;
}

function ChecklistPanel({ checklist }: { checklist: Checklist }) {
  const hide = useApiMutation('setup.hide', {
    invalidate: ['setup.'],
    onSuccess: () =>
      notifications.show({
        title: 'Checklist put away',
        message: 'You can bring it back any time from Settings → College settings.',
        color: 'calm',
        withBorder: true,
      }),
  });
  const { doneCount, total, complete } = checklist;
  const next = checklist.steps.find((s) => !s.done);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="setup-checklist-title" data-testid="setup-checklist">
      <Stack gap="sm">
        <Group justify="space-between" align="baseline" wrap="wrap">
          <Title order={2} size="h4" id="setup-checklist-title">
            Set up your college
          </Title>
          <Text fw={600} id="setup-checklist-progress">
            {doneCount} of {total} steps done
          </Text>
        </Group>
        <Progress.Root size="md">
          <Progress.Section value={(doneCount / total) * 100} aria-label={`Set-up progress: ${doneCount} of ${total} steps done`} />
        </Progress.Root>
        <Text>
          {complete
            ? 'Everything is in place. You can change any of it later from the same screens.'
            : 'A few things to put in place before the first session. Each step is ticked by itself once its records exist, so you can do them in any order, and come back later.'}
        </Text>
        <List listStyleType="none" spacing="sm" aria-label="Set-up steps" styles={{ itemWrapper: { width: '100%' }, itemLabel: { width: '100%' } }}>
          {checklist.steps.map((s) => (
            <List.Item key={s.key}>
              <StepRow step={s} isNext={s === next} />
            </List.Item>
          ))}
        </List>
        <Group justify="flex-end">
          <Button variant={complete ? 'filled' : 'default'} onClick={() => hide.mutate({})} loading={hide.isPending}>
            I’ve finished setting up
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function StepRow({ step, isNext }: { step: SetupStep; isNext: boolean }) {
  return (
    <Paper p="sm" radius="md" bg={isNext ? 'var(--mantine-color-calm-0)' : undefined} withBorder={isNext}>
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="md">
        <Stack gap={2} style={{ flex: 1 }}>
          <Group gap="xs">
            {step.done ? (
              <Badge variant="light" color="calm" leftSection={<span aria-hidden="true">✓</span>}>
                Done
              </Badge>
            ) : (
              <Badge variant="outline" color="gray">
                To do
              </Badge>
            )}
            <Text fw={600} component="h3" m={0} fz="md">
              {step.title}
            </Text>
          </Group>
          {!step.done && <Text size="sm">{step.why}</Text>}
          <Text size="sm" c="dimmed">
            {step.progress}
          </Text>
        </Stack>
        <Anchor component={Link} to={step.link} style={{ whiteSpace: 'nowrap' }}>
          {step.linkLabel}
        </Anchor>
      </Group>
    </Paper>
  );
}

/** College settings: where the put-away checklist is brought back. */
export function SetupChecklistSettings() {
  const q = useChecklist(true);
  const reopen = useApiMutation('setup.reopen', {
    invalidate: ['setup.'],
    onSuccess: () => notifications.show({ title: 'Checklist is back on Today', message: 'You’ll find it at the top of Today.', color: 'calm', withBorder: true }),
  });
  if (!q.data) return null;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="setup-settings-title" maw={520}>
      <Stack gap="xs">
        <Title order={2} size="h5" id="setup-settings-title">
          Set-up checklist
        </Title>
        <Text size="sm">
          {q.data.doneCount} of {q.data.total} steps done.{' '}
          {q.data.visible ? 'It is showing at the top of Today.' : 'It is not showing on Today.'}
        </Text>
        {!q.data.visible && (
          <Button variant="default" w="fit-content" onClick={() => reopen.mutate({})} loading={reopen.isPending}>
            Show the set-up checklist again
          </Button>
        )}
      </Stack>
    </Paper>
  );
}

/** Rates & limits: a manager says the ready-made rates are right for the college (the checklist's last step). */
export function ConfirmRatesPanel() {
  const { can } = useCurrentStaff();
  const q = useChecklist(can('settings.manage'));
  const confirm = useApiMutation('setup.confirmRates', {
    invalidate: ['setup.'],
    onSuccess: (c) =>
      notifications.show({
        title: 'Rates and limits checked',
        message: c.complete ? 'That was the last set-up step: your college is set up.' : `${c.doneCount} of ${c.total} set-up steps done.`,
        color: 'calm',
        withBorder: true,
      }),
  });
  if (!can('settings.manage') || !q.data) return null;
  if (q.data.ratesConfirmed) {
    return (
      <Text size="sm" c="dimmed">
        Checked as right for the college by {q.data.ratesConfirmed.by}.
      </Text>
    );
  }
  return (
    <Alert color="calm" title="Are these rates right for your college?" component="section">
      <Stack gap="xs">
        <Text size="sm">
          The mileage rates and benefit limits below come ready with HMRC’s and the ESA figures. Add any rate that is different for you (for example
          your involvement payment rates), then say they are right.
        </Text>
        <Button w="fit-content" onClick={() => confirm.mutate({ confirm: true })} loading={confirm.isPending}>
          These rates and limits are right
        </Button>
      </Stack>
    </Alert>
  );
}
