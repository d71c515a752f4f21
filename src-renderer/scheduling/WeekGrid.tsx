// The week timetable as a time grid: days across, the college's hours down, each session a block placed by its London times.
import { Title } from '@mantine/core';
import { DateTime } from 'luxon';
import { useEffect, useRef, type CSSProperties, type KeyboardEvent } from 'react';
import { Link } from 'react-router';
import type { SkippedDate, TimetableSession } from '../../src-main/contract/scheduling';
import { useCurrentStaff } from '../app/auth-context';
import { formatTime } from '../dates/format';
import { hourRange, placeDay } from './timegrid-layout';
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

/** Arrow keys move between blocks: up and down through a day, left and right to the nearest session on the next day with any. */
function onBlockKey(e: KeyboardEvent<HTMLDivElement>) {
  const el = document.activeElement as HTMLElement | null;
  if (!el?.dataset.tgDay || !['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight'].includes(e.key)) return;
  const day = Number(el.dataset.tgDay);
  const index = Number(el.dataset.tgIndex);
  const grid = e.currentTarget;
  const inDay = (d: number) => [...grid.querySelectorAll<HTMLElement>(`[data-tg-day="${d}"]`)];
  let target: HTMLElement | undefined;
  if (e.key === 'ArrowDown') target = inDay(day)[index + 1];
  if (e.key === 'ArrowUp') target = inDay(day)[index - 1];
  if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
    const step = e.key === 'ArrowRight' ? 1 : -1;
    const start = Number(el.dataset.tgStart);
    for (let d = day + step; !target && d >= 0 && d < 7; d += step) {
      const blocks = inDay(d);
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
}

export function WeekGrid({ monday, sessions, closedDays, today, whose, takeFocus }: WeekGridProps) {
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
  // A day with a clash gets wider, so side-by-side sessions keep a readable width.
  const lanesOn = (d: string) => Math.max(1, ...placeDay(sessions.filter((s) => s.date === d)).map((p) => p.lanes));
  const columns = shown.map((d) => `minmax(${Math.max(9, lanesOn(d) * 7)}rem, 1fr)`);
  const minWidth = `calc(3.5rem + ${shown.reduce((n, d) => n + Math.max(9, lanesOn(d) * 7) + 0.5, 0)}rem)`;
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
        <div className="tg-week" style={{ gridTemplateColumns: `3.5rem ${columns.join(' ')}`, minWidth }} onKeyDown={onBlockKey}>
          <div aria-hidden="true">
            <div className="tg-head" />
            <div className="tg-axis" style={{ height }}>
              {hours.map((h) => (
                <span key={h} className="tg-hour" style={{ top: y(h) }}>
                  {formatTime(`${Math.floor(h / 60)}:${String(h % 60).padStart(2, '0')}`)}
                </span>
              ))}
            </div>
          </div>
          {shown.map((d) => {
            const col = days.indexOf(d);
            const placed = placeDay(sessions.filter((s) => s.date === d));
            const closed = closedDays.find((c) => c.date === d);
            const isToday = d === today;
            const headId = `tg-day-${d}`;
            // Reading order follows the clock: earliest first, then leftmost lane.
            const ordered = [...placed].sort((a, b) => a.start - b.start || a.lane - b.lane);
            return (
              <section key={d} aria-labelledby={headId}>
                <div className={`tg-head${isToday ? ' tg-head--today' : ''}`}>
                  <h3 id={headId}>
                    <span aria-hidden="true">{DateTime.fromISO(d).toFormat('ccc d LLL')}</span>
                    <span className="sr-only">{longDay(d)}</span>
                    {isToday ? ' (today)' : ''}
                  </h3>
                </div>
                <div className={`tg-body${closed ? ' tg-body--closed' : isToday ? ' tg-body--today' : ''}`} style={{ height }}>
                  {closed && <p className="tg-closed">{closed.reason}</p>}
                  {ordered.length === 0 && !closed && <p className="sr-only">No sessions</p>}
                  <ul className="tg-list">
                    {ordered.map((p, index) => {
                      const s = p.item;
                      const cancelled = s.status === 'cancelled';
                      const short = p.end - p.start < 50;
                      const slot: CSSProperties = { top: y(p.start), height: Math.max(((p.end - p.start) / 60) * HOUR_PX, 22), left: `${(p.lane / p.lanes) * 100}%`, width: `${100 / p.lanes}%` };
                      return (
                        <li key={s.id} className="tg-slot" style={slot}>
                          <div className={`tg-block${cancelled ? ' tg-block--cancelled' : ''}`}>
                            {/* The title is the link (its name starts with the title and says the rest); it covers the whole block. */}
                            <Link
                              to={`/schedule/runs/${s.courseRunId}`}
                              className="tg-link tg-title tg-line"
                              aria-label={sessionName(s)}
                              data-tg-day={col}
                              data-tg-index={index}
                              data-tg-start={p.start}
                              data-session-id={s.id}
                            >
                              {s.courseTitle}
                            </Link>
                            <span aria-hidden="true">
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
                            {!cancelled && can('registers.take') && (
                              <Link
                                to={`/registers/sessions/${s.id}`}
                                className="tg-register"
                                aria-label={`Register for ${s.courseTitle}, ${longDay(s.date)} ${formatTime(s.startTime)}`}
                                title="Take the register"
                              >
                                <RegisterIcon />
                              </Link>
                            )}
                          </div>
                        </li>
                      );
                    })}
                  </ul>
                </div>
              </section>
            );
          })}
        </div>
      </div>
    </section>
  );
}
