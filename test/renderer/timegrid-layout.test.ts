// The week time grid's layout: sessions that overlap share their day's width side by side; the hours widen for early or late sessions.
import { describe, expect, it } from 'vitest';
import { hourRange, placeDay, placeDayInLanes, weekLanes } from '../../src-renderer/scheduling/timegrid-layout';

const s = (id: number, startTime: string, endTime: string) => ({ id, startTime, endTime });
const lanes = (placed: ReturnType<typeof placeDay<ReturnType<typeof s>>>) => Object.fromEntries(placed.map((p) => [p.item.id, `${p.lane}/${p.lanes}`]));

describe('placing a day of sessions', () => {
  it('gives sessions that do not overlap the whole width', () => {
    expect(lanes(placeDay([s(1, '10:00', '12:00'), s(2, '12:00', '13:00'), s(3, '14:00', '15:00')]))).toEqual({ 1: '0/1', 2: '0/1', 3: '0/1' });
  });

  it('puts a clash side by side, and a chain of overlaps shares one width', () => {
    // 1 overlaps 2, 2 overlaps 3, 1 and 3 do not: two lanes are enough, 3 reuses 1's lane.
    expect(lanes(placeDay([s(1, '10:00', '12:00'), s(2, '11:00', '13:00'), s(3, '12:00', '14:00'), s(4, '15:00', '16:00')]))).toEqual({ 1: '0/2', 2: '1/2', 3: '0/2', 4: '0/1' });
    expect(lanes(placeDay([s(1, '10:00', '12:00'), s(2, '10:00', '11:00'), s(3, '10:30', '11:30')]))).toEqual({ 1: '0/3', 2: '1/3', 3: '2/3' });
  });
});

describe('the hours drawn', () => {
  it('is the college day, 09:00 to 18:00, widened to whole hours for an early or evening session', () => {
    expect(hourRange([s(1, '10:00', '12:00')])).toEqual({ from: 540, to: 1080 });
    expect(hourRange([s(1, '08:30', '09:30'), s(2, '18:30', '20:00')])).toEqual({ from: 480, to: 1200 });
    expect(hourRange([s(1, '18:00', '20:15')])).toEqual({ from: 540, to: 1260 });
  });
});

describe('lanes for each room or person', () => {
  const session = (id: number, startTime: string, endTime: string, roomId: number | null, people: string[], status: 'scheduled' | 'cancelled' = 'scheduled') => ({
    id,
    startTime,
    endTime,
    status,
    roomId,
    roomName: roomId === null ? null : `Room ${roomId}`,
    venueName: 'Civic Centre',
    facilitators: people.map((name) => ({ id: name.charCodeAt(0), name })),
  });
  const week = [
    session(1, '10:00', '12:00', 2, ['Sam', 'Pat']),
    session(2, '11:00', '13:00', 2, ['Pat']),
    session(3, '11:00', '12:00', 1, []),
    session(4, '10:30', '11:30', null, ['Sam'], 'cancelled'),
  ];

  it('has one lane per room (or person) with a session, by name, and the lane for none last', () => {
    expect(weekLanes(week, 'room').map((l) => l.label)).toEqual(['Room 1', 'Room 2', 'No room']);
    expect(weekLanes(week, 'facilitator').map((l) => l.label)).toEqual(['Pat', 'Sam', 'Nobody yet']);
  });

  it('puts a session in each of its lanes and shows a double booking in one lane as a clash', () => {
    const rooms = placeDayInLanes(week, weekLanes(week, 'room'), 'room');
    const ids = (lane: (typeof rooms)[number]) => lane.map((p) => `${p.item.id}${p.clash ? '!' : ''} ${p.lane}/${p.lanes}`);
    // Room 2 is booked twice from 11:00 to 12:00.
    expect(rooms.map(ids)).toEqual([['3 0/1'], ['1! 0/2', '2! 1/2'], ['4 0/1']]);
    const people = placeDayInLanes(week, weekLanes(week, 'facilitator'), 'facilitator');
    // Pat is in two places at 11:00; Sam's cancelled session is no clash.
    expect(people.map(ids)).toEqual([['1! 0/2', '2! 1/2'], ['1 0/2', '4 1/2'], ['3 0/1']]);
  });
});
