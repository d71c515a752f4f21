// The timetable: a week (day columns) or a whole term (one row per course run, one column per week), for all rooms,
// one room or one facilitator. Sessions are links; arrow keys move between them, Enter opens the course run.
import { Anchor, Badge, Button, Card, Group, NativeSelect, Paper, SegmentedControl, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { DateTime } from 'luxon';
import { useState, type KeyboardEvent } from 'react';
import { Link } from 'react-router';
import { collegeToday, formatDate } from '../../src-main/contract/dates';
import type { TermView, TimetableSession } from '../../src-main/contract/scheduling';
import { useApiQuery } from '../api/hooks';
import { useCurrentStaff } from '../app/auth-context';
import { ErrorAlert } from '../components/ErrorAlert';
import { Page } from '../components/Page';
import { ScheduleNav, TermSelect } from './shared';
import { HowThisWorks } from '../components/HowThisWorks';

type Filter = { kind: 'all' } | { kind: 'room'; roomId: number } | { kind: 'facilitator'; facilitatorId: number };

const mondayOf = (iso: string) => {
  const d = DateTime.fromISO(iso);
  return d.minus({ days: d.weekday - 1 }).toISODate() as string;
};

/** Arrow keys move between the grid's links: up/down within a column, left/right to the neighbouring column. */
function onGridKey(e: KeyboardEvent<HTMLDivElement>) {
  const el = document.activeElement as HTMLElement | null;
  const col = Number(el?.dataset.col);
  const row = Number(el?.dataset.row);
  if (!el || Number.isNaN(col) || !['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight'].includes(e.key)) return;
  const grid = e.currentTarget;
  const find = (c: number, r: number) => grid.querySelector<HTMLElement>(`[data-col="${c}"][data-row="${r}"]`);
  let target: HTMLElement | null = null;
  if (e.key === 'ArrowDown') target = find(col, row + 1);
  if (e.key === 'ArrowUp') target = find(col, row - 1);
  for (let c = col + (e.key === 'ArrowRight' ? 1 : -1); !target && (e.key === 'ArrowRight' || e.key === 'ArrowLeft') && c >= 0 && c < 60; c += e.key === 'ArrowRight' ? 1 : -1) {
    target = find(c, Math.min(row, grid.querySelectorAll(`[data-col="${c}"]`).length - 1)) ?? null;
  }
  if (target) {
    e.preventDefault();
    target.focus();
  }
}

function SessionCard({ s, col, row }: { s: TimetableSession; col: number; row: number }) {
  const { can } = useCurrentStaff();
  const cancelled = s.status === 'cancelled';
  return (
    <Paper withBorder p="xs" radius="sm" bg={cancelled ? 'gray.1' : undefined}>
      <Anchor component={Link} to={`/schedule/runs/${s.courseRunId}`} data-col={col} data-row={row} fw={600} td={cancelled ? 'line-through' : undefined}>
        {s.startTime}–{s.endTime} {s.courseTitle}
      </Anchor>
      <Text size="sm">{s.roomName ? `${s.roomName}, ${s.venueName}` : s.venueName}</Text>
      <Text size="sm" c="dimmed">
        {s.facilitators.map((f) => f.name).join(', ') || 'No facilitators yet'}
      </Text>
      <Group gap={4}>
        {cancelled ? (
          <Badge color="red" variant="light">
            Cancelled
          </Badge>
        ) : (
          <Text size="sm">
            {s.enrolledCount} of {s.capacity} places taken
          </Text>
        )}
        {!cancelled && can('registers.take') && (
          <Anchor component={Link} to={`/registers/sessions/${s.id}`} size="sm" aria-label={`Register for ${s.courseTitle}, ${formatDate(s.date)} ${s.startTime}`}>
            Register
          </Anchor>
        )}
      </Group>
    </Paper>
  );
}

function WeekView({ from, filter }: { from: string; filter: Filter }) {
  const to = DateTime.fromISO(from).plus({ days: 6 }).toISODate() as string;
  const week = useApiQuery('scheduling.week', { from, to, filter }, { quietErrors: true });
  if (week.error) return <ErrorAlert error={week.error} onRetry={() => void week.refetch()} />;
  const days = Array.from({ length: 7 }, (_, i) => DateTime.fromISO(from).plus({ days: i }).toISODate() as string);
  const shown = days.filter((d, i) => i < 5 || week.data?.sessions.some((s) => s.date === d));
  const today = collegeToday();
  return (
    <div onKeyDown={onGridKey} role="group" aria-label={`Week of ${formatDate(from)}`}>
      <SimpleGrid cols={{ base: 1, sm: Math.min(shown.length, 7) }} spacing="sm">
        {shown.map((d, col) => {
          const sessions = (week.data?.sessions ?? []).filter((s) => s.date === d);
          const closed = week.data?.closedDays.find((c) => c.date === d);
          return (
            <Stack key={d} gap="xs" component="section" aria-label={DateTime.fromISO(d).toFormat('cccc d LLLL')}>
              <Title order={2} size="h5" c={d === today ? 'calm.8' : undefined}>
                {DateTime.fromISO(d).toFormat('ccc d LLL')}
                {d === today ? ' (today)' : ''}
              </Title>
              {closed && (
                <Badge color="gray" variant="light" style={{ whiteSpace: 'normal', height: 'auto' }}>
                  {closed.reason}
                </Badge>
              )}
              {sessions.map((s, row) => (
                <SessionCard key={s.id} s={s} col={col} row={row} />
              ))}
              {sessions.length === 0 && !closed && (
                <Text size="sm" c="dimmed">
                  No sessions
                </Text>
              )}
            </Stack>
          );
        })}
      </SimpleGrid>
    </div>
  );
}

function TermGrid({ data }: { data: TermView }) {
  const first = mondayOf(data.term.startsOn);
  const weeks: string[] = [];
  for (let d = first; d <= data.term.endsOn; d = DateTime.fromISO(d).plus({ weeks: 1 }).toISODate() as string) weeks.push(d);
  const closedWeek = (w: string) => {
    const end = DateTime.fromISO(w).plus({ days: 4 }).toISODate() as string;
    const inWeek = data.closedDays.filter((c) => c.date >= w && c.date <= end);
    return inWeek.length >= 5 ? inWeek[0].reason.replace(/^Closed: /, '') : null;
  };
  const byRun = new Map<number, typeof data.sessions>();
  for (const s of data.sessions) byRun.set(s.courseRunId, [...(byRun.get(s.courseRunId) ?? []), s]);
  return (
    <div onKeyDown={onGridKey}>
      <Table.ScrollContainer minWidth={300 + weeks.length * 90}>
        <Table withColumnBorders aria-label={`${data.term.name} timetable`} style={{ fontSize: 'var(--mantine-font-size-sm)' }}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Course run</Table.Th>
              {weeks.map((w) => (
                <Table.Th scope="col" key={w}>
                  w/c {DateTime.fromISO(w).toFormat('d LLL')}
                  {closedWeek(w) && (
                    <Text size="xs" c="dimmed">
                      {closedWeek(w)}
                    </Text>
                  )}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.runs.map((r, row) => (
              <Table.Tr key={r.id}>
                <Table.Th scope="row">
                  <Anchor component={Link} to={`/schedule/runs/${r.id}`} data-col={0} data-row={row}>
                    {r.courseTitle}
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    {r.roomName ?? r.venueName} · {r.enrolledCount}/{r.capacity}
                  </Text>
                </Table.Th>
                {weeks.map((w) => {
                  const end = DateTime.fromISO(w).plus({ days: 6 }).toISODate() as string;
                  const here = (byRun.get(r.id) ?? []).filter((s) => s.date >= w && s.date <= end);
                  return (
                    <Table.Td key={w}>
                      {here.map((s) => (
                        <Text key={s.id} size="xs" td={s.status === 'cancelled' ? 'line-through' : undefined}>
                          {DateTime.fromISO(s.date).toFormat('ccc')} {s.startTime}
                          {s.status === 'cancelled' ? ' (cancelled)' : ''}
                        </Text>
                      ))}
                    </Table.Td>
                  );
                })}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {data.runs.length === 0 && <Text c="dimmed">No course runs to show.</Text>}
    </div>
  );
}

function TermViewPanel({ termId, filter }: { termId: number; filter: Filter }) {
  const view = useApiQuery('scheduling.termView', { termId, filter }, { quietErrors: true });
  if (view.error) return <ErrorAlert error={view.error} onRetry={() => void view.refetch()} />;
  if (!view.data) return <Text c="dimmed">Loading the term…</Text>;
  return <TermGrid data={view.data} />;
}

export function TimetablePage() {
  const [mode, setMode] = useState<'week' | 'term'>('week');
  const [monday, setMonday] = useState(() => mondayOf(collegeToday()));
  const [kind, setKind] = useState<'all' | 'room' | 'facilitator'>('all');
  const [which, setWhich] = useState('');
  const [termId, setTermId] = useState('');
  const venues = useApiQuery('scheduling.listVenues', {});
  const facilitators = useApiQuery('scheduling.listFacilitators', {});
  const terms = useApiQuery('scheduling.listTerms', {});
  const rooms = (venues.data ?? []).flatMap((v) => v.rooms.map((r) => ({ value: String(r.id), label: `${r.name}, ${v.name}` })));
  const people = (facilitators.data ?? []).map((f) => ({ value: String(f.id), label: f.name }));
  const options = kind === 'room' ? rooms : people;
  const chosen = which && options.some((o) => o.value === which) ? which : (options[0]?.value ?? '');
  const filter: Filter =
    kind === 'room' && chosen ? { kind: 'room', roomId: Number(chosen) } : kind === 'facilitator' && chosen ? { kind: 'facilitator', facilitatorId: Number(chosen) } : { kind: 'all' };
  const today = collegeToday();
  const currentTerm = [...(terms.data ?? [])].reverse().find((t) => t.endsOn >= today) ?? terms.data?.[0];
  const term = termId || (currentTerm ? String(currentTerm.id) : '');
  const move = (weeks: number) => setMonday(DateTime.fromISO(monday).plus({ weeks }).toISODate() as string);
  return (
    <Page title="Timetable">
      <ScheduleNav />
      <HowThisWorks area="schedule" />
      <Card withBorder>
        <Group align="flex-end" wrap="wrap">
          <SegmentedControl
            aria-label="Show a week or a whole term"
            value={mode}
            onChange={(v) => setMode(v as 'week' | 'term')}
            data={[
              { value: 'week', label: 'Week' },
              { value: 'term', label: 'Term' },
            ]}
          />
          <NativeSelect
            label="Show"
            value={kind}
            onChange={(e) => setKind(e.currentTarget.value as typeof kind)}
            data={[
              { value: 'all', label: 'All rooms and people' },
              { value: 'room', label: 'One room' },
              { value: 'facilitator', label: 'One facilitator' },
            ]}
          />
          {kind !== 'all' && <NativeSelect label={kind === 'room' ? 'Room' : 'Facilitator'} value={chosen} onChange={(e) => setWhich(e.currentTarget.value)} data={options} />}
          {mode === 'week' ? (
            <Group gap="xs">
              <Button variant="default" onClick={() => move(-1)}>
                Previous week
              </Button>
              <Button variant="default" onClick={() => setMonday(mondayOf(today))}>
                This week
              </Button>
              <Button variant="default" onClick={() => move(1)}>
                Next week
              </Button>
            </Group>
          ) : (
            <TermSelect label="Term" value={term} onChange={(e) => setTermId(e.currentTarget.value)} />
          )}
        </Group>
      </Card>
      {mode === 'week' ? (
        <>
          <Text fw={500} aria-live="polite">
            Week of {formatDate(monday)}
          </Text>
          <WeekView from={monday} filter={filter} />
        </>
      ) : term ? (
        <TermViewPanel termId={Number(term)} filter={filter} />
      ) : (
        <Text c="dimmed">No terms yet. Add one under Terms &amp; closures.</Text>
      )}
    </Page>
  );
}
