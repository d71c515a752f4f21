// Students beyond the basics: the possible-duplicate warning, data-sharing consent with dates, archive and restore, and
// the record's tabs (in the address, by keyboard, with Back).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, describeViolations } from './axe';
import { startE2E, type E2E } from './support';

const fields = (over: Record<string, unknown> = {}) => ({
  firstName: 'Jordan',
  surname: 'Blackwood',
  dateOfBirth: '1990-07-21',
  referralSource: 'self' as const,
  secondaryMhServices: 'unknown' as const,
  ethnicCategory: 'Z' as const,
  genderIdentity: 'X' as const,
  employmentStatus: 'ZZ' as const,
  ...over,
});

async function fillRequired(page: Page, f: { firstName: string; surname: string; dateOfBirth: string }) {
  await page.getByLabel(/^First name/).fill(f.firstName);
  await page.getByLabel(/^Surname/).fill(f.surname);
  await page.getByLabel(/^Date of birth/).fill(f.dateOfBirth);
  await page.getByLabel(/^How they came/).selectOption('self');
  await page.getByLabel(/^Under secondary mental-health services/).selectOption('unknown');
  await page.getByLabel(/^Ethnic category/).selectOption('Z');
  await page.getByLabel(/^Gender identity/).selectOption('X');
  await page.getByLabel(/^Employment status/).selectOption('ZZ');
}

