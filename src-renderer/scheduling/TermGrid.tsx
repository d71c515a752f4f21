// The term timetable: one row per course run, one column per week, as a WAI-ARIA grid (one tab stop, arrow keys inside).
import { Text, Title } from '@mantine/core';
import { DateTime } from 'luxon';
import { useRef, useState, type KeyboardEvent } from 'react';
import { Link } from 'react-router';
import { collegeToday } from '../../src-main/contract/dates';
import type { TermView } from '../../src-main/contract/scheduling';
import { formatTime } from '../dates/format';
import './timetable.css';

const mondayOf = (iso: string) => {
  const d = DateTime.fromISO(iso);
  return d.minus({ days: d.weekday - 1 }).toISODate() as string;
};

export interface TermGridProps {
  data: TermView;
  /** Whose term this is, in words, for the grid's caption. */
  whose: string;
  /** Opens the week view on the week starting `monday`. */
  onOpenWeek: (monday: string) => void;
}

/**
 * Row 0 holds the week headings (each opens its week); rows 1… hold one run each, its name (a link to the run) in column 0.
 * Exactly one cell is in the tab order at a time (roving tabindex); arrows, Home, End, Ctrl+Home, Ctrl+End, Page Up and
 * Page Down move it, Enter or Space opens the week under it.
 */
export function TermGrid({ data, whose, onOpenWeek }: TermGridProps) {
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

  const rows = data.runs.length + 1;
  const cols = weeks.length + 1;
  // The grid's tab stop starts on this week's heading when the term is running, else on the first week (the corner
  // cell holds nothing to act on).
  const thisWeek = mondayOf(collegeToday());
  const [pos, setPos] = useState(() => ({ r: 0, c: Math.max(0, weeks.indexOf(thisWeek)) + 1 }));
  const at = { r: Math.min(pos.r, rows - 1), c: Math.min(pos.c, cols - 1) };
  const table = useRef<HTMLTableElement>(null);
  const tab = (r: number, c: number) => (r === at.r && c === at.c ? 0 : -1);
  const cellProps = (r: number, c: number) => ({ 'data-cell': `${r}:${c}`, tabIndex: tab(r, c), onFocus: () => setPos({ r, c }) });

  const move = (r: number, c: number) => {
    const next = { r: Math.max(0, Math.min(rows - 1, r)), c: Math.max(0, Math.min(cols - 1, c)) };
    if (next.r === 0 && next.c === 0) next.c = 1;
    setPos(next);
    table.current?.querySelector<HTMLElement>(`[data-cell="${next.r}:${next.c}"]`)?.focus();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTableElement>) => {
    const { r, c } = at;
    const keys: Record<string, () => void> = {
      ArrowRight: () => move(r, c + 1),
      ArrowLeft: () => move(r, c - 1),
      ArrowDown: () => move(r + 1, c),
      ArrowUp: () => move(r - 1, c),
      Home: () => (e.ctrlKey ? move(0, 1) : move(r, r === 0 ? 1 : 0)),
      End: () => (e.ctrlKey ? move(rows - 1, cols - 1) : move(r, cols - 1)),
      PageDown: () => move(r + 5, c),
      PageUp: () => move(r - 5, c),
    };
    if (keys[e.key]) {
      e.preventDefault();
      keys[e.key]();
      return;
    }
    // Enter on a run's name follows its link; on a week (heading or cell) it opens that week.
    if ((e.key === 'Enter' || e.key === ' ') && c > 0) {
      e.preventDefault();
      onOpenWeek(weeks[c - 1]);
    }
  };

  const weekName = (w: string) => `Week commencing ${DateTime.fromISO(w).toFormat('d LLLL')}`;
  return (
    <>
      <Title order={2} size="h4" id="tg-term-caption" mb={2}>
        {data.term.name} timetable: {whose}
      </Title>
      <Text id="tg-term-hint" size="sm" c="dark.4" mb="xs">
        Arrow keys move between weeks and course runs; Enter opens a week or a course run.
      </Text>
      <div className="tg-scroll tg-scroll--term">
        <table ref={table} role="grid" className="tg-term" aria-labelledby="tg-term-caption" aria-describedby="tg-term-hint" onKeyDown={onKeyDown}>
          <thead>
            <tr role="row">
              <th role="columnheader" scope="col" className="tg-runhead" data-cell="0:0">
                Course run
              </th>
              {weeks.map((w, i) => {
                const closed = closedWeek(w);
                return (
                  <th
                    role="columnheader"
                    scope="col"
                    key={w}
                    className={closed ? 'tg-closedweek' : undefined}
                    onClick={() => onOpenWeek(w)}
                    {...cellProps(0, i + 1)}
                  >
                    <span aria-hidden="true">w/c {DateTime.fromISO(w).toFormat('d LLL')}</span>
                    <span className="sr-only">
                      {weekName(w)}
                      {w === thisWeek ? ', this week' : ''}
                    </span>
                    {w === thisWeek && (
                      <Text size="xs" c="calm.8" fw={600} aria-hidden="true">
                        This week
                      </Text>
                    )}
                    {closed && (
                      <Text size="xs" c="dark.4" fw={400}>
                        Closed: {closed}
                      </Text>
                    )}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {data.runs.map((r, i) => (
              <tr role="row" key={r.id}>
                <th role="rowheader" scope="row" className="tg-runhead">
                  <Link to={`/schedule/runs/${r.id}`} style={{ color: 'var(--mantine-color-calm-8)', fontWeight: 600 }} {...cellProps(i + 1, 0)}>
                    {r.courseTitle}
                  </Link>
                  <Text size="xs" c="dark.4">
                    {r.roomName ?? r.venueName} · {r.enrolledCount} of {r.capacity} places
                  </Text>
                </th>
                {weeks.map((w, j) => {
                  const end = DateTime.fromISO(w).plus({ days: 6 }).toISODate() as string;
                  const here = (byRun.get(r.id) ?? []).filter((s) => s.date >= w && s.date <= end);
                  return (
                    <td role="gridcell" key={w} className={closedWeek(w) ? 'tg-closedweek' : undefined} onClick={() => onOpenWeek(w)} {...cellProps(i + 1, j + 1)}>
                      {here.map((s) => (
                        <span key={s.id} className={s.status === 'cancelled' ? 'tg-cancelled' : undefined} style={{ display: 'block' }}>
                          {DateTime.fromISO(s.date).toFormat('ccc')} {formatTime(s.startTime)}
                          {s.status === 'cancelled' ? ' (cancelled)' : ''}
                        </span>
                      ))}
                      {here.length === 0 && <span className="sr-only">No sessions</span>}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {data.runs.length === 0 && <Text c="dimmed">No course runs to show. Choose a week heading to open that week.</Text>}
    </>
  );
}
