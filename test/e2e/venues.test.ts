// A coordinator adds a venue and a room, then corrects the room's capacity and accessibility notes in place; the new
// values are still there after the page is reloaded. Someone who cannot plan sees the lists without Edit buttons,
// and the core refuses the change itself.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { deskCall, openAddDialog, startE2E, type E2E } from './support';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

const label = (text: string) => new RegExp(`^${text.replace(/[()]/g, '\\$&')}\\s*\\*?$`);

it('a coordinator edits a room and sees the change after reloading', async () => {
  const coordinator = await e2e.core.addStaff('coordinator', 'vera.venues', 'Vera Venues');
  await e2e.signIn(coordinator.username, coordinator.password);
  const { page } = e2e;
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: /^Courses & schedule(,|$)/ }).click();
  await page.getByRole('heading', { level: 1, name: 'Timetable' }).waitFor();
  await page.getByRole('navigation', { name: 'Courses and schedule' }).getByRole('link', { name: 'Venues & rooms' }).click();
  await page.getByRole('heading', { level: 1, name: 'Venues and rooms' }).waitFor();

  // A venue and a room.
  const venueDialog = await openAddDialog(page, 'Add a venue');
  await venueDialog.getByLabel(label('Venue name')).fill('Riverside Hub');
  await venueDialog.getByRole('button', { name: 'Add venue' }).click();
  await page.getByRole('table', { name: 'Venues' }).getByText('Riverside Hub', { exact: true }).waitFor();
  const roomDialog = await openAddDialog(page, 'Add a room');
  await roomDialog.getByLabel(label('Venue')).selectOption({ label: 'Riverside Hub' });
  await roomDialog.getByLabel(label('Room name')).fill('Garden Room');
  await roomDialog.getByLabel(label('Capacity (people)')).fill('12');
  await roomDialog.getByRole('button', { name: 'Add room' }).click();
  const rooms = page.getByRole('list', { name: 'Rooms at Riverside Hub' });
  await rooms.getByText('Garden Room', { exact: true }).waitFor();

  // Edit the room: the form opens with the current values.
  await page.getByRole('button', { name: 'Edit room Garden Room' }).click();
  const dialog = page.getByRole('dialog', { name: 'Change Garden Room' });
  await dialog.waitFor();
  expect(await dialog.getByLabel(label('Room name')).inputValue()).toBe('Garden Room');
  expect(await dialog.getByLabel(label('Capacity (people)')).inputValue()).toBe('12');

  // A blank name is refused by the core; its message appears next to the field, and nothing is saved.
  await dialog.getByLabel(label('Room name')).fill('');
  await dialog.getByRole('button', { name: 'Save changes' }).click();
  await dialog.getByText(/room name/i).first().waitFor();
  await expect(dialog.getByLabel(label('Room name')).getAttribute('aria-invalid')).resolves.toBe('true');

  await dialog.getByLabel(label('Room name')).fill('Garden Room');
  await dialog.getByLabel(label('Capacity (people)')).fill('16');
  await dialog.getByLabel(label('Room accessibility notes')).fill('Step-free via the side door; hearing loop fitted.');
  await dialog.getByRole('button', { name: 'Save changes' }).click();
  await dialog.waitFor({ state: 'detached' });
  await rooms.getByText('Step-free via the side door; hearing loop fitted.').waitFor();

  // After a reload (signing in again if the page asks), the new values are there.
  await page.reload();
  const username = page.getByLabel(/^Username/);
  await username.or(page.getByTestId('signed-in-as')).first().waitFor();
  if (await username.isVisible()) {
    await username.fill(coordinator.username);
    await page.getByLabel(/^Password/).fill(coordinator.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByTestId('signed-in-as').waitFor();
  }
  if (!page.url().includes('#/schedule/venues')) {
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: /^Courses & schedule(,|$)/ }).click();
    await page.getByRole('navigation', { name: 'Courses and schedule' }).getByRole('link', { name: 'Venues & rooms' }).click();
  }
  await page.getByRole('heading', { level: 1, name: 'Venues and rooms' }).waitFor();
  const room = page.getByRole('list', { name: 'Rooms at Riverside Hub' }).getByRole('listitem').filter({ hasText: 'Garden Room' });
  await room.waitFor();
  expect((await room.textContent())?.replace(/\s*Edit$/, '')).toBe('Garden Room, 16 places — Step-free via the side door; hearing loop fitted.');

  // Stopping using the room asks first; keeping it is the focused, safe choice.
  await page.getByRole('button', { name: 'Edit room Garden Room' }).click();
  await page.getByRole('dialog', { name: 'Change Garden Room' }).getByRole('button', { name: 'Stop using this room…' }).click();
  const confirm = page.getByRole('dialog', { name: 'Stop using Garden Room?' });
  await confirm.waitFor();
  await expect(page.evaluate<string | undefined>('document.activeElement?.textContent')).resolves.toBe('Keep using it');
  await confirm.getByRole('button', { name: 'Stop using this room' }).click();
  await confirm.waitFor({ state: 'detached' });
  await page.getByText('No rooms yet.').waitFor();

  expect(e2e.pageErrors).toEqual([]);
});

it('someone who cannot plan sees venues read-only and cannot change them', async () => {
  const venues = await e2e.core.call('scheduling.listVenues', { includeInactive: true });
  const room = venues.find((v) => v.name === 'Riverside Hub')!.rooms[0]!;
  const other = await e2e.core.addStaff('admin', 'fred.reader', 'Fred Reader');
  const { page } = await e2e.newContext();
  await e2e.signIn(other.username, other.password, page);
  await page.goto(`${page.url().split('#')[0]}#/schedule/venues`);
  await page.getByRole('heading', { level: 1, name: 'Venues and rooms' }).waitFor();
  await page.getByRole('table', { name: 'Venues' }).getByText('Riverside Hub', { exact: true }).waitFor();
  await expect(page.getByRole('button', { name: /^Edit/ }).count()).resolves.toBe(0);
  await expect(page.getByRole('button', { name: /^Add a/ }).count()).resolves.toBe(0);
  const refused = await deskCall(page, 'scheduling.updateRoom', {
    id: room.id,
    fields: { venueId: room.venueId, name: 'Taken over', capacity: 99, accessibilityNotes: null, active: true },
  });
  expect(refused.ok ? null : refused.error.reason).toBe('access.role');
  expect(e2e.pageErrors).toEqual([]);
});
