// The timetable as staff read it: a week as a time grid (sessions in their day's column at their London times, clashes side
// by side, cancellations struck through with the reason), and a term whose every week is reached and opened by keyboard.
import type { Locator, Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, describeViolations } from './axe';
import { startE2E, type E2E } from './support';

const SHOTS = process.env.TIMETABLE_SHOTS ?? '/tmp/timetable-shots';

let e2e: E2E;
let page: Page;
/** Living Well's run and Room 2, for arranging a double booking the core itself would refuse. */
let livingRun: number;
let room2Id: number;

// Spring 2027: twelve weeks; the last (w/c 29 March) is the first week of British Summer Time.
beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  e2e = await startE2E();
  const call = e2e.core.call;
  const sam = await call('scheduling.createFacilitator', { firstName: 'Sam', surname: 'Staffer', kind: 'staff' });
  const pat = await call('scheduling.createFacilitator', { firstName: 'Pat', surname: 'Peer', kind: 'peer_trainer' });
  const kim = await call('scheduling.createFacilitator', { firstName: 'Kim', surname: 'Kindly', kind: 'staff' });
  const term = await call('scheduling.createTerm', { name: 'Spring 2027', startsOn: '2027-01-11', endsOn: '2027-04-03' });
  const venue = await call('scheduling.createVenue', { name: 'Civic Centre' });
  const room = async (name: string) => call('scheduling.createRoom', { venueId: venue.id, name, capacity: 20 });
  const [room2, room3] = [await room('Room 2'), await room('Room 3')];
  const run = async (title: string, roomId: number, team: { leadId: number; coIds?: number[] }) => {
    const course = await call('scheduling.createCourse', { title, sessionsCount: 12, defaultSessionMinutes: 120, defaultCapacity: 12 });
    const r = await call('scheduling.createRun', { courseId: course.id, termId: term.id, venueId: venue.id, roomId });
    await call('scheduling.setRunFacilitators', { runId: r.id, leadId: team.leadId, coIds: team.coIds ?? [] });
    return r.id;
  };
  const anxiety = await run('Understanding Anxiety', room2.id, { leadId: sam.id, coIds: [pat.id] });
  const living = await run('Living Well', room3.id, { leadId: kim.id });
  livingRun = living;
  room2Id = room2.id;
  const mindful = await run('Mindful Mornings', room2.id, { leadId: kim.id });
  // Tuesdays 10:00–12:00 and, clashing in time (other room, other people), Tuesdays 11:00–13:00.
  await call('scheduling.generateSessions', { runId: anxiety, pattern: { weekday: 2, startTime: '10:00', lengthMinutes: 120, count: 12, firstDate: '2027-01-11' }, preview: false });
  await call('scheduling.generateSessions', { runId: living, pattern: { weekday: 2, startTime: '11:00', lengthMinutes: 120, count: 12, firstDate: '2027-01-11' }, preview: false });
  await call('scheduling.generateSessions', { runId: mindful, pattern: { weekday: 4, startTime: '09:30', lengthMinutes: 60, count: 12, firstDate: '2027-01-11' }, preview: false });
  // In the last week only: an evening session past the college day, and a Saturday one.
  await call('scheduling.addSession', { runId: mindful, times: { date: '2027-03-31', startTime: '18:30', endTime: '20:00' } });
  await call('scheduling.addSession', { runId: mindful, times: { date: '2027-04-03', startTime: '14:00', endTime: '15:30' } });
  const detail = await call('scheduling.getRun', { id: living });
  const last = detail.sessions.find((s) => s.date === '2027-03-30');
  if (!last) throw new Error('Living Well has no session on 30 March 2027');
  await call('scheduling.cancelSession', { id: last.id, reason: 'Facilitator unwell' });

  const coordinator = await e2e.core.addStaff('coordinator', 'tia.timetable', 'Tia Timetable');
  await e2e.signIn(coordinator.username, coordinator.password);
  page = e2e.page;
});
afterAll(async () => {
  await e2e?.close();
});

const openTimetable = async () => {
  await page.goto(`${e2e.harness.origin}/#/schedule`);
  await page.getByRole('heading', { level: 1, name: 'Timetable' }).waitFor();
};

const focusedText = () => page.evaluate<string>("document.activeElement?.innerText ?? ''");
const focusedName = () => page.evaluate<string | null>("document.activeElement?.getAttribute('aria-label') ?? null");
/** Whether the element `l` points at has the keyboard focus. */
const hasFocus = async (l: Locator) => (await l.and(page.locator(':focus')).count()) === 1;
const containsFocus = async (l: Locator) => (await l.locator(':focus').count()) === 1;

