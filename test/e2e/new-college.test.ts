// As a brand-new manager would meet the app: first run lands on Today with the set-up checklist; following its links adds
// the college's details, a term, a venue with a room, a course, facilitators, a staff account and checks the rates; the
// checklist counts each step by itself, leaves Today when all seven are done, comes back from College settings and is put
// away again; then a run with a session today is offered and its first register is taken from Today.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collegeToday } from '../../src-main/contract/dates';
import { axeViolations, describeViolations } from './axe';
import { deskCall, openAddDialog, startE2E, type E2E } from './support';

const MANAGER = { name: 'Nia Newcollege', username: 'nia.manager', password: 'a quiet first afternoon' };
const label = (text: string) => new RegExp(`^${text.replace(/[()]/g, '\\$&')}\\s*\\*?$`);
const SHOTS = process.env.SCREENSHOT_DIR;

async function shot(page: Page, name: string) {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

async function ok<T>(r: Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>): Promise<T> {
  const res = await r;
  if (!res.ok) throw new Error(res.error.message);
  return res.value;
}

describe('a new college, from first run to its first register', () => {
  let e2e: E2E;
  let page: Page;
  const today = collegeToday();
  const day = (n: number) => DateTime.fromISO(today).plus({ days: n }).toISODate() as string;

  beforeAll(async () => {
    e2e = await startE2E();
    page = e2e.page;
  });
  afterAll(async () => {
    await e2e?.close();
  });

  const checklist = () => page.getByTestId('setup-checklist');
  const toToday = async () => {
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Today', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Today' }).waitFor();
  };
  const stepsDone = async (n: number) => {
    await checklist().getByText(`${n} of 7 steps done`).waitFor();
  };
  const follow = async (linkName: string, heading: string) => {
    await checklist().getByRole('link', { name: linkName }).click();
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  };

  it('first run lands on Today with the set-up checklist, nothing done yet', async () => {
    await page.getByRole('heading', { name: 'Welcome' }).waitFor();
    await page.getByLabel(/^Your name/).fill(MANAGER.name);
    await page.getByLabel(/^Username/).fill(MANAGER.username);
    await page.getByLabel(/^Password/).fill(MANAGER.password);
    await page.getByLabel(/^Type the password again/).fill(MANAGER.password);
    await page.getByRole('button', { name: 'Create the manager account' }).click();
    await page.getByLabel(/I have printed or stored the recovery key/).check();
    await page.getByRole('button', { name: 'Start using the app' }).click();

    await page.getByRole('heading', { level: 1, name: 'Today' }).waitFor();
    await checklist().getByRole('heading', { name: 'Set up your college' }).waitFor();
    await stepsDone(0);
    const steps = checklist().getByRole('list', { name: 'Set-up steps' }).getByRole('listitem');
    await expect(steps.count()).resolves.toBe(7);
    // Each step says why it matters, in words, and says "To do" (not colour alone).
    await expect(steps.first().textContent()).resolves.toMatch(/To do.*College details.*appears on registers, returns and remittance notes/);
    await expect(checklist().getByText('To do', { exact: true }).count()).resolves.toBe(7);
    await expect(checklist().getByRole('progressbar').getAttribute('aria-valuenow')).resolves.toBe('0');
    const violations = await axeViolations(page);
    expect(describeViolations(violations)).toEqual([]);
    await shot(page, 'new-college-today-checklist');
  });

  it('following the checklist’s links puts each step in place, and each is ticked by itself', async () => {
    // College details.
    await follow('Open college settings', 'College settings');
    await page.getByLabel(label('College name')).fill('Southend Recovery College');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Settings saved').waitFor();
    await toToday();
    await stepsDone(1);
    await expect(checklist().getByText('Saved as “Southend Recovery College”').count()).resolves.toBe(1);

    // A term around today, with a closure.
    await follow('Add terms and closures', 'Terms and closures');
    await page.getByLabel(label('Term name')).fill('First term');
    await page.getByLabel(label('First day')).fill(day(-14));
    await page.getByLabel(label('Last day')).fill(day(70));
    await page.getByRole('button', { name: 'Add term' }).click();
    await page.getByRole('table', { name: 'Terms' }).getByText('First term', { exact: true }).waitFor();
    await toToday();
    await stepsDone(2);

    // A venue with a room.
    await follow('Add venues and rooms', 'Venues and rooms');
    const venueDialog = await openAddDialog(page, 'Add a venue');
    await venueDialog.getByLabel(label('Venue name')).fill('Civic Centre');
    await venueDialog.getByRole('button', { name: 'Add venue' }).click();
    await page.getByRole('table', { name: 'Venues' }).getByText('Civic Centre', { exact: true }).waitFor();
    const roomDialog = await openAddDialog(page, 'Add a room');
    await roomDialog.getByLabel(label('Venue')).selectOption({ label: 'Civic Centre' });
    await roomDialog.getByLabel(label('Room name')).fill('Room A');
    await roomDialog.getByLabel(label('Capacity (people)')).fill('12');
    await roomDialog.getByRole('button', { name: 'Add room' }).click();
    await page.getByRole('list', { name: 'Rooms at Civic Centre' }).getByText('Room A', { exact: true }).waitFor();
    await toToday();
    await stepsDone(3);

    // A course.
    await follow('Add courses', 'Course catalogue');
    const courseDialog = await openAddDialog(page, 'Add a course');
    await courseDialog.getByLabel(label('Title')).fill('Understanding Anxiety');
    await courseDialog.getByLabel(label('Number of sessions')).fill('6');
    await courseDialog.getByRole('button', { name: 'Add course' }).click();
    await page.getByRole('table', { name: 'Courses' }).getByText('Understanding Anxiety', { exact: true }).waitFor();
    await toToday();
    await stepsDone(4);

    // Facilitators: a member of staff and a peer trainer.
    await follow('Add facilitators', 'Facilitators');
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
    await toToday();
    await stepsDone(5);
    await expect(checklist().getByText('2 facilitators, 1 peer trainer').count()).resolves.toBe(1);

    // A staff account.
    await follow('Add staff accounts', 'Staff accounts');
    await page.getByRole('button', { name: 'Add a staff member' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a staff member' });
    await dialog.getByLabel(/^Name/).fill('Ada Admin');
    await dialog.getByLabel(/^Username/).fill('ada.admin');
    await dialog.getByLabel(/^Role/).selectOption('admin');
    await dialog.getByLabel(/^Temporary password/).fill('temporary words 42');
    await dialog.getByRole('button', { name: 'Add staff member' }).click();
    await dialog.waitFor({ state: 'detached' });
    await toToday();
    await stepsDone(6);
    await shot(page, 'new-college-today-six-of-seven');

    // Rates and limits: checked, on the rates page itself.
    await follow('Check rates and limits', 'Rates & limits');
    await shot(page, 'new-college-rates-confirm');
    await page.getByRole('button', { name: 'These rates and limits are right' }).click();
    await page.getByText('That was the last set-up step: your college is set up.').waitFor();
    await page.getByText(`Checked as right for the college by ${MANAGER.name}.`).waitFor();

    // All seven done: the checklist has left Today by itself.
    await toToday();
    await page.getByRole('heading', { name: /^Sessions today/ }).waitFor();
    await expect(checklist().count()).resolves.toBe(0);
    const list = await ok(deskCall(page, 'setup.checklist', {}));
    expect(list).toMatchObject({ doneCount: 7, complete: true, visible: false, mode: 'auto' });
    expect(e2e.pageErrors).toEqual([]);
  });

  it('can be shown again from College settings, then put away with “I’ve finished setting up”', async () => {
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Settings', exact: true }).click();
    await page.getByRole('tab', { name: 'College settings' }).click();
    await page.getByRole('button', { name: 'Show the set-up checklist again' }).click();
    await page.getByText('It is showing at the top of Today.').waitFor();
    await toToday();
    await stepsDone(7);
    await expect(checklist().getByText('Done', { exact: true }).count()).resolves.toBe(7);
    await shot(page, 'new-college-today-complete');
    await checklist().getByRole('button', { name: 'I’ve finished setting up' }).click();
    await checklist().waitFor({ state: 'detached' });
    const log = await ok(deskCall(page, 'audit.list', { entity: 'setup_checklist' }));
    expect(log.rows.map((r) => r.action)).toEqual(['hide-setup-checklist', 'show-setup-checklist', 'confirm-rates']);
    expect(log.rows.every((r) => r.staffName === MANAGER.name)).toBe(true);
  });

  it('each area explains how it works, with the real keys, roles and rules', async () => {
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: /^Registers(,|$)/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Registers' }).waitFor();
    const help = page.getByTestId('how-this-works');
    const toggle = help.getByRole('button', { name: 'How this works' });
    await expect(toggle.getAttribute('aria-expanded')).resolves.toBe('false');
    await toggle.click();
    await expect(toggle.getAttribute('aria-expanded')).resolves.toBe('true');
    await help.getByText('Admins, coordinators and managers can take or correct registers.').waitFor();
    const keys = help.getByRole('table', { name: 'Keys' });
    await expect(keys.getByRole('row').filter({ hasText: 'Everyone not yet marked is present' }).textContent()).resolves.toContain('E');
    await expect(keys.getByRole('row').filter({ hasText: 'Apologies, then on to the next person' }).textContent()).resolves.toContain('X');
    await expect(keys.getByRole('row', { name: /Next person$/ }).textContent()).resolves.toMatch(/↓.*J/);
    await help.getByText(/at least 66% of the sessions held since they joined it \(marked present or late\)/).waitFor();
    // Earlier notifications fade out first: axe judges a half-faded one's contrast, not this page's.
    await expect.poll(() => page.locator('.mantine-Notification-root').count(), { timeout: 15_000 }).toBe(0);
    expect(describeViolations(await axeViolations(page))).toEqual([]);
    await shot(page, 'new-college-registers-help');

    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: /^Reports(,|$)/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Reports' }).waitFor();
    await page.getByTestId('how-this-works').getByRole('button', { name: 'How this works' }).click();
    await page.getByTestId('how-this-works').getByText('Only managers can produce contract returns and run the NHS-number data-sharing extract.').waitFor();
    await page.getByRole('link', { name: 'Contract returns' }).click();
    await page.getByTestId('rule-suppression').getByText(/a count of 1 to 7 is shown as \*, other counts are rounded to the nearest 5/).waitFor();
    await page.getByTestId('rule-suppression').getByText('For example: 0 → 0, 3 → *, 7 → *, 8 → 10, 12 → 10, 13 → 15.').waitFor();
    // The page's own loading spinners finish first (a spinner is judged by axe on its own, elsewhere).
    await expect.poll(() => page.locator('.mantine-Loader-root').count()).toBe(0);
    expect(describeViolations(await axeViolations(page))).toEqual([]);
  });

  it('offers a run with a session today and takes its first register from Today', async () => {
    // The run through the Course runs screen.
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: /^Courses & schedule(,|$)/ }).click();
    await page.getByRole('navigation', { name: 'Courses and schedule' }).getByRole('link', { name: 'Course runs' }).click();
    await page.getByRole('heading', { level: 1, name: 'Course runs' }).waitFor();
    const offer = await openAddDialog(page, 'Offer a course', 'Offer a course in a term');
    await offer.getByLabel(label('Course')).selectOption({ label: 'Understanding Anxiety' });
    await offer.getByLabel(label('Term')).selectOption({ label: 'First term' });
    await offer.getByLabel(label('Venue')).selectOption({ label: 'Civic Centre' });
    await offer.getByLabel(label('Room')).selectOption({ label: 'Room A (holds 12)' });
    await offer.getByRole('button', { name: 'Create course run' }).click();
    await page.getByRole('heading', { level: 1, name: 'Understanding Anxiety — First term' }).waitFor();
    const runId = Number(/runs\/(\d+)/.exec(page.url())![1]);

    // Its session today and three students, through the API as the signed-in manager (long forms tested elsewhere).
    await ok(deskCall(page, 'scheduling.addSession', { runId, times: { date: today, startTime: '10:00', endTime: '12:00' } }));
    for (const [firstName, surname] of [
      ['Ann', 'Able'],
      ['Bea', 'Bloggs'],
      ['Cy', 'Carter'],
    ]) {
      const s = await ok(
        deskCall(page, 'students.create', {
          fields: { firstName, surname, dateOfBirth: '1980-05-01', referralSource: 'self', secondaryMhServices: 'no', ethnicCategory: 'Z', genderIdentity: 'Z', employmentStatus: 'ZZ' },
          confirmedNotDuplicate: true,
        }),
      );
      await ok(deskCall(page, 'scheduling.enrol', { runId, studentId: s.id }));
    }

    // Today shows the session; its register is taken by keyboard.
    await toToday();
    const sessions = page.locator('section[aria-labelledby="today-sessions"]');
    await sessions.getByText('3 of 3 still to mark').waitFor();
    await sessions.getByRole('link', { name: 'Understanding Anxiety' }).click();
    await page.getByRole('heading', { level: 1, name: 'Register: Understanding Anxiety' }).waitFor();
    await expect.poll(() => page.locator('[data-testid="register-row"]:focus').count()).toBe(1);
    await page.keyboard.press('l');
    await page.keyboard.press('e');
    await page.getByTestId('register-counts').filter({ hasText: /3 of 3 marked · all marked/ }).waitFor();
    await page.getByTestId('register-counts').filter({ hasNotText: /saving/ }).waitFor();
    await shot(page, 'new-college-first-register');
    await toToday();
    await page.locator('section[aria-labelledby="today-sessions"]').getByText('Register complete (3 marked)').waitFor();
    expect(e2e.pageErrors).toEqual([]);
  });
});
