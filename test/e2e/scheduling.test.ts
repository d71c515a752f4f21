// As a new coordinator would: plan a course, a term with a closure week, a room and two facilitators; generate a run that
// skips the closure; be refused a clashing booking that names the other session; fill the run past capacity and watch
// the waiting list promote when someone withdraws; download the run's calendar.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openAddDialog, startE2E, type E2E } from './support';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

const label = (text: string) => new RegExp(`^${text.replace(/[()]/g, '\\$&')}\\s*\\*?$`);

it('a coordinator plans a course run, meets a room clash, and fills it past capacity', async () => {
  const coordinator = await e2e.core.addStaff('coordinator', 'cora.coord', 'Cora Coordinator');
  for (const [firstName, surname] of [
    ['Ann', 'Able'],
    ['Bea', 'Bloggs'],
    ['Cy', 'Carter'],
  ]) {
    await e2e.core.call('students.create', {
      fields: { firstName, surname, dateOfBirth: '1980-05-01', referralSource: 'self', secondaryMhServices: 'no', ethnicCategory: 'Z', genderIdentity: 'Z', employmentStatus: 'ZZ' },
      confirmedNotDuplicate: true,
    });
  }
  await e2e.signIn(coordinator.username, coordinator.password);
  const { page } = e2e;
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: /^Courses & schedule(,|$)/ }).click();
  await page.getByRole('heading', { level: 1, name: 'Timetable' }).waitFor();
  const area = page.getByRole('navigation', { name: 'Courses and schedule' });

  // A course.
  await area.getByRole('link', { name: 'Catalogue' }).click();
  const courseDialog = await openAddDialog(page, 'Add a course');
  await courseDialog.getByLabel(label('Title')).fill('Understanding Anxiety');
  await courseDialog.getByLabel(label('Number of sessions')).fill('6');
  await courseDialog.getByRole('button', { name: 'Add course' }).click();
  await page.getByRole('table', { name: 'Courses' }).getByText('Understanding Anxiety', { exact: true }).waitFor();
  // A typo'd description is corrected in place.
  await page.getByRole('button', { name: 'Change Understanding Anxiety' }).click();
  const edit = page.getByRole('dialog', { name: 'Change a course' });
  await edit.getByLabel(label('Description')).fill('What anxiety is and what helps.');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await edit.waitFor({ state: 'detached' });

  // A term with a half-term closure week.
  await area.getByRole('link', { name: 'Terms & closures' }).click();
  await page.getByLabel(label('Term name')).fill('Autumn 2027');
  await page.getByLabel(label('First day')).fill('2027-09-06');
  await page.getByLabel(label('Last day')).fill('2027-12-17');
  await page.getByRole('button', { name: 'Add term' }).click();
  await page.getByRole('table', { name: 'Terms' }).getByText('Autumn 2027', { exact: true }).waitFor();
  await page.getByLabel(label('Which term')).selectOption({ label: 'Autumn 2027' });
  await page.getByLabel(label('First closed day')).fill('2027-10-25');
  await page.getByLabel(label('Last closed day')).fill('2027-10-29');
  await page.getByLabel(label('Reason')).fill('Half-term');
  await page.getByRole('button', { name: 'Add closure' }).click();
  await page.getByRole('table', { name: 'Closures' }).getByText('Half-term', { exact: true }).waitFor();

  // A venue and a room.
  await area.getByRole('link', { name: 'Venues & rooms' }).click();
  const venueDialog = await openAddDialog(page, 'Add a venue');
  await venueDialog.getByLabel(label('Venue name')).fill('Civic Centre');
  await venueDialog.getByRole('button', { name: 'Add venue' }).click();
  await page.getByRole('table', { name: 'Venues' }).getByText('Civic Centre', { exact: true }).waitFor();
  const roomDialog = await openAddDialog(page, 'Add a room');
  await roomDialog.getByLabel(label('Venue')).selectOption({ label: 'Civic Centre' });
  await roomDialog.getByLabel(label('Room name')).fill('Room A');
  await roomDialog.getByLabel(label('Capacity (people)')).fill('20');
  await roomDialog.getByRole('button', { name: 'Add room' }).click();
  await page.getByRole('list', { name: 'Rooms at Civic Centre' }).getByText('Room A', { exact: true }).waitFor();

  // Two facilitators, one a peer trainer.
  await area.getByRole('link', { name: 'Facilitators' }).click();
  for (const [first, last, role] of [
    ['Sam', 'Staffer', 'Staff'],
    ['Pat', 'Peer', 'Peer trainer'],
  ]) {
    const dialog = await openAddDialog(page, 'Add a facilitator');
    await dialog.getByLabel(label('First name')).fill(first);
    await dialog.getByLabel(label('Surname')).fill(last);
    await dialog.getByLabel(label('Role')).selectOption({ label: role });
    await dialog.getByRole('button', { name: 'Add facilitator' }).click();
    await page.getByRole('table', { name: 'Facilitators' }).getByText(`${first} ${last}`, { exact: true }).waitFor();
  }

  // The course run, in Room A, with 2 places.
  const offer = async () => {
    await area.getByRole('link', { name: 'Course runs' }).click();
    await page.getByRole('heading', { level: 1, name: 'Course runs' }).waitFor();
    const dialog = await openAddDialog(page, 'Offer a course', 'Offer a course in a term');
    await dialog.getByLabel(label('Course')).selectOption({ label: 'Understanding Anxiety' });
    await dialog.getByLabel(label('Term')).selectOption({ label: 'Autumn 2027' });
    await dialog.getByLabel(label('Venue')).selectOption({ label: 'Civic Centre' });
    await dialog.getByLabel(label('Room')).selectOption({ label: 'Room A (holds 20)' });
    await dialog.getByLabel(label('Places')).fill('2');
    await dialog.getByRole('button', { name: 'Create course run' }).click();
    await page.getByRole('heading', { level: 1, name: 'Understanding Anxiety — Autumn 2027' }).waitFor();
  };
  await offer();

  // Its team, on its own tab: a staff lead and a peer co-facilitator meets the co-delivery standard.
  const tabs = page.getByRole('tablist', { name: 'Course run' });
  await expect(tabs.getByRole('tab', { name: 'Sessions', exact: true }).getAttribute('aria-selected')).resolves.toBe('true');
  await tabs.getByRole('tab', { name: 'Team' }).click();
  expect(page.url()).toMatch(/\?tab=team$/);
  await page.getByLabel('Lead facilitator').selectOption({ label: 'Sam Staffer (Staff)' });
  await page.getByRole('checkbox', { name: 'Pat Peer (Peer trainer)' }).check();
  await page.getByRole('button', { name: 'Save team' }).click();
  await page.getByText('Co-delivered', { exact: true }).waitFor();

  // Six Thursday sessions from 7 October: the preview shows the half-term Thursday is skipped.
  await tabs.getByRole('tab', { name: 'Create sessions' }).click();
  await page.getByLabel('Day of the week').selectOption({ label: 'Thursday' });
  await page.getByLabel(label('Start time')).first().fill('10:00');
  await page.getByLabel(label('Length (minutes)')).fill('120');
  await page.getByLabel(label('Number of sessions')).fill('6');
  await page.getByLabel(label('First date')).fill('2027-10-07');
  await page.getByRole('button', { name: 'Preview dates' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Preview: nothing saved yet' }).textContent()).resolves.toContain('Skipped: 28 Oct 2027 (closed: Half-term)');
  await page.getByRole('button', { name: 'Create sessions' }).click();
  await page.getByRole('status').filter({ hasText: '6 sessions created' }).waitFor();
  await tabs.getByRole('tab', { name: 'Sessions', exact: true }).click();
  const sessions = page.getByRole('table', { name: 'Sessions' });
  await sessions.getByText('Thu 18 Nov 2027').waitFor();
  await expect(sessions.getByRole('row').count()).resolves.toBe(7);
  await expect(sessions.getByText('Thu 28 Oct 2027').count()).resolves.toBe(0);

  // A second run in the same room at an overlapping time is refused, naming the other session.
  await offer();
  // A run without sessions offers the way to create them from its Sessions tab.
  await page.getByRole('button', { name: 'Create sessions from a weekly pattern' }).click();
  await expect.poll(() => tabs.getByRole('tab', { name: 'Create sessions' }).getAttribute('aria-selected')).toBe('true');
  await page.getByLabel('Day of the week').selectOption({ label: 'Thursday' });
  await page.getByLabel(label('Start time')).first().fill('11:00');
  await page.getByLabel(label('Length (minutes)')).fill('60');
  await page.getByLabel(label('Number of sessions')).fill('2');
  await page.getByLabel(label('First date')).fill('2027-10-07');
  await page.getByRole('button', { name: 'Create sessions' }).click();
  const refusal = page.getByRole('alert').filter({ hasText: 'already booked' });
  await expect(refusal.textContent()).resolves.toContain('Room A is already booked then, for Understanding Anxiety, 7 Oct 2027, 10:00–12:00');
  await tabs.getByRole('tab', { name: 'Sessions', exact: true }).click();
  await page.getByText('No sessions yet.').waitFor();
  await expect(page.getByRole('table', { name: 'Sessions' }).count()).resolves.toBe(0);

  // Back to the first run: enrol three students into two places.
  await area.getByRole('link', { name: 'Course runs' }).click();
  await page.getByRole('table', { name: 'Course runs' }).getByRole('link', { name: 'Understanding Anxiety' }).first().click();
  await page.getByRole('heading', { level: 1, name: 'Understanding Anxiety — Autumn 2027' }).waitFor();
  await tabs.getByRole('tab', { name: 'Students' }).click();
  const enrol = async (search: string, name: string) => {
    await page.getByLabel('Find a student to enrol').fill(search);
    await page.getByRole('button', { name: `Enrol ${name}` }).click();
  };
  await enrol('Able', 'Ann Able');
  await page.getByRole('status').filter({ hasText: 'Ann Able is enrolled.' }).waitFor();
  await enrol('Bloggs', 'Bea Bloggs');
  await page.getByRole('status').filter({ hasText: 'Bea Bloggs is enrolled.' }).waitFor();
  await enrol('Carter', 'Cy Carter');
  await page.getByRole('status').filter({ hasText: 'The course is full: Cy Carter is on the waiting list, place 1.' }).waitFor();
  await page.getByRole('table', { name: 'Waiting list' }).getByRole('cell', { name: /^Cy Carter \(RC-/ }).waitFor();

  // Ann withdraws; Cy is promoted and the page says so.
  await page.getByRole('button', { name: 'Withdraw Ann Able' }).click();
  const dialog = page.getByRole('dialog', { name: 'Withdraw Ann Able?' });
  await dialog.getByLabel(label('Reason')).fill('Moved away');
  await dialog.getByRole('button', { name: 'Withdraw', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Ann Able has been withdrawn. Cy Carter moved up from the waiting list and is now enrolled.' }).waitFor();
  const enrolled = page.getByRole('table', { name: 'Enrolled' });
  await enrolled.getByRole('cell', { name: /^Cy Carter \(RC-/ }).waitFor();
  await expect(enrolled.getByRole('cell', { name: /^Bea Bloggs \(RC-/ }).count()).resolves.toBe(1);
  await expect(page.getByRole('table', { name: 'Waiting list' }).count()).resolves.toBe(0);

  // The calendar file downloads with six Europe/London events.
  const file = await e2e.download(() => page.getByRole('button', { name: 'Download calendar (.ics)' }).click());
  const ics = readFileSync(file, 'utf8');
  expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(6);
  expect(ics).toContain('DTSTART;TZID=Europe/London:20271007T100000');
  expect(ics).toContain('DTSTART;TZID=Europe/London:20271104T100000');

  // The week view shows the session, readable at a glance.
  await area.getByRole('link', { name: 'Timetable' }).click();
  await page.getByRole('heading', { level: 1, name: 'Timetable' }).waitFor();
  await page.getByRole('radio', { name: 'Week' }).focus();
  await page.keyboard.press('ArrowRight');
  const grid = page.getByRole('grid', { name: 'Autumn 2027 timetable: all rooms and people' });
  const runLinks = grid.getByRole('link', { name: 'Understanding Anxiety' });
  await runLinks.nth(1).waitFor();
  await expect(runLinks.count()).resolves.toBe(2);
  await grid.getByText('Thu 10:00', { exact: true }).first().waitFor();
  // Keyboard: arrow down moves from the first run to the second; Enter opens it.
  await runLinks.first().focus();
  await page.keyboard.press('ArrowDown');
  await expect(runLinks.nth(1).and(page.locator(':focus')).count()).resolves.toBe(1);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Understanding Anxiety — Autumn 2027' }).waitFor();
  expect(e2e.pageErrors).toEqual([]);
});
