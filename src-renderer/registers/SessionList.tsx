// A day's sessions with how many marks each register still needs; each opens its register (Today and Registers use it).
import { Anchor, Badge, Group, Stack, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { TodaySession } from '../../src-main/contract/registers';
import { formatDate } from '../../src-main/contract/dates';

export function registerPath(sessionId: number): string {
  return `/registers/sessions/${sessionId}`;
}

function progress(s: TodaySession): { text: string; done: boolean } {
  if (s.expected === 0) return { text: 'Nobody enrolled yet', done: false };
  if (s.missing === 0) return { text: `Register complete (${s.marked} marked)`, done: true };
  return { text: `${s.missing} of ${s.expected} still to mark`, done: false };
}

export function SessionList({ sessions, showDate = false, caption }: { sessions: TodaySession[]; showDate?: boolean; caption: string }) {
  return (
    <Table verticalSpacing="sm" highlightOnHover data-testid="session-list">
      <Table.Caption style={{ captionSide: 'top', textAlign: 'left' }}>{caption}</Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">When</Table.Th>
          <Table.Th scope="col">Course</Table.Th>
          <Table.Th scope="col">Where</Table.Th>
          <Table.Th scope="col">Register</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {sessions.map((s) => {
          const p = progress(s);
          return (
            <Table.Tr key={s.sessionId}>
              <Table.Td>
                <Stack gap={0}>
                  {(showDate || !s.isToday) && <Text size="sm">{s.isToday ? 'Today' : formatDate(s.date)}</Text>}
                  <Text fw={500}>
                    {s.startTime}–{s.endTime}
                  </Text>
                </Stack>
              </Table.Td>
              <Table.Td>
                <Anchor component={Link} to={registerPath(s.sessionId)} fw={600}>
                  {s.courseTitle}
                </Anchor>
              </Table.Td>
              <Table.Td>
                {s.venueName}
                {s.roomName ? `, ${s.roomName}` : ''}
              </Table.Td>
              <Table.Td>
                <Group gap="xs">
                  <Badge color={p.done ? 'calm' : 'dark'} variant={p.done ? 'light' : 'outline'} data-testid="register-progress">
                    {p.done ? 'Done' : 'To do'}
                  </Badge>
                  <Text size="sm">{p.text}</Text>
                </Group>
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}
