// Two desks, one college server (issue 12), as the people at them see it: reception (desk A) takes a register and the
// coordinator's screen (desk B) shows it within seconds without reloading; two people editing the same student — the
// second save is refused with who changed it and when, and the typing stays in the form; two registers taken at the same
// moment on two desks are both kept; and the screens desk B shows along the way pass axe.
import { mkdirSync } from 'node:fs';
import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collegeToday, formatTimestamp } from '../../src-main/contract/dates';
import type { Mark } from '../../src-main/contract/registers';
import { validStudent } from '../helpers/core';
import { POSTGRES_URL, failWithoutPostgresInCI } from '../helpers/postgres';
import { axeViolations, describeViolations } from './axe';
import { startTwoDesks, type Desk, type TwoDesks } from './desks';
import type { Person } from './support';

const SHOTS = '/tmp/shots-two-desks';
const LABEL: Record<Mark, string> = { present: 'Present', late: 'Late', absent: 'Absent', apologies: 'Apologies' };

const student = (firstName: string, surname: string, dateOfBirth: string, over: Record<string, unknown> = {}) => ({
  fields: validStudent({ firstName, surname, dateOfBirth, ...over }),
  confirmedNotDuplicate: true,
});

failWithoutPostgresInCI();

describe.skipIf(!POSTGRES_URL)('two desks on the college server', () => {
  let desks: TwoDesks;
  let a: Desk;
  let b: Desk;
  let reception: Person;
  let coordinator: Person;
  /** Today's sessions: Understanding Anxiety at 10:00 (four people), Living Well at 13:00 (three people). */
  let anxiety: number;
  let livingWell: number;
  let jordan: number;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    desks = await startTwoDesks();
    ({ a, b } = desks);
    const call = desks.call;
    reception = await desks.addStaff('admin', 'ada.reception', 'Ada Reception');
    coordinator = await desks.addStaff('coordinator', 'cal.office', 'Cal Coordinator');

    const today = collegeToday();
    const day = (n: number) => DateTime.fromISO(today).plus({ days: n }).toISODate() as string;
    const venue = await call('scheduling.createVenue', { name: 'Southend Hub', address: 'Victoria Avenue, Southend' });
    const room = await call('scheduling.createRoom', { venueId: venue.id, name: 'Room 2', capacity: 20 });
    const term = await call('scheduling.createTerm', { name: 'This term', startsOn: day(-30), endsOn: day(60) });
    const lead = await call('scheduling.createFacilitator', { firstName: 'Sam', surname: 'Okafor', kind: 'staff' });
    const peer = await call('scheduling.createFacilitator', { firstName: 'Jo', surname: 'Bright', kind: 'peer_trainer' });
    const sessionToday = async (title: string, startTime: string, endTime: string, people: [string, string, string][]) => {
      const course = await call('scheduling.createCourse', { title, sessionsCount: 6, defaultSessionMinutes: 120, defaultCapacity: 12 });
      const run = await call('scheduling.createRun', { courseId: course.id, termId: term.id, venueId: venue.id, roomId: room.id });
      await call('scheduling.setRunFacilitators', { runId: run.id, leadId: lead.id, coIds: [peer.id] });
      const session = await call('scheduling.addSession', { runId: run.id, times: { date: today, startTime, endTime } });
      for (const [first, surname, born] of people) {
        const s = await call('students.create', student(first, surname, born));
        await call('scheduling.enrol', { runId: run.id, studentId: s.id });
      }
      return session.id;
    };
    anxiety = await sessionToday('Understanding Anxiety', '10:00', '12:00', [
      ['Priya', 'Patel', '1984-03-12'],
      ['Tom', 'Adeyemi', '1979-11-02'],
      ['Ruth', 'Green', '1962-06-30'],
      ['Sam', 'Nowak', '1991-01-19'],
    ]);
    livingWell = await sessionToday('Living Well', '13:00', '15:00', [
      ['Kemi', 'Okafor', '1988-08-08'],
      ['Owen', 'Davies', '1975-04-21'],
      ['Ella', 'Wilson', '1999-12-01'],
    ]);
    jordan = (await call('students.create', student('Jordan', 'Blackwood', '1990-07-21', { phone: '07700 900111' }))).id;

    await a.signIn(reception);
    await b.signIn(coordinator);
  });
  afterAll(async () => {
    await desks?.close();
  });

  /** Waits until nothing on the screen is still loading. */
  const settled = (page: Page) => page.locator('[data-loading]').first().waitFor({ state: 'detached' });
  /** What the person at the desk sees now (the window, not the whole scrolled page). */
  const shot = async (page: Page, name: string) => {
    await settled(page);
    await page.screenshot({ path: `${SHOTS}/${name}.png` });
  };

  /** Marks that no reload happens: a flag on the window, gone if the page were loaded again. */
  const keepWatch = (page: Page) => page.evaluate(() => ((globalThis as unknown as { keptWatch: boolean }).keptWatch = true));
  const stillSamePage = (page: Page) => page.evaluate(() => (globalThis as unknown as { keptWatch?: boolean }).keptWatch === true);

  /** The student's own phone (the emergency contact has a "Phone" too). */
  const phone = (page: Page) => page.getByRole('group', { name: 'Contact', exact: true }).getByLabel('Phone');

  async function expectAxeClean(page: Page) {
    await settled(page);
    expect(describeViolations(await axeViolations(page))).toEqual([]);
  }

  const registerRow = (page: Page, name: string) => page.getByTestId('register-row').filter({ hasText: name });
  const markShown = (page: Page, name: string, mark: Mark) =>
    registerRow(page, name).getByRole('button', { name: LABEL[mark], exact: true }).and(page.locator('[aria-pressed="true"]'));

  /** Marks someone by clicking their mark's button, and waits until the register says it is saved. */
  async function mark(page: Page, name: string, m: Mark) {
    await registerRow(page, name).getByRole('button', { name: LABEL[m], exact: true }).click();
    await registerRow(page, name).getByTestId('save-state').filter({ hasText: '✓ Saved' }).waitFor();
  }

  async function openRegister(desk: Desk, sessionId: number, title: string) {
    await desk.open(`/registers/sessions/${sessionId}`);
    await desk.page.getByRole('heading', { level: 1, name: `Register: ${title}` }).waitFor();
    await desk.page.getByTestId('register-row').first().waitFor();
  }

  it('shows a register being marked at reception on the coordinator’s screen within seconds, without reloading', async () => {
    // The coordinator watches Today: the 10:00 register has everyone still to mark.
    await b.open('/today');
    const todayRow = b.page.getByTestId('session-list').getByRole('row').filter({ hasText: 'Understanding Anxiety' });
    await todayRow.getByText('4 of 4 still to mark').waitFor();
    await keepWatch(b.page);
    await shot(b.page, '01-desk-b-today-before');
    await expectAxeClean(b.page);

    // Reception marks two people on the register.
    await openRegister(a, anxiety, 'Understanding Anxiety');
    await mark(a.page, 'Priya Patel', 'present');
    await mark(a.page, 'Tom Adeyemi', 'late');

    // The coordinator's Today catches up by itself.
    await todayRow.getByText('2 of 4 still to mark').waitFor();
    expect(await stillSamePage(b.page)).toBe(true);
    await shot(b.page, '02-desk-b-today-after-reception-marked');

    // The coordinator opens the same register (within the app): the two marks are there.
    await todayRow.getByRole('link', { name: 'Understanding Anxiety' }).click();
    await b.page.getByRole('heading', { level: 1, name: 'Register: Understanding Anxiety' }).waitFor();
    await markShown(b.page, 'Priya Patel', 'present').waitFor();
    await markShown(b.page, 'Tom Adeyemi', 'late').waitFor();

    // Reception marks someone else while the coordinator is looking at the register: it appears there too.
    await mark(a.page, 'Ruth Green', 'apologies');
    await markShown(b.page, 'Ruth Green', 'apologies').waitFor();
    await b.page.getByTestId('register-counts').filter({ hasText: '3 of 4 marked · 1 still to mark' }).waitFor();
    expect(await stillSamePage(b.page)).toBe(true);
    await shot(b.page, '03-desk-b-register-after-reception-marked');
    await expectAxeClean(b.page);

    expect([...a.pageErrors, ...b.pageErrors]).toEqual([]);
  });

  it('refuses the second of two edits to the same student, naming who changed it and when, and keeps the typing', async () => {
    const edit = `/students/${jordan}/edit`;
    await a.open(edit);
    await b.open(edit);
    for (const d of [a, b]) await d.page.getByRole('heading', { level: 1, name: 'Change Jordan Blackwood’s record' }).waitFor();
    await expect.poll(() => phone(b.page).inputValue()).toBe('07700 900111');
    await keepWatch(b.page);

    // The coordinator's window hears of reception's change and reads the record again in the background; the test
    // waits for that before the coordinator types, to show the refresh leaves the open form alone.
    const heard = b.page.waitForResponse(
      async (r) => r.url().endsWith('/__api/call') && (r.request().postData() ?? '').includes('"students.get"') && (await r.text()).includes('07700 900222'),
    );

    // Reception changes the phone number and saves.
    await phone(a.page).fill('07700 900222');
    await a.page.getByRole('button', { name: 'Save changes' }).click();
    await a.page.getByRole('heading', { level: 1, name: 'Jordan Blackwood' }).waitFor();
    await heard;
    await b.page.getByLabel(/^Preferred name/).fill('Jo');
    await b.page.getByLabel(/^Pronouns/).fill('they/them');
    await b.page.getByRole('button', { name: 'Save changes' }).click();

    const refusal = b.page.getByRole('alert').filter({ hasText: 'Not saved yet' });
    await refusal.waitFor();
    const history = await desks.call('students.history', { id: jordan });
    const change = history.rows.find((r) => r.staffName === 'Ada Reception' && r.action === 'update');
    expect(change, JSON.stringify(history.rows)).toBeDefined();
    const said = (await refusal.textContent()) ?? '';
    expect(said).toContain(`Ada Reception changed this record (${formatTimestamp(change!.at)})`);
    expect(said).toContain('Your changes have not been saved');

    // Nothing typed is lost, and the form still shows what the coordinator opened (not reception's number under them).
    expect(await b.page.getByLabel(/^Preferred name/).inputValue()).toBe('Jo');
    expect(await b.page.getByLabel(/^Pronouns/).inputValue()).toBe('they/them');
    expect(await phone(b.page).inputValue()).toBe('07700 900111');
    expect(await stillSamePage(b.page)).toBe(true);
    await refusal.scrollIntoViewIfNeeded();
    await shot(b.page, '04-desk-b-edit-refused');
    await expectAxeClean(b.page);

    // The record on the server is reception's, untouched by the refused save.
    const stored = await desks.call('students.get', { id: jordan });
    expect(stored.phone).toBe('07700 900222');
    expect(stored.preferredName ?? null).toBeNull();

    expect([...a.pageErrors, ...b.pageErrors]).toEqual([]);
  });

  it('keeps both registers when two desks take different registers at the same time', async () => {
    await openRegister(a, livingWell, 'Living Well');
    await openRegister(b, anxiety, 'Understanding Anxiety');
    await markShown(b.page, 'Ruth Green', 'apologies').waitFor();

    // Both press "Mark everyone else present" in the same moment, then each marks one person differently.
    await Promise.all([a.page, b.page].map((p) => p.getByRole('button', { name: 'Mark everyone else present' }).click()));
    await Promise.all([
      a.page.getByTestId('register-counts').filter({ hasText: '3 of 3 marked · all marked' }).filter({ hasNotText: /saving/ }).waitFor(),
      b.page.getByTestId('register-counts').filter({ hasText: '4 of 4 marked · all marked' }).filter({ hasNotText: /saving/ }).waitFor(),
    ]);
    await Promise.all([mark(a.page, 'Owen Davies', 'absent'), mark(b.page, 'Sam Nowak', 'late')]);
    await shot(b.page, '05-desk-b-register-taken-alongside-desk-a');
    await expectAxeClean(b.page);

    const marks = async (sessionId: number) =>
      Object.fromEntries((await desks.call('registers.get', { sessionId })).rows.map((r) => [`${r.firstName} ${r.surname}`, r.mark]));
    expect(await marks(livingWell)).toEqual({ 'Kemi Okafor': 'present', 'Owen Davies': 'absent', 'Ella Wilson': 'present' });
    expect(await marks(anxiety)).toEqual({ 'Priya Patel': 'present', 'Tom Adeyemi': 'late', 'Ruth Green': 'apologies', 'Sam Nowak': 'late' });

    // And each desk sees the other's register as it was left, on Today.
    await b.open('/today');
    const livingWellOnB = b.page.getByTestId('session-list').getByRole('row').filter({ hasText: 'Living Well' });
    await livingWellOnB.getByText('Register complete (3 marked)').waitFor();
    await shot(b.page, '06-desk-b-today-both-registers-complete');
    await expectAxeClean(b.page);

    expect([...a.pageErrors, ...b.pageErrors]).toEqual([]);
  });
});
