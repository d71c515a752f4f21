// Where each session sits in the week's time grid: minutes from the top of the college day, and a lane when sessions overlap.

/** The college day the grid always shows; it stretches to an earlier start or later finish when a session needs it. */
export const COLLEGE_DAY = { from: 9 * 60, to: 18 * 60 } as const;

/** `HH:MM` (Europe/London wall-clock, as stored) → minutes after midnight. */
export function minutesOf(time: string): number {
  const m = /^(\d{1,2}):(\d{2})/.exec(time);
  return m ? Number(m[1]) * 60 + Number(m[2]) : 0;
}

/** The hours to draw: the college day, widened to whole hours around any session outside it. */
export function hourRange(sessions: { startTime: string; endTime: string }[]): { from: number; to: number } {
  let from: number = COLLEGE_DAY.from;
  let to: number = COLLEGE_DAY.to;
  for (const s of sessions) {
    from = Math.min(from, Math.floor(minutesOf(s.startTime) / 60) * 60);
    to = Math.max(to, Math.ceil(Math.max(minutesOf(s.endTime), minutesOf(s.startTime) + 15) / 60) * 60);
  }
  return { from, to: Math.min(to, 24 * 60) };
}

export interface Placed<T> {
  item: T;
  start: number;
  end: number;
  /** Which of `lanes` side-by-side columns this session takes (0 = leftmost). */
  lane: number;
  /** How many sessions overlap here at most: the width is shared between them. */
  lanes: number;
}

/**
 * Lays one day's sessions out: those that overlap (directly or through a chain) form a group that shares the column's width,
 * each in the first lane free at its start, so a clash is seen side by side rather than hidden under another block.
 */
export function placeDay<T extends { startTime: string; endTime: string }>(sessions: T[]): Placed<T>[] {
  const sorted = sessions
    .map((item) => {
      const start = minutesOf(item.startTime);
      // A session with no length still needs room to be seen and clicked.
      return { item, start, end: Math.max(minutesOf(item.endTime), start + 15), lane: 0, lanes: 1 };
    })
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Placed<T>[] = [];
  let group: Placed<T>[] = [];
  let laneEnds: number[] = [];
  let groupEnd = -1;
  const close = () => {
    for (const p of group) p.lanes = laneEnds.length;
    out.push(...group);
    group = [];
    laneEnds = [];
  };
  for (const p of sorted) {
    if (p.start >= groupEnd) close();
    let lane = laneEnds.findIndex((end) => end <= p.start);
    if (lane === -1) lane = laneEnds.push(p.end) - 1;
    else laneEnds[lane] = p.end;
    p.lane = lane;
    group.push(p);
    groupEnd = Math.max(groupEnd, p.end);
  }
  close();
  return out;
}

/** One lane of a day column: a room or a person, with the sessions they are in. */
export interface Lane {
  key: string;
  label: string;
}

export type LaneMode = 'none' | 'room' | 'facilitator';

interface LaneSession {
  startTime: string;
  endTime: string;
  status: 'scheduled' | 'cancelled';
  roomId: number | null;
  roomName: string | null;
  venueName: string;
  facilitators: { id: number; name: string }[];
}

/** Which lanes a session sits in: its room, or each of its facilitators (a team of two is in both people's lanes). */
export function lanesOfSession(s: LaneSession, mode: Exclude<LaneMode, 'none'>): Lane[] {
  if (mode === 'room') return [s.roomId === null ? { key: 'room:none', label: 'No room' } : { key: `room:${s.roomId}`, label: s.roomName ?? 'Room' }];
  return s.facilitators.length === 0 ? [{ key: 'person:none', label: 'Nobody yet' }] : s.facilitators.map((f) => ({ key: `person:${f.id}`, label: f.name }));
}

/** The week's lanes: every room (or person) with a session that week, by name, then the lane for sessions with none. */
export function weekLanes(sessions: LaneSession[], mode: Exclude<LaneMode, 'none'>): Lane[] {
  const byKey = new Map<string, Lane>();
  for (const s of sessions) for (const lane of lanesOfSession(s, mode)) byKey.set(lane.key, lane);
  const none = (l: Lane) => l.key.endsWith(':none');
  return [...byKey.values()].sort((a, b) => Number(none(a)) - Number(none(b)) || a.label.localeCompare(b.label, 'en-GB') || a.key.localeCompare(b.key));
}

export interface PlacedInLane<T> extends Placed<T> {
  /** True when it overlaps another session still on in the same lane: a room or a person booked twice. */
  clash: boolean;
}

/**
 * One day's sessions split into the week's lanes, each lane laid out like a day (overlaps side by side within it). A
 * cancelled session is drawn but never makes a clash.
 */
export function placeDayInLanes<T extends LaneSession>(sessions: T[], lanes: Lane[], mode: Exclude<LaneMode, 'none'>): PlacedInLane<T>[][] {
  return lanes.map((lane) => {
    const placed = placeDay(sessions.filter((s) => lanesOfSession(s, mode).some((l) => l.key === lane.key)));
    const on = placed.filter((p) => p.item.status !== 'cancelled');
    return placed.map((p) => ({ ...p, clash: p.item.status !== 'cancelled' && on.some((o) => o !== p && o.start < p.end && p.start < o.end) }));
  });
}