describe('students', () => {
  let e2e: E2E;
  let page: Page;
  beforeAll(async () => {
    e2e = await startE2E();
    page = e2e.page;
    const admin = await e2e.core.addStaff('admin', 'sasha.admin', 'Sasha Admin');
    await e2e.core.call('students.create', { fields: fields({ nhsNumber: '401 023 2137' }) });
    await e2e.signIn(admin.username, admin.password);
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('warns about a possible duplicate, lists the match, and adds only after “This is a different person”', async () => {
    await page.goto(`${e2e.harness.origin}/#/students/new`);
    await fillRequired(page, { firstName: 'Jordon', surname: 'Blackwood', dateOfBirth: '1990-07-21' });
    await page.getByRole('button', { name: 'Add student' }).click();
    const warning = page.getByTestId('possible-duplicates');
    await warning.waitFor();
    const text = (await warning.textContent()) ?? '';
    expect(text).toContain('Jordan Blackwood');
    expect(text).toMatch(/RC-\d{6}/);
    // Nothing was added yet.
    const before = await e2e.core.call('students.search', { query: 'blackwood' });
    expect(before.total).toBe(1);
    await warning.getByRole('button', { name: 'This is a different person — add anyway' }).click();
    await page.getByRole('heading', { level: 1, name: 'Jordon Blackwood' }).waitFor();
    const after = await e2e.core.call('students.search', { query: 'blackwood' });
    expect(after.total).toBe(2);
  });

  it('refuses an NHS number already recorded for someone else, saying who', async () => {
    await page.goto(`${e2e.harness.origin}/#/students/new`);
    await fillRequired(page, { firstName: 'Casey', surname: 'Different', dateOfBirth: '1975-01-05' });
    await page.getByLabel(/^NHS number/).fill('4010232137');
    await page.getByRole('button', { name: 'Add student' }).click();
    // The same NHS number first shows as a possible duplicate; insisting is then refused beside the field.
    const warning = page.getByTestId('possible-duplicates');
    await warning.waitFor();
    expect(await warning.textContent()).toContain('Jordan Blackwood');
    await warning.getByRole('button', { name: 'This is a different person — add anyway' }).click();
    const input = page.getByLabel(/^NHS number/);
    await expect.poll(() => input.getAttribute('aria-invalid')).toBe('true');
    const errorId = ((await input.getAttribute('aria-describedby')) ?? '').split(' ').find((id) => id.endsWith('-error'));
    expect(await page.locator(`[id="${errorId}"]`).textContent()).toContain('already recorded for Jordan Blackwood');
  });

  it('records consent with its date, then its withdrawal', async () => {
    const found = await e2e.core.call('students.search', { query: '401 023 2137' });
    await page.goto(`${e2e.harness.origin}/#/students/${found.rows[0].id}`);
    const section = page.getByRole('region', { name: 'NHS number and data-sharing consent' });
    await section.getByText('401 023 2137').waitFor();
    await section.getByText('No consent in force').waitFor();
    await section.getByRole('button', { name: 'Record consent' }).click();
    const dialog = page.getByRole('dialog', { name: 'Record data-sharing consent' });
    await dialog.getByLabel(/^Date consent was given/).fill('2025-03-07');
    await dialog.getByRole('button', { name: 'Record consent' }).click();
    await section.getByText('Consent given', { exact: true }).waitFor();
    await section.getByText(/Given on 7 Mar 2025 \(in force\)/).waitFor();

    await section.getByRole('button', { name: 'Record that consent was withdrawn' }).click();
    const withdraw = page.getByRole('dialog', { name: 'Record that consent was withdrawn' });
    await withdraw.getByLabel(/^Date consent was withdrawn/).fill('2025-01-01');
    await withdraw.getByRole('button', { name: 'Record withdrawal' }).click();
    // Before the date it was given: refused, with the reason beside the date.
    await withdraw.getByText('Consent cannot be withdrawn before the date it was given.').waitFor();
    await withdraw.getByLabel(/^Date consent was withdrawn/).fill('2025-06-30');
    await withdraw.getByRole('button', { name: 'Record withdrawal' }).click();
    await section.getByText(/Given on 7 Mar 2025, withdrawn on 30 Jun 2025/).waitFor();
    await section.getByText('No consent in force').waitFor();
  });

  it('archives with a reason after confirming, hides the student from everyday search, and restores them', async () => {
    const found = await e2e.core.call('students.search', { query: 'Jordon' });
    await page.goto(`${e2e.harness.origin}/#/students/${found.rows[0].id}`);
    await page.getByRole('button', { name: 'Archive…' }).click();
    const dialog = page.getByRole('dialog', { name: /Archive Jordon Blackwood/ });
    await dialog.getByRole('button', { name: 'Archive this student' }).click();
    await dialog.getByText('Please give a reason.').waitFor();
    await dialog.getByLabel(/^Reason for archiving/).fill('Moved out of the area');
    await dialog.getByRole('button', { name: 'Archive this student' }).click();
    await page.getByText('This student is archived').waitFor();
    await page.getByText(/Moved out of the area/).first().waitFor();

    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Students' }).click();
    await page.getByLabel(/^Find a student/).fill('Jordon');
    await page.getByText('No students match “Jordon”.').waitFor();
    await page.getByLabel('Include archived students').check();
    await expect.poll(() => page.getByTestId('student-row').count()).toBe(1);
    await page.getByTestId('student-row').press('Enter');

    await page.getByRole('button', { name: 'Restore…' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Restore this student' }).click();
    await page.getByRole('link', { name: 'Change details' }).waitFor();
    expect(await page.getByText('This student is archived').count()).toBe(0);
    expect(e2e.pageErrors).toEqual([]);
  });

  it('keeps the record in tabs: the open tab is in the address, arrow keys move between tabs, and Back returns to the last', async () => {
    const found = await e2e.core.call('students.search', { query: '401 023 2137' });
    const id = found.rows[0].id;
    await page.goto(`${e2e.harness.origin}/#/students/${id}`);
    // The header says who this is on every tab: name, reference and status.
    await page.getByRole('heading', { level: 1, name: found.rows[0].firstName + ' ' + found.rows[0].surname }).waitFor();
    const header = page.getByRole('group', { name: 'Reference and status' });
    await header.getByText(found.rows[0].reference).waitFor();
    await header.getByText('Active', { exact: true }).waitFor();
    const tabs = page.getByRole('tablist', { name: /record$/ });
    const details = tabs.getByRole('tab', { name: 'Details' });
    await expect(details.getAttribute('aria-selected')).resolves.toBe('true');
    await page.getByRole('region', { name: 'Contact', exact: true }).waitFor();
    expect(await page.getByRole('region', { name: 'Record history' }).count()).toBe(0);

    // By keyboard: focus the open tab, arrow right to the next; its panel shows and the address names it.
    await details.focus();
    await page.keyboard.press('ArrowRight');
    const courses = tabs.getByRole('tab', { name: 'Courses & attendance' });
    await expect.poll(() => courses.getAttribute('aria-selected')).toBe('true');
    await page.getByRole('region', { name: 'Attendance' }).waitFor();
    expect(page.url()).toMatch(/\?tab=courses$/);

    await tabs.getByRole('tab', { name: 'History' }).click();
    await page.getByRole('region', { name: 'Record history' }).getByTestId('audit-table').waitFor();
    expect(page.url()).toMatch(/\?tab=history$/);

    // Back goes to the tab before; a link straight to a tab opens it.
    await page.goBack();
    await expect.poll(() => courses.getAttribute('aria-selected')).toBe('true');
    await page.goto(`${e2e.harness.origin}/#/students/${id}?tab=outcomes`);
    await expect.poll(() => tabs.getByRole('tab', { name: 'Outcomes' }).getAttribute('aria-selected')).toBe('true');
    await page.getByRole('region', { name: 'Wellbeing and outcomes' }).waitFor();
    // The full outcomes page has a tab for each of its forms; its breadcrumb comes back to this tab.
    await page.getByRole('link', { name: 'See all and enter questionnaires' }).click();
    const outcomeTabs = page.getByRole('tablist', { name: /wellbeing and outcomes$/ });
    await outcomeTabs.getByRole('tab', { name: 'Destinations' }).click();
    expect(page.url()).toMatch(/\/outcomes\?tab=destinations$/);
    await page.getByLabel('What they did').selectOption({ label: 'Started volunteering' });
    await page.getByRole('button', { name: 'Record destination' }).click();
    await page.getByRole('table', { name: 'Destinations' }).getByText('Started volunteering').waitFor();
    expect(await page.getByRole('button', { name: 'Save questionnaire' }).count()).toBe(0);
    await page.getByRole('link', { name: `${found.rows[0].firstName} ${found.rows[0].surname}`, exact: true }).click();
    await expect.poll(() => tabs.getByRole('tab', { name: 'Outcomes' }).getAttribute('aria-selected')).toBe('true');
    await page.getByRole('region', { name: 'Wellbeing and outcomes' }).getByText(/Started volunteering/).waitFor();

    // Privacy is a manager's tab: an admin has none, and a link to it opens the details instead.
    expect(await tabs.getByRole('tab', { name: 'Privacy' }).count()).toBe(0);
    await page.goto(`${e2e.harness.origin}/#/students/${id}?tab=privacy`);
    await expect.poll(() => details.getAttribute('aria-selected')).toBe('true');
    expect(describeViolations(await axeViolations(page))).toEqual([]);
    expect(e2e.pageErrors).toEqual([]);
  });
});
