// The one list-page pattern, as a coordinator uses it on the course catalogue with the keyboard alone: a column header
// sorts (and says so to a screen reader), a smaller page size brings a pager whose pages hold the rest, and "Add a
// course" opens a dialog that passes axe, closes with Escape back to its button, and adds the course.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { axeViolations, describeViolations } from './axe';
import { startE2E, type E2E } from './support';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

const TITLES = ['Mindfulness', 'Anxiety', 'Sleep', 'Hope', 'Confidence', 'Boundaries', 'Grief', 'Kindness', 'Loneliness', 'Resilience', 'Peer support', 'Wellbeing'];
const label = (text: string) => new RegExp(`^${text}\\s*\\*?$`);

it('a coordinator sorts the catalogue by a column header with the keyboard, pages through it, and adds a course in an accessible dialog', async () => {
  for (const [i, title] of TITLES.entries()) {
    await e2e.core.call('scheduling.createCourse', {
      title,
      description: null,
      category: null,
      sessionsCount: 6,
      defaultSessionMinutes: 120,
      defaultCapacity: 8 + i,
      coProduced: true,
      peerTraining: false,
    });
  }
  const coordinator = await e2e.core.addStaff('coordinator', 'cora.lists', 'Cora Lists');
  await e2e.signIn(coordinator.username, coordinator.password);
  const { page } = e2e;
  await page.goto(`${page.url().split('#')[0]}#/schedule/courses`);
  await page.getByRole('heading', { level: 1, name: 'Course catalogue' }).waitFor();
  const table = page.getByRole('table', { name: 'Courses' });
  const titles = async () => (await table.locator('tbody tr td:first-child').allTextContents()).map((t) => t.replace(/Co-produced.*$/, '').trim());
  const az = [...TITLES].sort();
  await expect.poll(titles).toEqual(az);
  const titleHeader = page.getByRole('columnheader', { name: 'Title' });
  expect(await titleHeader.getAttribute('aria-sort')).toBe('ascending');

  // Enter on the focused "Title" header turns the list round; Space on "Places" sorts by it, fewest first.
  await page.getByRole('button', { name: 'Title', exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect.poll(() => titleHeader.getAttribute('aria-sort')).toBe('descending');
  await expect.poll(titles).toEqual([...az].reverse());
  await page.keyboard.press('Tab'); // on to the next header, "Category"
  await page.keyboard.press('Tab'); // "Sessions"
  await page.keyboard.press('Tab'); // "Places"
  await expect(page.evaluate<string | undefined>('document.activeElement?.textContent')).resolves.toBe('Places');
  await page.keyboard.press('Space');
  await expect.poll(() => page.getByRole('columnheader', { name: 'Places' }).getAttribute('aria-sort')).toBe('ascending');
  expect(await titleHeader.getAttribute('aria-sort')).toBe('none');
  await expect.poll(titles).toEqual(TITLES.slice(0, 12));

  // Ten a page: the first page holds ten, "Page 2" the other two, and the count stays the whole list's.
  await page.getByLabel('Rows per page').focus();
  await page.getByLabel('Rows per page').selectOption('10');
  await expect.poll(async () => (await titles()).length).toBe(10);
  await page.getByRole('button', { name: 'Page 2' }).focus();
  await page.keyboard.press('Enter');
  await expect.poll(titles).toEqual(TITLES.slice(10));
  await page.getByText('Showing 11–12 of 12').waitFor();
  await expect(page.getByTestId('list-count').textContent()).resolves.toBe('12 courses');

  // "Add a course" opens a dialog that passes axe; Escape closes it and puts focus back on the button.
  const add = page.getByRole('button', { name: 'Add a course' });
  await add.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Add a course' });
  await dialog.waitFor();
  expect(describeViolations(await axeViolations(page))).toEqual([]);
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  await expect.poll(() => add.evaluate((el) => el === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement)).toBe(true);

  // Adding through the dialog closes it, and the new course is found by the search box.
  await page.keyboard.press('Enter');
  await dialog.waitFor();
  await dialog.getByLabel(label('Title')).fill('Understanding Anger');
  await dialog.getByRole('button', { name: 'Add course' }).click();
  await dialog.waitFor({ state: 'detached' });
  await page.getByLabel('Find a course').fill('anger');
  await expect.poll(titles).toEqual(['Understanding Anger']);
  await page.getByLabel('Find a course').fill('no such course');
  await page.getByText('No courses match “no such course”.').waitFor();
  expect(e2e.pageErrors).toEqual([]);
});
