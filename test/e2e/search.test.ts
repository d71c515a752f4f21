// Search everything from one box, keyboard only: Ctrl+K opens it, typing searches, the arrows choose across groups,
// Enter lands on the record (audited like any opening of a student's record), Escape gives focus back; axe finds nothing
// wrong with the open dialog; and what a role finds follows its permissions (a manager finds staff, a coordinator never).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { axeViolations, describeViolations } from './axe';
import { deskCall, startE2E, type E2E, type Person } from './support';

let e2e: E2E;
let coordinator: Person;
let manager: Person;
const ids = { student: 0, run: 0, staff: 0 };

beforeAll(async () => {
  e2e = await startE2E();
  const call = e2e.core.call;
  ids.student = (
    await call('students.create', {
      fields: { firstName: 'Nell', surname: 'Harbour', dateOfBirth: '1979-03-14', referralSource: 'self', secondaryMhServices: 'no', ethnicCategory: 'Z', genderIdentity: 'Z', employmentStatus: 'ZZ' },
    })
  ).id;
  const course = await call('scheduling.createCourse', { title: 'Harbour walks for wellbeing', sessionsCount: 4, defaultSessionMinutes: 90, defaultCapacity: 12, coProduced: true, peerTraining: false });
  const term = await call('scheduling.createTerm', { name: 'Spring 2027', startsOn: '2027-01-11', endsOn: '2027-03-26' });
  const venue = await call('scheduling.createVenue', { name: 'Seafront Hub' });
  ids.run = (await call('scheduling.createRun', { courseId: course.id, termId: term.id, venueId: venue.id })).id;
  await call('scheduling.createFacilitator', { firstName: 'Jess', surname: 'Harbour', kind: 'volunteer' });
  await call('expenses.payees.create', { fields: { name: 'Harbour Carers Group', paymentMethod: 'cash' } });
  coordinator = await e2e.core.addStaff('coordinator', 'cora.ordinator', 'Cora Ordinator');
  manager = await e2e.core.addStaff('manager', 'kit.harbour', 'Kit Harbour');
  ids.staff = (await call('staff.list', {})).find((s) => s.username === 'kit.harbour')!.id;
});
afterAll(async () => {
  await e2e?.close();
});

// Run in the page (the tests' TypeScript has no DOM types, so these are written as the page's own script).
const isFocused = (page: Page, selector: string) => page.evaluate<boolean>(`document.activeElement === document.querySelector(${JSON.stringify(selector)})`);
const focusedText = (page: Page) => page.evaluate<string>('document.activeElement?.innerText ?? ""');
const focusedRole = (page: Page) => page.evaluate<string | null>('document.activeElement?.getAttribute("role") ?? null');
const options = (page: Page) => page.getByRole('listbox', { name: 'Search results' }).getByRole('option');
const groupNames = (page: Page) =>
  page.evaluate<string[]>(`[...document.querySelectorAll('[role="listbox"] [role="group"]')].map((g) => document.getElementById(g.getAttribute('aria-labelledby')).textContent)`);

async function openAndType(page: Page, text: string, firstResult: string) {
  await page.keyboard.press('Control+k');
  const dialog = page.getByRole('dialog', { name: 'Search everything' });
  await dialog.waitFor();
  await expect.poll(() => focusedRole(page)).toBe('combobox');
  await page.keyboard.type(text);
  await options(page).filter({ hasText: firstResult }).first().waitFor();
  return dialog;
}

it('a coordinator finds a course run and a student with the keyboard alone, and lands on each record', async () => {
  await e2e.signIn(coordinator.username, coordinator.password);
  const { page } = e2e;
  await page.getByRole('heading', { level: 1 }).waitFor();

  // Ctrl+K, type, and the results come grouped by kind; the first is chosen.
  const dialog = await openAndType(page, 'harbour', 'Nell Harbour');
  await expect.poll(() => groupNames(page)).toEqual(['Students', 'Course runs', 'Courses', 'Payees', 'Facilitators']);
  const combobox = page.getByRole('combobox', { name: 'Search for' });
  const first = options(page).first();
  await expect(first.getAttribute('aria-selected')).resolves.toBe('true');
  await expect(combobox.getAttribute('aria-activedescendant')).resolves.toBe(await first.getAttribute('id'));
  await expect(first.innerText()).resolves.toMatch(/Nell Harbour\s+RC-\d{6} · born 14 Mar 1979/);

  // The open dialog, with results, passes axe's WCAG 2.2 AA rules.
  expect(describeViolations(await axeViolations(page))).toEqual([]);
  if (process.env.SEARCH_SCREENSHOT) await page.screenshot({ path: process.env.SEARCH_SCREENSHOT });

  // Down once moves from the students group into the course runs; Enter opens the run.
  await page.keyboard.press('ArrowDown');
  const second = options(page).nth(1);
  await expect(second.getAttribute('aria-selected')).resolves.toBe('true');
  await expect(second.innerText()).resolves.toMatch(/Harbour walks for wellbeing\s+Spring 2027 · Seafront Hub/);
  await page.keyboard.press('Enter');
  await dialog.waitFor({ state: 'detached' });
  await page.getByRole('heading', { level: 1, name: 'Harbour walks for wellbeing — Spring 2027' }).waitFor();
  expect(page.url()).toContain(`#/schedule/runs/${ids.run}`);
  await expect.poll(() => isFocused(page, 'h1')).toBe(true);

  // A student: Enter on the first result opens their record — the same audited read as opening it from the list.
  await openAndType(page, 'nell harb', 'Nell Harbour');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Nell Harbour', exact: true }).waitFor();
  expect(page.url()).toContain(`#/students/${ids.student}`);
  const log = await e2e.core.call('privacy.studentAccessLog', { id: ids.student });
  expect(log.rows.some((r) => r.action === 'view' && r.staffName === 'Cora Ordinator')).toBe(true);
  expect(e2e.pageErrors).toEqual([]);
});

