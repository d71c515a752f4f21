// Taking a register as an admin would, in real Chromium: Today → a 15-person register marked by keyboard only, kept across
// a reload, one mark undone, a drop-in added, and the paper register downloaded as a real PDF with everyone's names.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collegeToday } from '../../src-main/contract/dates';
import type { Mark } from '../../src-main/contract/registers';
import { Timetable } from '../helpers/timetable';
import { startE2E, type E2E } from './support';

const NAMES: [string, string][] = [
  ['Priya', 'Patel'],
  ['Margaret', 'O’Donnell'],
  ['Tom', 'Adeyemi'],
  ['Zoë', 'Adeyemi'],
  ['Chris', 'Murphy'],
  ['Aled', 'Evans'],
  ['Kemi', 'Okafor'],
  ['Ruth', 'Green'],
  ['Sam', 'Nowak'],
  ['Jo', 'Brightwell'],
  ['Dan', 'Khan'],
  ['Mia', 'Taylor'],
  ['Owen', 'Davies'],
  ['Ella', 'Wilson'],
  ['Ben', 'Thomas'],
];
const LABEL: Record<Mark, string> = { present: 'Present', late: 'Late', absent: 'Absent', apologies: 'Apologies' };

describe('registers', () => {
  let e2e: E2E;
  let sessionId: number;

  beforeAll(async () => {
    e2e = await startE2E();
    await e2e.setupFirstManager();
    const tt = new Timetable((await e2e.database()).db);
    const run = await tt.fullRun({ dates: [collegeToday()], students: NAMES.length, names: NAMES });
    sessionId = run.sessionIds[0];
    // Someone on another course who has missed the last two weeks, for the follow-up list.
    const days = (n: number) => DateTime.fromISO(collegeToday()).minus({ days: n }).toISODate() as string;
    const other = await tt.run({ title: 'Living Well', dates: [days(14), days(7)] });
    const student = await tt.student({ firstName: 'Lee', surname: 'Absent', phone: '07700 900456' });
    await tt.enrol(other.courseRunId, student, { enrolledOn: days(30) });
    for (const s of other.sessionIds) await e2e.core.call('registers.mark', { sessionId: s, studentId: student, mark: 'absent' });
  });
  afterAll(async () => {
    await e2e?.close();
  });

  async function marksOnScreen(page: Page): Promise<(Mark | null)[]> {
    const rows = page.getByTestId('register-row');
    const out: (Mark | null)[] = [];
    for (let i = 0; i < (await rows.count()); i++) {
      let found: Mark | null = null;
      for (const m of Object.keys(LABEL) as Mark[]) {
        if ((await rows.nth(i).getByRole('button', { name: LABEL[m], exact: true }).getAttribute('aria-pressed')) === 'true') found = m;
      }
      out.push(found);
    }
    return out;
  }

  async function settled(page: Page, text: RegExp) {
    await page.getByTestId('register-counts').filter({ hasText: text }).waitFor();
    await page.getByTestId('register-counts').filter({ hasNotText: /saving/ }).waitFor();
  }

  it('takes a 15-person register by keyboard, keeps it across a reload, undoes one mark, adds a drop-in and prints it', async () => {
    const admin = await e2e.core.addStaff('admin', 'ada.admin', 'Ada Admin');
    await e2e.signIn(admin.username, admin.password);
    const { page } = e2e;

    // Today lists the session with everyone still to mark.
    await page.getByRole('heading', { level: 1, name: 'Today' }).waitFor();
    const today = page.getByRole('region', { name: /Sessions today/ }).or(page.locator('section[aria-labelledby="today-sessions"]')).first();
    await today.getByText('15 of 15 still to mark').waitFor();
    // From Today by keyboard too: the page starts on its heading, Tab reaches the session, Enter opens its register.
    await expect.poll(() => page.locator('h1:focus').count()).toBe(1);
    await page.keyboard.press('Tab');
    await expect.poll(() => today.getByRole('link', { name: 'Understanding Anxiety' }).and(page.locator(':focus')).count()).toBe(1);
    await page.keyboard.press('Enter');

    await page.getByRole('heading', { level: 1, name: 'Register: Understanding Anxiety' }).waitFor();
    await expect(page.getByTestId('register-row').count()).resolves.toBe(15);
    // The first person is focused, ready for the first key.
    await expect.poll(() => page.locator('[data-testid="register-row"]:focus').count()).toBe(1);

    // Keyboard only: seven marks one key each (each moves to the next person), E for everyone else, then a change to the last person.
    const keys = ['p', 'l', 'p', 'a', 'x', 'p', 'p', 'e', 'End', 'l'];
    for (const k of keys) await page.keyboard.press(k);
    expect(keys.length).toBeLessThanOrEqual(20);
    const expected: Mark[] = ['present', 'late', 'present', 'absent', 'apologies', 'present', 'present', ...Array<Mark>(7).fill('present'), 'late'];
    await settled(page, /15 of 15 marked · all marked/);
    await expect.poll(() => marksOnScreen(page)).toEqual(expected);
    await expect(page.getByTestId('save-state').filter({ hasText: '✓ Saved' }).count()).resolves.toBe(15);

    // Reload: every mark was saved as it was made.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Register: Understanding Anxiety' }).waitFor();
    await page.getByTestId('register-row').nth(14).waitFor();
    expect(await marksOnScreen(page)).toEqual(expected);

    // Undo the last mark (the undo list survives the reload): the last person goes back to present.
    await expect.poll(() => page.locator('[data-testid="register-row"]:focus').count()).toBe(1);
    await page.keyboard.press('u');
    await page.getByTestId('register-status').filter({ hasText: /Undone/ }).waitFor();
    const afterUndo: Mark[] = [...expected.slice(0, 14), 'present'];
    await expect.poll(() => marksOnScreen(page)).toEqual(afterUndo);
    const stored = await e2e.core.call('registers.get', { sessionId });
    expect(stored.rows.map((r) => r.mark)).toEqual(afterUndo);

    // A drop-in: someone new to the college, added with the minimal details and marked present.
    await page.getByRole('button', { name: 'Add a drop-in' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a drop-in' });
    await dialog.getByText('New to the college').click();
    await dialog.getByLabel(/^First name/).fill('Dana');
    await dialog.getByLabel(/^Surname/).fill('Walkin');
    await dialog.getByLabel(/^Date of birth/).fill('1990-05-05');
    await dialog.getByRole('button', { name: 'Add and mark present' }).click();
    await dialog.waitFor({ state: 'detached' });
    await settled(page, /16 of 16 marked/);
    const dropIn = page.getByTestId('register-row').filter({ hasText: 'Dana Walkin' });
    await expect(dropIn.textContent()).resolves.toContain('drop-in');
    await expect(dropIn.getByRole('button', { name: 'Present', exact: true }).getAttribute('aria-pressed')).resolves.toBe('true');

    // The paper register: a real PDF with every name.
    const file = await e2e.download(() => page.getByRole('button', { name: 'Print register (PDF)' }).click());
    expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    for (const [first, surname] of [...NAMES, ['Dana', 'Walkin']]) expect(text).toContain(`${surname}, ${first}`);
    expect(text).toContain('Signature');

    expect(e2e.pageErrors).toEqual([]);
  });

  it('shows the follow-up list kindly and records a contact', async () => {
    const { page } = e2e;
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Registers', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Registers' }).waitFor();
    await page.getByRole('link', { name: 'Follow-up calls' }).click();
    await page.getByRole('heading', { level: 1, name: 'Follow-up calls' }).waitFor();
    await page.getByText(/welfare check/).waitFor();
    const row = page.getByTestId('follow-up').filter({ hasText: 'Lee Absent' });
    await row.getByText('Not contacted yet').waitFor();
    await expect(row.textContent()).resolves.toContain('07700 900456');
    await row.getByRole('button', { name: 'Record a call with Lee Absent' }).click();
    const dialog = page.getByRole('dialog', { name: 'Record a call with Lee Absent' });
    await dialog.getByLabel(/^How did it go/).fill('Spoke to Lee; busy with a new job, will come back next term.');
    await dialog.getByRole('button', { name: 'Record contact' }).click();
    await dialog.waitFor({ state: 'detached' });
    await row.getByText('Contacted', { exact: true }).waitFor();
    await row.getByText(/Ada Admin: Spoke to Lee/).waitFor();
    expect(e2e.pageErrors).toEqual([]);
  });
});
