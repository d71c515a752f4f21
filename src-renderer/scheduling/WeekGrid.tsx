// The week timetable as a time grid: days across (each split into one lane per room or facilitator when asked), the
// college's hours down, each session a block placed by its London times; a room or person booked twice says "Clash".
import { Title } from '@mantine/core';
import { DateTime } from 'luxon';
import { useEffect, useRef, type CSSProperties, type KeyboardEvent } from 'react';
import { Link } from 'react-router';
import type { SkippedDate, TimetableSession } from '../../src-main/contract/scheduling';
import { useCurrentStaff } from '../app/auth-context';
import { formatTime } from '../dates/format';
import { hourRange, placeDay, placeDayInLanes, weekLanes, type LaneMode, type PlacedInLane } from './timegrid-layout';
import './timetable.css';

/** Pixels per hour: a one-hour session has room for its title, time and room. */
const HOUR_PX = 60;

const longDay = (iso: string) => DateTime.fromISO(iso).toFormat('cccc d LLLL');

/** Everything a block shows, in one sentence, for people who cannot see the grid. */
export function sessionName(s: TimetableSession): string {
  const where = s.roomName ? `${s.roomName}, ${s.venueName}` : s.venueName;
  const team = s.facilitators.length > 0 ? `, with ${s.facilitators.map((f) => f.name).join(' and ')}` : '';
  const places = s.status === 'cancelled' ? `, cancelled${s.cancelReason ? `: ${s.cancelReason}` : ''}` : `, ${s.enrolledCount} of ${s.capacity} places taken`;
  return `${s.courseTitle}, ${longDay(s.date)}, ${formatTime(s.startTime)} to ${formatTime(s.endTime)}, ${where}${team}${places}`;
}

/**
 * Arrow keys move between blocks: up and down through a column (a day, or one lane of a day), left and right to the
 * nearest session in time in the next column with any.
 */
function onBlockKey(e: KeyboardEvent<HTMLDivElement>) {
  const el = document.activeElement as HTMLElement | null;
  if (!el?.dataset.tgCol || !['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight'].includes(e.key)) return;
  const col = Number(el.dataset.tgCol);
  const index = Number(el.dataset.tgIndex);
  const grid = e.currentTarget;
  const columns = Number(grid.dataset.tgColumns);
  const inCol = (c: number) => [...grid.querySelectorAll<HTMLElement>(`[data-tg-col="${c}"]`)];
  let target: HTMLElement | undefined;
  if (e.key === 'ArrowDown') target = inCol(col)[index + 1];
  if (e.key === 'ArrowUp') target = inCol(col)[index - 1];
  if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
    const step = e.key === 'ArrowRight' ? 1 : -1;
    const start = Number(el.dataset.tgStart);
    for (let c = col + step; !target && c >= 0 && c < columns; c += step) {
      const blocks = inCol(c);
      target = blocks.reduce<HTMLElement | undefined>((best, b) => (!best || Math.abs(Number(b.dataset.tgStart) - start) < Math.abs(Number(best.dataset.tgStart) - start) ? b : best), undefined);
    }
  }
  if (target) {
    e.preventDefault();
    target.focus();
  }
}

