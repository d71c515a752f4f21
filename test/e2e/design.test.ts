// The design pass that protects the data: dates read day first whatever the machine's locale, and every destructive
// action asks first, saying what will happen, with the safe choice focused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E, type Person } from './support';

describe('UK dates and confirmed destructive actions', () => {
  let e2e: E2E;
  let coordinator: Person;
  beforeAll(async () => {
    e2e = await startE2E();
    coordinator = await e2e.core.addStaff('coordinator', 'casey.coord', 'Casey Coordinator');
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('reads a date of birth typed as 14031988 or 14 3 1988 as 14 March 1988 in a US-English browser, and shows it the UK way', async () => {
    const context = await e2e.browser.newContext({ locale: 'en-US', timezoneId: 'America/New_York' });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    // This window exchanges its own one-time login address (the first one was used by the suite's first window).
    await page.goto(e2e.harness.newLoginUrl());
    await e2e.signIn(coordinator.username, coordinator.password, page);
    await page.goto(`${e2e.harness.origin}/#/students/new`);
    await page.getByLabel(/^First name/).fill('Mina');
    await page.getByLabel(/^Surname/).fill('Okafor');
    const dob = page.getByLabel(/^Date of birth/);
    await dob.fill('14031988');
    await dob.blur();
    expect(await dob.inputValue()).toBe('14/03/1988');
    await dob.fill('14 3 1988');
    await page.getByLabel(/^How they came/).selectOption('self');
    await page.getByLabel(/^Under secondary mental-health services/).selectOption('unknown');
    await page.getByLabel(/^Ethnic category/).selectOption('Z');
    await page.getByLabel(/^Gender identity/).selectOption('X');
    await page.getByLabel(/^Employment status/).selectOption('ZZ');
    await page.getByRole('button', { name: 'Add student' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mina Okafor' }).waitFor();
    await page.getByText(/14 Mar 1988/).first().waitFor();
    const saved = await e2e.core.call('students.search', { query: 'Okafor' });
    expect(saved.rows[0].dateOfBirth).toBe('1988-03-14');

    // An impossible date is refused in words, never guessed at.
    await page.goto(`${e2e.harness.origin}/#/students/${saved.rows[0].id}/edit`);
    const edit = page.getByLabel(/^Date of birth/);
    await edit.fill('31/02/1988');
    await edit.blur();
    await page.getByText('Enter the date as day, month and year, for example 27 3 1988.').waitFor();
    await context.close();
  });

  it('picks a date from the calendar by keyboard and shows it DD/MM/YYYY', async () => {
    const { page } = e2e;
    await e2e.signIn(coordinator.username, coordinator.password);
    await page.goto(`${e2e.harness.origin}/#/schedule/terms`);
    const field = page.getByRole('form', { name: 'Add a bank holiday' }).getByLabel(/^Date/);
    await field.fill('01/06/2027');
    await page.getByRole('button', { name: 'Choose date from a calendar' }).click();
    const calendar = page.getByRole('dialog');
    await calendar.waitFor();
    // Focus starts on the chosen day, so arrow keys move from there.
    await expect.poll(() => calendar.getByRole('button', { name: '1 June 2027', exact: true }).evaluate((el) => el === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement)).toBe(true);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    expect(await field.inputValue()).toBe('02/06/2027');
  });

  it('asks before removing a closure, retiring a course or ending a facilitator, and Keep it changes nothing', async () => {
    const { page } = e2e;
    await e2e.core.call('scheduling.addClosure', { termId: null, startsOn: '2027-12-24', endsOn: '2028-01-01', description: 'Christmas' });
    await e2e.core.call('scheduling.createCourse', { title: 'Living with anxiety', description: null, category: null, sessionsCount: 4, defaultSessionMinutes: 120, defaultCapacity: 12, coProduced: true, peerTraining: false });
    await e2e.core.call('scheduling.createFacilitator', { firstName: 'Aimee', surname: 'Bogan', kind: 'peer_trainer', email: null, phone: null, studentId: null, active: true, notes: null });

    await page.goto(`${e2e.harness.origin}/#/schedule/terms`);
    await page.reload();
    const remove = page.getByRole('button', { name: 'Remove closure Christmas' });
    await remove.click();
    const dialog = page.getByRole('dialog', { name: 'Remove the closure “Christmas”?' });
    await dialog.getByText(/24 Dec 2027 to 1 Jan 2028 will no longer be skipped/).waitFor();
    await dialog.getByRole('button', { name: 'Keep it' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await e2e.core.call('scheduling.listClosures', {})).toHaveLength(1);
    await remove.click();
    await page.getByRole('dialog').getByRole('button', { name: 'Remove closure' }).click();
    await page.getByText('No closures yet.').waitFor();
    expect(await e2e.core.call('scheduling.listClosures', {})).toHaveLength(0);

    await page.goto(`${e2e.harness.origin}/#/schedule/courses`);
    await page.getByRole('button', { name: 'Actions for Living with anxiety' }).click();
    await page.getByRole('menuitem', { name: 'Retire…' }).click();
    await page.getByRole('dialog', { name: 'Retire Living with anxiety?' }).getByRole('button', { name: 'Retire course' }).click();
    await expect.poll(async () => (await e2e.core.call('scheduling.listCourses', { includeRetired: true })).find((c) => c.title === 'Living with anxiety')?.retiredAt).toBeTruthy();

    await page.goto(`${e2e.harness.origin}/#/schedule/facilitators`);
    await page.getByRole('button', { name: 'Actions for Aimee Bogan' }).click();
    await page.getByRole('menuitem', { name: 'No longer facilitating…' }).click();
    const end = page.getByRole('dialog', { name: 'Mark Aimee Bogan as no longer facilitating?' });
    await end.getByText(/you can reactivate them at any time/).waitFor();
    await end.getByRole('button', { name: 'No longer facilitating' }).click();
    await expect.poll(async () => (await e2e.core.call('scheduling.listFacilitators', { includeInactive: true })).find((f) => f.surname === 'Bogan')?.active).toBe(false);
    expect(e2e.pageErrors).toEqual([]);
  });
});