const box = async (l: Locator) => {
  const b = await l.boundingBox();
  if (!b) throw new Error('not visible');
  return b;
};

describe('the term timetable', () => {
  it('reaches a later week and opens it by keyboard alone', async () => {
    await openTimetable();
    await page.getByRole('radio', { name: 'Week' }).focus();
    await page.keyboard.press('ArrowRight');
    const grid = page.getByRole('grid', { name: 'Spring 2027 timetable: all rooms and people' });
    await grid.waitFor();
    // One tab stop into the grid: Tab from the view switch until focus is inside it.
    for (let i = 0; i < 10 && !(await containsFocus(grid)); i++) await page.keyboard.press('Tab');
    await expect(focusedText()).resolves.toContain('Week commencing 11 January');
    // Right arrow walks the weeks, all twelve, and stops at the last.
    for (let i = 0; i < 11; i++) await page.keyboard.press('ArrowRight');
    await expect(focusedText()).resolves.toContain('Week commencing 29 March');
    await page.keyboard.press('ArrowRight');
    await expect(focusedText()).resolves.toContain('Week commencing 29 March');
    await page.keyboard.press('Home');
    await expect(focusedText()).resolves.toContain('Week commencing 11 January');
    await page.keyboard.press('End');
    // Down into the first run's row (Living Well): its session that week, cancelled.
    await page.keyboard.press('ArrowDown');
    await expect(focusedText()).resolves.toContain('Tue 11:00 (cancelled)');
    // Only one cell of the grid is ever in the tab order.
    await expect(grid.locator('[tabindex="0"]').count()).resolves.toBe(1);
    expect(describeViolations(await axeViolations(page))).toEqual([]);

    await page.keyboard.press('Enter');
    const caption = page.getByRole('heading', { level: 2, name: 'Week of Monday 29 March 2027: all rooms and people' });
    await caption.waitFor();
    await expect(hasFocus(caption)).resolves.toBe(true);

    // On into the week: Tab reaches the first session; arrows move down the day and across to the next day's.
    await page.keyboard.press('Tab');
    await expect(focusedName()).resolves.toBe(
      'Understanding Anxiety, Tuesday 30 March, 10:00 to 12:00, Room 2, Civic Centre, with Sam Staffer and Pat Peer, 0 of 12 places taken',
    );
    await page.keyboard.press('ArrowDown');
    await expect(focusedName()).resolves.toMatch(/^Living Well, Tuesday 30 March, 11:00 to 13:00/);
    await page.keyboard.press('ArrowRight');
    await expect(focusedName()).resolves.toMatch(/^Mindful Mornings, Wednesday 31 March, 18:30 to 20:00/);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Mindful Mornings — Spring 2027' }).waitFor();
    expect(e2e.pageErrors).toEqual([]);
  });
});