function RegisterIcon() {
  return (
    <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d="M5.5 1h5v2h-5z M3 2.5h2v1.5h6V2.5h2v12.5H3z" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinejoin="round" />
      <path d="M5.5 9l1.8 1.8L10.8 7" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

export interface WeekGridProps {
  /** The Monday the week starts on. */
  monday: string;
  sessions: TimetableSession[];
  closedDays: SkippedDate[];
  today: string;
  /** Whose week this is, in words: "all rooms and people", "Room A, Civic Centre", "Sam Staffer". */
  whose: string;
  /** Asked once on arrival: true when the person opened this week from the term view, so the caption takes focus. */
  takeFocus?: () => boolean;
  /** Split each day into one lane per room or per facilitator (`none`: one column a day). */
  laneMode?: LaneMode;
}

export function WeekGrid({ monday, sessions, closedDays, today, whose, takeFocus, laneMode = 'none' }: WeekGridProps) {
  const { can } = useCurrentStaff();
  const caption = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (takeFocus?.()) caption.current?.focus();
    // Only on arrival: a later change of week must not pull focus away from the button that changed it.
  }, []);
  const days = Array.from({ length: 7 }, (_, i) => DateTime.fromISO(monday).plus({ days: i }).toISODate() as string);
  // Monday to Friday always; a weekend day only when something happens on it.
  const shown = days.filter((d, i) => i < 5 || sessions.some((s) => s.date === d));
  const range = hourRange(sessions);
  const height = ((range.to - range.from) / 60) * HOUR_PX;
  const y = (minutes: number) => ((minutes - range.from) / 60) * HOUR_PX;
  const hours = Array.from({ length: (range.to - range.from) / 60 + 1 }, (_, i) => range.from + i * 60);
  const captionId = `tg-caption-${monday}`;
  // A week with nothing in it has no lanes to draw: its days stay whole.
  const lanes = laneMode === 'none' || sessions.length === 0 ? null : weekLanes(sessions, laneMode);
  const laneCount = lanes?.length || 1;
  // Each day's sessions, placed: one list per lane (or one for the whole day).
  const placedOn = new Map(shown.map((d) => {
    const onDay = sessions.filter((s) => s.date === d);
    return [d, lanes && laneMode !== 'none' ? placeDayInLanes(onDay, lanes, laneMode) : [placeDay(onDay).map((p) => ({ ...p, clash: false }))]] as const;
  }));
  // A lane (or day) with sessions side by side gets wider, so each keeps a readable width; lanes keep one width all week.
  const sideBySide = (i: number) => Math.max(1, ...shown.flatMap((d) => (placedOn.get(d)?.[i] ?? []).map((p) => p.lanes)));
  const laneRem = lanes ? lanes.map((_, i) => Math.max(8.5, sideBySide(i) * 7)) : [];
  const dayRem = (d: string) => (lanes ? laneRem.reduce((n, w) => n + w, 0) : Math.max(9, Math.max(1, ...(placedOn.get(d)?.[0] ?? []).map((p) => p.lanes)) * 7));
  const columns = shown.map((d) => `minmax(${dayRem(d)}rem, 1fr)`);
  const minWidth = `calc(3.5rem + ${shown.reduce((n, d) => n + dayRem(d) + 0.5, 0)}rem)`;
  const laneColumns = lanes ? laneRem.map((w) => `minmax(${w}rem, 1fr)`).join(' ') : undefined;
  const count = sessions.length;
  return (
    <section aria-labelledby={captionId} style={{ '--tg-hour': `${HOUR_PX}px` } as CSSProperties}>
      <Title order={2} size="h4" id={captionId} ref={caption} tabIndex={-1} className="rcd-page-heading" mb="xs">
        Week of {DateTime.fromISO(monday).toFormat('cccc d LLLL yyyy')}: {whose}
      </Title>
      <p className="sr-only" aria-live="polite">
        {count === 0 ? 'No sessions this week.' : `${count} ${count === 1 ? 'session' : 'sessions'} this week.`} Use the arrow keys to move between sessions.
      </p>
      <div className="tg-scroll">
        <div className="tg-week" style={{ gridTemplateColumns: `3.5rem ${columns.join(' ')}`, minWidth }} onKeyDown={onBlockKey} data-tg-columns={7 * laneCount}>
          <div aria-hidden="true">
            <div className="tg-head" />
            {lanes && <div className="tg-lanehead" />}
            <div className="tg-axis" style={{ height }}>
              {hours.map((h) => (
                <span key={h} className="tg-hour" style={{ top: y(h) }}>
                  {formatTime(`${Math.floor(h / 60)}:${String(h % 60).padStart(2, '0')}`)}
                </span>
              ))}
            </div>
          </div>
          {shown.map((d) => {
            const day = days.indexOf(d);
            const closed = closedDays.find((c) => c.date === d);
            const isToday = d === today;
            const headId = `tg-day-${d}`;
            const body = `tg-body${closed ? ' tg-body--closed' : isToday ? ' tg-body--today' : ''}`;
            const dayLists = placedOn.get(d) ?? [];
            const empty = dayLists.every((l) => l.length === 0);
            return (
              <section key={d} aria-labelledby={headId}>
                <div className={`tg-head${isToday ? ' tg-head--today' : ''}`}>
                  <h3 id={headId}>
                    <span aria-hidden="true">{DateTime.fromISO(d).toFormat('ccc d LLL')}</span>
                    <span className="sr-only">{longDay(d)}</span>
                    {isToday ? ' (today)' : ''}
                  </h3>
                </div>
                {lanes ? (
                  <>
                    {/* Each lane's list is named for screen readers; these labels are for the eye. */}
                    <div className="tg-lanehead" aria-hidden="true" style={{ gridTemplateColumns: laneColumns }}>
                      {lanes.map((l) => (
                        <span key={l.key} title={l.label}>
                          {l.label}
                        </span>
                      ))}
                    </div>
                    <div className={`tg-lanes ${body}`} style={{ height, gridTemplateColumns: laneColumns }}>
                      {closed && <p className="tg-closed">{closed.reason}</p>}
                      {empty && !closed && <p className="sr-only">No sessions</p>}
                      {lanes.map((l, i) => (
                        <div key={l.key} className="tg-lane">
                          {dayLists[i].length > 0 && (
                            <Blocks placed={dayLists[i]} col={day * laneCount + i} y={y} laneLabel={l.label} registers={can('registers.take')} listLabel={l.label} />
                          )}
                        </div>
                      ))}
                    </div>
                  </>
                ) : (
                  <div className={body} style={{ height }}>
                    {closed && <p className="tg-closed">{closed.reason}</p>}
                    {empty && !closed && <p className="sr-only">No sessions</p>}
                    <Blocks placed={dayLists[0] ?? []} col={day} y={y} registers={can('registers.take')} />
                  </div>
                )}
              </section>
            );
          })}
        </div>
      </div>
    </section>
  );
}