it('Escape closes the search and gives focus back to where it was', async () => {
  const { page } = e2e;
  const students = page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Students', exact: true });
  await students.focus();
  await page.keyboard.press('Control+k');
  await page.getByRole('dialog', { name: 'Search everything' }).waitFor();
  await page.keyboard.type('harb');
  await options(page).first().waitFor();
  await page.keyboard.press('Escape');
  await page.getByRole('dialog').waitFor({ state: 'detached' });
  await expect.poll(() => isFocused(page, 'nav a[href="#/students"]')).toBe(true);

  // Opened from the header's Search button (Tab to it, Enter), Escape returns to the button.
  const button = page.getByRole('button', { name: /^Search/ });
  await button.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('dialog', { name: 'Search everything' }).waitFor();
  await expect.poll(() => focusedRole(page)).toBe('combobox');
  await page.keyboard.press('Escape');
  await page.getByRole('dialog').waitFor({ state: 'detached' });
  await expect.poll(() => isFocused(page, 'header [aria-haspopup="dialog"][aria-keyshortcuts]')).toBe(true);
});

it('a manager finds staff accounts; a coordinator never does, on screen or by calling the core', async () => {
  const { page } = e2e;
  // The coordinator (still signed in): no staff group, and the core did not search staff at all.
  await openAndType(page, 'harbour', 'Nell Harbour');
  await expect.poll(() => groupNames(page)).not.toContain('Staff accounts');
  await expect(page.getByRole('dialog').innerText()).resolves.not.toContain('Kit Harbour');
  await page.keyboard.press('Escape');
  const asCoordinator = await deskCall(page, 'search.everything', { query: 'kit.harbour' });
  expect(asCoordinator.ok && asCoordinator.value).toEqual({ searched: ['student', 'run', 'course', 'claim', 'payee', 'facilitator'], groups: [] });

  // The manager finds the staff account, and Enter lands on the staff list with that row in view and focus.
  await deskCall(page, 'auth.signOut', {});
  await e2e.signIn(manager.username, manager.password);
  await page.getByRole('heading', { level: 1 }).waitFor();
  await openAndType(page, 'harbour', 'Kit Harbour');
  await expect.poll(() => groupNames(page)).toEqual(['Students', 'Course runs', 'Courses', 'Payees', 'Facilitators', 'Staff accounts']);
  const count = await options(page).count();
  for (let i = 1; i < count; i++) await page.keyboard.press('ArrowDown'); // the last result: down through every group
  await expect(options(page).last().getAttribute('aria-selected')).resolves.toBe('true');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Staff accounts' }).waitFor();
  await expect.poll(() => isFocused(page, `[data-search-row="${ids.staff}"]`)).toBe(true);
  await expect(focusedText(page)).resolves.toContain('kit.harbour');
  if (process.env.SEARCH_SCREENSHOT) await page.screenshot({ path: process.env.SEARCH_SCREENSHOT.replace(/\.png$/, '-arrival.png') });
  expect(e2e.pageErrors).toEqual([]);
});

it('says plainly when nothing matches, and the empty and unmatched dialog pass axe too', async () => {
  const { page } = e2e;
  await page.keyboard.press('Control+k');
  await page.getByRole('dialog', { name: 'Search everything' }).waitFor();
  await page.getByRole('status').filter({ hasText: 'Type a name, a title or a reference.' }).waitFor();
  expect(describeViolations(await axeViolations(page))).toEqual([]);
  await page.keyboard.type('zzqx');
  await page.getByRole('status').filter({ hasText: 'Nothing found for “zzqx”.' }).waitFor();
  await expect(options(page).count()).resolves.toBe(0);
  await expect(page.getByRole('combobox', { name: 'Search for' }).getAttribute('aria-expanded')).resolves.toBe('false');
  expect(describeViolations(await axeViolations(page))).toEqual([]);
  await page.keyboard.press('Escape');
  await page.getByRole('dialog').waitFor({ state: 'detached' });
  expect(e2e.pageErrors).toEqual([]);
});

it('the search cannot be reached while the desk is locked: it closes, and Ctrl+K does nothing until unlocked', async () => {
  const { page } = e2e;
  await openAndType(page, 'harbour', 'Kit Harbour');
  // Locked elsewhere (the idle lock): the next search finds the desk locked, and the dialog goes with the app.
  await deskCall(page, 'auth.lock', {});
  await page.keyboard.type(' walks');
  await page.getByTestId('lock-screen').waitFor();
  await page.getByRole('dialog', { name: 'Search everything' }).waitFor({ state: 'detached' });
  await page.keyboard.press('Control+k');
  await page.getByLabel(/^Your password/).fill(manager.password);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await page.getByTestId('lock-screen').waitFor({ state: 'detached' });
  // Had the shortcut opened the search under the lock screen, it would be showing now.
  await expect(page.getByRole('dialog', { name: 'Search everything' }).count()).resolves.toBe(0);
  await page.keyboard.press('Control+k');
  await page.getByRole('dialog', { name: 'Search everything' }).waitFor();
  await page.keyboard.press('Escape');
  expect(e2e.pageErrors).toEqual([]);
});
