// The timetable: a week as a time grid (days across, hours down) or a whole term (one row per course run, one column per
// week), for all rooms, one room or one facilitator; a week's days can be split into one lane per room or facilitator.
// Opening a week in the term view shows it in the week view.
import { Button, Card, Group, NativeSelect, SegmentedControl, Text } from '@mantine/core';
import { DateTime } from 'luxon';
import { useRef, useState } from 'react';
import { collegeToday } from '../../src-main/contract/dates';
import { useApiQuery } from '../api/hooks';
import { ErrorAlert } from '../components/ErrorAlert';
import { HowThisWorks } from '../components/HowThisWorks';
import { Page } from '../components/Page';
import { ScheduleNav, TermSelect } from './shared';
import { TermGrid } from './TermGrid';
import { WeekGrid } from './WeekGrid';
import type { LaneMode } from './timegrid-layout';

type Filter = { kind: 'all' } | { kind: 'room'; roomId: number } | { kind: 'facilitator'; facilitatorId: number };

const mondayOf = (iso: string) => {
  const d = DateTime.fromISO(iso);
  return d.minus({ days: d.weekday - 1 }).toISODate() as string;
};

function WeekView({ from, filter, whose, takeFocus, laneMode }: { from: string; filter: Filter; whose: string; takeFocus: () => boolean; laneMode: LaneMode }) {
  const to = DateTime.fromISO(from).plus({ days: 6 }).toISODate() as string;
  const week = useApiQuery('scheduling.week', { from, to, filter }, { quietErrors: true });
  if (week.error) return <ErrorAlert error={week.error} onRetry={() => void week.refetch()} />;
  if (!week.data) return <Text c="dimmed">Loading the week…</Text>;
  return <WeekGrid monday={from} sessions={week.data.sessions} closedDays={week.data.closedDays} today={collegeToday()} whose={whose} takeFocus={takeFocus} laneMode={laneMode} />;
}

function TermViewPanel({ termId, filter, whose, onOpenWeek }: { termId: number; filter: Filter; whose: string; onOpenWeek: (monday: string) => void }) {
  const view = useApiQuery('scheduling.termView', { termId, filter }, { quietErrors: true });
  if (view.error) return <ErrorAlert error={view.error} onRetry={() => void view.refetch()} />;
  if (!view.data) return <Text c="dimmed">Loading the term…</Text>;
  return <TermGrid data={view.data} whose={whose} onOpenWeek={onOpenWeek} />;
}

export function TimetablePage() {
  const [mode, setMode] = useState<'week' | 'term'>('week');
  const [monday, setMonday] = useState(() => mondayOf(collegeToday()));
  const [kind, setKind] = useState<'all' | 'room' | 'facilitator'>('all');
  const [which, setWhich] = useState('');
  const [termId, setTermId] = useState('');
  const [laneMode, setLaneMode] = useState<LaneMode>('none');
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
  const whose = kind === 'all' || !chosen ? 'all rooms and people' : (options.find((o) => o.value === chosen)?.label ?? '');
  // A week opened from the term view takes focus once (its caption), so keyboard users hear where they landed; changing
  // week with the buttons afterwards leaves focus on the button.
  const focusPending = useRef(false);
  const openWeek = (w: string) => {
    focusPending.current = true;
    setMonday(w);
    setMode('week');
  };
  const takeFocus = () => {
    const pending = focusPending.current;
    focusPending.current = false;
    return pending;
  };
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
          {mode === 'week' && (
            <NativeSelect
              label="Lanes"
              value={laneMode}
              onChange={(e) => setLaneMode(e.currentTarget.value as LaneMode)}
              data={[
                { value: 'none', label: 'None: one column a day' },
                { value: 'room', label: 'One lane per room' },
                { value: 'facilitator', label: 'One lane per facilitator' },
              ]}
            />
          )}
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
        <WeekView from={monday} filter={filter} whose={whose} takeFocus={takeFocus} laneMode={laneMode} />
      ) : term ? (
        <TermViewPanel termId={Number(term)} filter={filter} whose={whose} onOpenWeek={openWeek} />
      ) : (
        <Text c="dimmed">No terms yet. Add one under Terms &amp; closures.</Text>
      )}
    </Page>
  );
}