/** One column's sessions (a day, or one lane of it), each a block placed by its times, in the order of the clock. */
function Blocks({ placed, col, y, registers, laneLabel, listLabel }: { placed: PlacedInLane<TimetableSession>[]; col: number; y: (m: number) => number; registers: boolean; laneLabel?: string; listLabel?: string }) {
  // Reading order follows the clock: earliest first, then leftmost.
  const ordered = [...placed].sort((a, b) => a.start - b.start || a.lane - b.lane);
  return (
    <ul className="tg-list" aria-label={listLabel}>
      {ordered.map((p, index) => {
        const s = p.item;
        const cancelled = s.status === 'cancelled';
        const short = p.end - p.start < 50;
        const slot: CSSProperties = { top: y(p.start), height: Math.max(((p.end - p.start) / 60) * HOUR_PX, 22), left: `${(p.lane / p.lanes) * 100}%`, width: `${100 / p.lanes}%` };
        const clash = p.clash && laneLabel ? `, clash: ${laneLabel} is booked for another session at the same time` : '';
        return (
          <li key={s.id} className="tg-slot" style={slot}>
            <div className={`tg-block${cancelled ? ' tg-block--cancelled' : ''}${p.clash ? ' tg-block--clash' : ''}`}>
              {/* The title is the link (its name starts with the title and says the rest); it covers the whole block. */}
              <Link
                to={`/schedule/runs/${s.courseRunId}`}
                className="tg-link tg-title tg-line"
                aria-label={sessionName(s) + clash}
                data-tg-col={col}
                data-tg-index={index}
                data-tg-start={p.start}
                data-session-id={s.id}
              >
                {s.courseTitle}
              </Link>
              <span aria-hidden="true">
                {p.clash && <span className="tg-tag tg-tag--clash">Clash</span>}
                <span className="tg-line">
                  {formatTime(s.startTime)}–{formatTime(s.endTime)}
                  {short ? ` · ${s.roomName ?? s.venueName}` : ''}
                </span>
                {!short && <span className="tg-line">{s.roomName ? `${s.roomName}, ${s.venueName}` : s.venueName}</span>}
                {!short && !cancelled && <span className="tg-line">{s.facilitators.map((f) => f.name).join(', ') || 'No facilitators yet'}</span>}
                {!short && !cancelled && (
                  <span className="tg-line">
                    {s.enrolledCount} of {s.capacity} places taken
                  </span>
                )}
                {cancelled && <span className="tg-tag">Cancelled{s.cancelReason ? `: ${s.cancelReason}` : ''}</span>}
              </span>
              {!cancelled && registers && (
                <Link to={`/registers/sessions/${s.id}`} className="tg-register" aria-label={`Register for ${s.courseTitle}, ${longDay(s.date)} ${formatTime(s.startTime)}`} title="Take the register">
                  <RegisterIcon />
                </Link>
              )}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