describe('the week timetable', () => {
  const openLastWeek = async () => {
    await openTimetable();
    await page.getByRole('radio', { name: 'Week' }).focus();
    await page.keyboard.press('ArrowRight');
    await page.getByRole('columnheader', { name: 'Week commencing 29 March' }).click();
    await page.getByRole('heading', { level: 2, name: /^Week of Monday 29 March 2027/ }).waitFor();
  };
  const day = (name: string) => page.getByRole('region', { name });
  const block = (l: Locator, name: RegExp) => l.getByRole('link', { name });
  /** The block drawn for a session (the list item around its link), for its position and size. */
  const drawn = (link: Locator) => box(link.locator('xpath=ancestor::li[1]'));

  it('puts each session in its day column at its London time, clashes side by side, the hours widened for an evening', async () => {
    await openLastWeek();
    const tuesday = day('Tuesday 30 March');
    const thursday = day('Thursday 1 April');
    const anxiety = await drawn(block(tuesday, /^Understanding Anxiety, Tuesday 30 March, 10:00 to 12:00, Room 2/));
    const living = await drawn(block(tuesday, /^Living Well, Tuesday 30 March, 11:00 to 13:00/));
    const mindful = await drawn(block(thursday, /^Mindful Mornings, Thursday 1 April, 09:30 to 10:30/));
    const evening = await drawn(block(day('Wednesday 31 March'), /^Mindful Mornings, Wednesday 31 March, 18:30 to 20:00/));
    const col = async (l: Locator) => box(l.locator('.tg-body'));
    const [tue, thu] = [await col(tuesday), await col(thursday)];

    // In their own day's column…
    for (const b of [anxiety, living]) expect(b.x >= tue.x - 1 && b.x + b.width <= tue.x + tue.width + 1).toBe(true);
    expect(mindful.x >= thu.x - 1 && mindful.x + mindful.width <= thu.x + thu.width + 1).toBe(true);
    // …in time order down the page, evenly scaled: 09:30 → 10:00 is half of 10:00 → 11:00, and two hours twice one.
    expect(mindful.y).toBeLessThan(anxiety.y);
    expect(anxiety.y).toBeLessThan(living.y);
    expect(Math.abs(living.y - anxiety.y - 2 * (anxiety.y - mindful.y))).toBeLessThan(3);
    expect(Math.abs(anxiety.height - 2 * mindful.height)).toBeLessThan(5);
    expect(evening.y).toBeGreaterThan(living.y + living.height);
    // The hours run on to 20:00 for the evening session, and the 10:00 line is level with the 10:00 session.
    const hour = (t: string) => page.locator('.tg-hour', { hasText: t });
    await expect(hour('20:00').count()).resolves.toBe(1);
    const ten = await box(hour('10:00'));
    expect(Math.abs(ten.y + ten.height / 2 - anxiety.y)).toBeLessThan(4);
    // The clash is side by side, not one block hiding the other.
    expect(anxiety.x + anxiety.width).toBeLessThanOrEqual(living.x + 1);

    // The Saturday session brings Saturday in; Sunday stays out.
    await day('Saturday 3 April').waitFor();
    await expect(day('Sunday 4 April').count()).resolves.toBe(0);

    // A cancelled session is struck through and says why.
    const cancelled = block(tuesday, /^Living Well, Tuesday 30 March/);
    await expect(cancelled.getAttribute('aria-label')).resolves.toMatch(/, cancelled: Facilitator unwell$/);
    await expect(cancelled.evaluate((t) => (globalThis as unknown as { getComputedStyle(e: unknown): { textDecorationLine: string } }).getComputedStyle(t).textDecorationLine)).resolves.toBe('line-through');
    await expect(tuesday.locator('.tg-block--cancelled').innerText()).resolves.toContain('Cancelled: Facilitator unwell');
    expect(describeViolations(await axeViolations(page))).toEqual([]);

    // The week before is Greenwich Mean Time: the same wall-clock session sits at the same height, and no weekend is shown.
    const sameHour = anxiety.y - tue.y;
    await page.getByRole('button', { name: 'Previous week' }).click();
    const before = day('Tuesday 23 March');
    const earlier = await drawn(block(before, /^Understanding Anxiety, Tuesday 23 March, 10:00 to 12:00/));
    expect(Math.abs(earlier.y - (await col(before)).y - sameHour)).toBeLessThan(2);
    await expect(day('Saturday 27 March').count()).resolves.toBe(0);
    await expect(page.getByRole('region', { name: /^Week of Monday 22 March 2027/ }).getByRole('region').count()).resolves.toBe(5);
  });

  it('splits each day into one lane per room or per facilitator, reached with the arrow keys', async () => {
    await openLastWeek();
    const lanes = page.getByLabel('Lanes', { exact: true });
    await lanes.selectOption({ label: 'One lane per room' });
    const tuesday = day('Tuesday 30 March');
    const room2 = tuesday.getByRole('list', { name: 'Room 2' });
    const room3 = tuesday.getByRole('list', { name: 'Room 3' });
    const anxietyLink = block(room2, /^Understanding Anxiety, Tuesday 30 March, 10:00 to 12:00/);
    const livingLink = block(room3, /^Living Well, Tuesday 30 March, 11:00 to 13:00/);
    const [anxiety, living, body] = [await drawn(anxietyLink), await drawn(livingLink), await box(tuesday.locator('.tg-body'))];
    // Room 2's lane is left of Room 3's, both inside Tuesday's column, each session at its time.
    expect(anxiety.x + anxiety.width).toBeLessThanOrEqual(living.x + 1);
    for (const b of [anxiety, living]) expect(b.x >= body.x - 1 && b.x + b.width <= body.x + body.width + 1).toBe(true);
    expect(anxiety.y).toBeLessThan(living.y);
    await tuesday.getByText('Room 3', { exact: true }).waitFor();

    // Up and down a lane, across to the next lane, then on to the next day's.
    await anxietyLink.focus();
    await page.keyboard.press('ArrowRight');
    await expect(focusedName()).resolves.toMatch(/^Living Well, Tuesday 30 March/);
    await page.keyboard.press('ArrowRight');
    await expect(focusedName()).resolves.toMatch(/^Mindful Mornings, Wednesday 31 March, 18:30 to 20:00/);
    await page.keyboard.press('ArrowLeft');
    await expect(focusedName()).resolves.toMatch(/^Living Well, Tuesday 30 March/);
    expect(describeViolations(await axeViolations(page))).toEqual([]);

    // By facilitator: a session with two people is in both their lanes.
    await lanes.selectOption({ label: 'One lane per facilitator' });
    for (const person of ['Pat Peer', 'Sam Staffer']) {
      await expect(block(tuesday.getByRole('list', { name: person }), /^Understanding Anxiety, Tuesday 30 March/).count()).resolves.toBe(1);
    }
    await expect(block(tuesday.getByRole('list', { name: 'Kim Kindly' }), /^Living Well, Tuesday 30 March/).count()).resolves.toBe(1);
    expect(describeViolations(await axeViolations(page))).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/timetable-lanes-facilitator-1366.png` });
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.screenshot({ path: `${SHOTS}/timetable-lanes-facilitator-1024.png`, fullPage: true });
    await lanes.selectOption({ label: 'One lane per room' });
    await page.screenshot({ path: `${SHOTS}/timetable-lanes-room-1024.png`, fullPage: true });
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.screenshot({ path: `${SHOTS}/timetable-lanes-room-1366.png` });
    await lanes.selectOption({ label: 'None: one column a day' });
    await expect(tuesday.getByRole('list', { name: 'Room 2' }).count()).resolves.toBe(0);
    expect(e2e.pageErrors).toEqual([]);
  });

  it('says Clash on a room or person booked twice at once (as data from before the core refused it would be)', async () => {
    // Written straight into the database: the core refuses a double booking, so only older or imported data has one.
    const { db } = await e2e.database();
    const at = (time: string) => DateTime.fromISO(`2027-03-31T${time}`, { zone: 'Europe/London' }).toUTC().toISO() as string;
    const stamp = new Date().toISOString();
    const { id } = await db
      .insertInto('sessions')
      .values({ course_run_id: livingRun, room_id: room2Id, date: '2027-03-31', start_time: '19:00', end_time: '20:00', starts_at: at('19:00'), ends_at: at('20:00'), created_at: stamp, updated_at: stamp })
      .returning('id')
      .executeTakeFirstOrThrow();
    try {
      // A fresh page: the window keeps what it last read of the week for a while.
      await page.reload();
      await openLastWeek();
      const lanes = page.getByLabel('Lanes', { exact: true });
      const wednesday = day('Wednesday 31 March');
      // All in one column: side by side, but nothing says which room or person is double-booked.
      await block(wednesday, /^Living Well, Wednesday 31 March, 19:00 to 20:00/).waitFor();
      await expect(wednesday.getByText('Clash', { exact: true }).count()).resolves.toBe(0);

      await lanes.selectOption({ label: 'One lane per room' });
      const room2 = wednesday.getByRole('list', { name: 'Room 2' });
      await expect(room2.getByText('Clash', { exact: true }).count()).resolves.toBe(2);
      await expect(block(room2, /^Living Well, Wednesday 31 March/).getAttribute('aria-label')).resolves.toMatch(/, clash: Room 2 is booked for another session at the same time$/);
      expect(describeViolations(await axeViolations(page))).toEqual([]);
      await block(room2, /^Living Well, Wednesday 31 March/).scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SHOTS}/timetable-lanes-clash-room-1366.png` });

      // Kim leads both: her lane shows the clash too.
      await lanes.selectOption({ label: 'One lane per facilitator' });
      await expect(wednesday.getByRole('list', { name: 'Kim Kindly' }).getByText('Clash', { exact: true }).count()).resolves.toBe(2);
      await page.setViewportSize({ width: 1024, height: 768 });
      await block(wednesday.getByRole('list', { name: 'Kim Kindly' }), /^Living Well, Wednesday 31 March/).scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SHOTS}/timetable-lanes-clash-facilitator-1024.png` });
      await page.setViewportSize({ width: 1366, height: 768 });
      await lanes.selectOption({ label: 'None: one column a day' });
      expect(e2e.pageErrors).toEqual([]);
    } finally {
      await db.deleteFrom('sessions').where('id', '=', id).execute();
    }
  });

  it('shows one facilitator’s week with the same grid', async () => {
    await openLastWeek();
    await page.getByLabel('Show', { exact: true }).selectOption({ label: 'One facilitator' });
    await page.getByLabel('Facilitator', { exact: true }).selectOption({ label: 'Pat Peer' });
    const week = page.getByRole('region', { name: 'Week of Monday 29 March 2027: Pat Peer' });
    await week.waitFor();
    await expect(week.getByRole('link', { name: /^Understanding Anxiety, Tuesday 30 March/ }).count()).resolves.toBe(1);
    await expect(week.getByRole('link', { name: /^(Living Well|Mindful Mornings),/ }).count()).resolves.toBe(0);
    expect(e2e.pageErrors).toEqual([]);
  });
});
