// Foundation, as a new member of staff would meet it: first run, a manager adds an admin, the admin adds, finds and edits
// a student (and is refused a wrong NHS number, with the reason next to the field), the audit log shows both changes,
// and an admin cannot open staff management.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deskCall, startE2E, type E2E } from './support';

const MANAGER = { name: 'Morgan Manager', username: 'morgan.manager', password: 'a calm spring morning' };
const ADMIN = { name: 'Ada Admin', username: 'ada.admin', temporary: 'temporary words 42', password: 'my own admin password' };

/** The message Mantine shows under a field, found the way a screen reader does (aria-describedby). */
async function fieldError(page: Page, label: RegExp): Promise<string> {
  const input = page.getByLabel(label);
  await expect.poll(() => input.getAttribute('aria-invalid')).toBe('true');
  const ids = ((await input.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter((id) => id.endsWith('-error'));
  expect(ids.length).toBe(1);
  return (await page.locator(`[id="${ids[0]}"]`).textContent()) ?? '';
}

describe('foundation end to end', () => {
  let e2e: E2E;
  let page: Page;
  let studentUrl = '';

  beforeAll(async () => {
    e2e = await startE2E();
    page = e2e.page;
  });
  afterAll(async () => {
    await e2e?.close();
  });

  let recoveryKey = '';

  it('first run creates the manager account, shows the recovery key once, and signs them in', async () => {
    await page.getByRole('heading', { name: 'Welcome' }).waitFor();
    await page.getByLabel(/^Your name/).fill(MANAGER.name);
    await page.getByLabel(/^Username/).fill(MANAGER.username);
    await page.getByLabel(/^Password/).fill(MANAGER.password);
    await page.getByLabel(/^Type the password again/).fill(MANAGER.password);
    await page.getByRole('button', { name: 'Create the manager account' }).click();
    // The recovery key is shown once; moving on needs the "stored it" confirmation.
    await page.getByRole('heading', { name: 'Keep the recovery key safe' }).waitFor();
    recoveryKey = (await page.getByLabel('Recovery key', { exact: true }).textContent())!.trim();
    expect(recoveryKey).toMatch(/^([A-Z2-9]{5}-){5}[A-Z2-9]{5}$/);
    const start = page.getByRole('button', { name: 'Start using the app' });
    expect(await start.isDisabled()).toBe(true);
    await page.getByLabel(/I have printed or stored the recovery key/).check();
    await start.click();
    await expect.poll(() => page.getByTestId('signed-in-as').textContent()).toContain(MANAGER.name);
    expect(await page.getByTestId('signed-in-as').textContent()).toContain('Manager');
  });

  it('the manager adds an admin with a temporary password', async () => {
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('tab', { name: 'Staff accounts' }).click();
    await page.getByRole('button', { name: 'Add a staff member' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a staff member' });
    await dialog.getByLabel(/^Name/).fill(ADMIN.name);
    await dialog.getByLabel(/^Username/).fill(ADMIN.username);
    await dialog.getByLabel(/^Role/).selectOption('admin');
    await dialog.getByLabel(/^Temporary password/).fill(ADMIN.temporary);
    await dialog.getByRole('button', { name: 'Add staff member' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = page.getByTestId('staff-table').getByRole('row').filter({ hasText: ADMIN.username });
    await expect.poll(() => row.textContent()).toContain('Temporary password');
    expect(await row.textContent()).toContain('Admin');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
  });

  it('the admin signs in and must choose their own password first', async () => {
    await e2e.signIn(ADMIN.username, ADMIN.temporary);
    await page.getByRole('heading', { name: 'Choose your own password' }).waitFor();
    await page.getByLabel(/^Temporary password/).fill(ADMIN.temporary);
    await page.getByLabel(/^New password/).fill(ADMIN.password);
    await page.getByLabel(/^Type the new password again/).fill(ADMIN.password);
    await page.getByRole('button', { name: 'Save my new password' }).click();
    await expect.poll(() => page.getByTestId('signed-in-as').textContent()).toContain(ADMIN.name);
  });

  it('the admin adds a student, and a wrong NHS number is refused with the reason beside the field', async () => {
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Students' }).click();
    await page.getByRole('link', { name: 'Add a student' }).click();
    await page.getByRole('heading', { level: 1, name: 'Add a student' }).waitFor();
    await page.getByLabel(/^First name/).fill('Rowan');
    await page.getByLabel(/^Surname/).fill('Fairweather');
    await page.getByLabel(/^Date of birth/).fill('1980-04-02');
    await page.getByLabel(/^How they came/).selectOption('gp');
    await page.getByLabel(/^Under secondary mental-health services/).selectOption('no');
    await page.getByLabel(/^Ethnic category/).selectOption('A');
    await page.getByLabel(/^Gender identity/).selectOption('Z');
    await page.getByLabel(/^Employment status/).selectOption('04');
    await page.getByLabel(/^NHS number/).fill('943 476 5910');
    await page.getByRole('button', { name: 'Add student' }).click();

    const message = await fieldError(page, /^NHS number/);
    expect(message).toContain('check digit');
    expect(message).toMatch(/typed correctly/);
    expect(page.url()).toMatch(/#\/students\/new$/);

    // The core refuses it too, whatever the screen does, and nothing was added.
    const direct = await deskCall(page, 'students.create', {
        fields: {
          firstName: 'Rowan',
          surname: 'Fairweather',
          dateOfBirth: '1980-04-02',
          referralSource: 'gp',
          secondaryMhServices: 'no',
          ethnicCategory: 'A',
          genderIdentity: 'Z',
          employmentStatus: '04',
          nhsNumber: '9434765910',
        },
      });
    expect(direct.ok).toBe(false);
    if (!direct.ok) {
      expect(direct.error.reason).toBe('input.invalid');
      expect(direct.error.fields?.nhsNumber).toContain('check digit');
    }
    const count = await deskCall(page, 'students.search', { query: '' });
    expect(count.ok && count.value.total).toBe(0);

    await page.getByLabel(/^NHS number/).fill('943 476 5919');
    await page.getByRole('button', { name: 'Add student' }).click();
    await page.getByRole('heading', { level: 1, name: 'Rowan Fairweather' }).waitFor();
    expect(await page.getByTestId('nhs-number').textContent()).toBe('943 476 5919');
    studentUrl = page.url();
    expect(studentUrl).toMatch(/#\/students\/\d+$/);
  });

  it('the admin finds the student by typing part of the surname, opens and edits them', async () => {
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Students' }).click();
    const search = page.getByLabel(/^Find a student/);
    await search.fill('fairw');
    await expect.poll(() => page.getByTestId('student-row').count()).toBe(1);
    expect(await page.getByTestId('student-row').textContent()).toContain('Fairweather, Rowan');
    // Keyboard only: down into the results, Enter to open.
    await search.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Rowan Fairweather' }).waitFor();
    expect(page.url()).toBe(studentUrl);

    await page.getByRole('link', { name: 'Change details' }).click();
    await page.getByLabel(/^Preferred name/).fill('Ro');
    await page.getByLabel(/^Phone/).first().fill('01702 555 123');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('heading', { level: 1, name: 'Rowan Fairweather' }).waitFor();
    await page.getByText('01702 555 123').waitFor();

    // The record's own history shows both changes, with who made them (beside the rows saying who looked at it).
    await page.getByRole('tab', { name: 'History' }).click();
    const history = page.getByRole('region', { name: 'Record history' }).getByTestId('audit-table');
    await expect.poll(() => history.getByRole('row').filter({ hasNotText: /Looked at|Searched/ }).count()).toBe(3);
    expect(await history.getByRole('row').filter({ hasText: 'Looked at' }).count()).toBeGreaterThan(0);
    const text = (await history.textContent()) ?? '';
    expect(text).toContain('Added');
    expect(text).toContain('Changed');
    expect(text).toContain('Preferred name');
    expect(text).toContain(ADMIN.name);
  });

  it('an admin cannot open staff management, and the core refuses the call too', async () => {
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { level: 1, name: 'My password' }).waitFor();
    expect(await page.getByRole('tab', { name: 'Staff accounts' }).count()).toBe(0);
    await page.goto(`${e2e.harness.origin}/#/settings/staff`);
    const refusal = page.getByTestId('not-permitted');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('Your role (admin) cannot manage staff accounts');
    const direct = await deskCall(page, 'staff.list', {});
    expect(direct.ok).toBe(false);
    if (!direct.ok) expect(direct.error.reason).toBe('access.role');
  });

  it('the manager sees both changes to the student in the audit log', async () => {
    const { page: managerPage } = await e2e.newContext();
    await e2e.signIn(MANAGER.username, MANAGER.password, managerPage);
    await managerPage.goto(`${e2e.harness.origin}/#/settings/audit`);
    await managerPage.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    await managerPage.getByLabel(/^Show/).selectOption('student');
    // The two changes (header row + create + update), beside the rows recording who looked at the record.
    const rows = managerPage.getByTestId('audit-table').getByRole('row').filter({ hasNotText: /Looked at|Searched/ });
    await expect.poll(() => rows.count()).toBe(3);
    const body = (await managerPage.getByTestId('audit-table').textContent()) ?? '';
    expect(body).toMatch(/Added RC-\d{6}/);
    expect(body).toContain('Changed');
    expect(body).toContain('Phone');
    expect(body).toContain(ADMIN.name);
    expect(e2e.pageErrors).toEqual([]);
  });

  it('a forgotten manager password is set again with the recovery key from the sign-in screen', async () => {
    const { page: desk } = await e2e.newContext();
    await desk.goto(`${e2e.harness.origin}/#/today`);
    await desk.reload();
    await desk.getByRole('button', { name: 'Forgotten the manager password?' }).click();
    await desk.getByRole('heading', { name: 'Set a new manager password' }).waitFor();
    await desk.getByLabel(/^Recovery key/).fill(recoveryKey.toLowerCase());
    await desk.getByLabel(/^Manager’s username/).fill(MANAGER.username);
    await desk.getByLabel(/^New password/).fill('a brand new passphrase');
    await desk.getByLabel(/^Type the new password again/).fill('a brand new passphrase');
    await desk.getByRole('button', { name: 'Set the new password' }).click();
    await desk.getByRole('status').filter({ hasText: /new password is set/ }).waitFor();
    await e2e.signIn(MANAGER.username, 'a brand new passphrase', desk);
    await expect.poll(() => desk.getByTestId('signed-in-as').textContent()).toContain(MANAGER.name);
    expect(e2e.pageErrors).toEqual([]);
  });
});
