// Every page of the app, with real record ids, for the signed-in person: used by the axe test and the screenshot script.
import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import { deskCall } from './support';

export async function everyRoute(page: Page): Promise<string[]> {
  const ok = <T>(r: { ok: true; value: T } | { ok: false }): T | undefined => (r.ok ? r.value : undefined);
  const student = ok(await deskCall(page, 'students.search', { query: '' }))?.rows[0]?.id;
  const run = ok(await deskCall(page, 'scheduling.listRuns', {}))?.rows[0]?.id;
  const claim = ok(await deskCall(page, 'expenses.claims.list', {}))?.rows[0]?.id;
  const batch = ok(await deskCall(page, 'expenses.batches.list', {}))?.rows[0]?.id;
  let session = ok(await deskCall(page, 'registers.today', {}))?.sessions[0]?.sessionId;
  // A day with no sessions (a weekend, or a Monday in the training data) still checks a register page: the latest recent
  // day that had a session.
  for (let back = 1; session === undefined && back <= 14; back++) {
    const day = DateTime.now().setZone('Europe/London').minus({ days: back }).toISODate()!;
    session = ok(await deskCall(page, 'registers.day', { date: day }))?.[0]?.sessionId;
  }
  return [
    '/today', '/students', '/students/new', `/students/${student}`, ...['courses', 'outcomes', 'history', 'privacy'].map((tab) => `/students/${student}?tab=${tab}`), `/students/${student}/edit`, `/students/${student}/outcomes`, `/students/${student}/outcomes?tab=destinations`,
    '/schedule', '/schedule/runs', `/schedule/runs/${run}`, ...['create', 'students', 'team', 'place'].map((tab) => `/schedule/runs/${run}?tab=${tab}`), '/schedule/courses', '/schedule/terms', '/schedule/venues', '/schedule/facilitators', '/schedule/attention/team', '/schedule/attention/enrolment',
    '/registers', `/registers/sessions/${session}`, '/registers/follow-ups', '/registers/to-take', `/registers/runs/${run}`,
    '/expenses', `/expenses/claims/${claim}`, '/expenses/approvals', '/expenses/batches', `/expenses/batches/${batch}`, '/expenses/involvement',
    '/expenses/payees', '/expenses/totals', '/expenses/rates',
    '/reports', '/reports/returns', '/reports/follow-up', '/reports/satisfaction',
    '/students/import', '/schedule/facilitators/import', '/expenses/payees/import',
    '/settings/account', '/settings/staff', '/settings/audit', '/settings/college', '/settings/data-security', '/settings/backups', '/settings/data-protection', '/settings/server',
  ].filter((r) => !r.includes('undefined'));
}

/** Goes to a route and waits until its heading is there and its data has loaded. */
export async function visit(page: Page, origin: string, route: string): Promise<void> {
  await page.goto(`${origin}/#${route}`);
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  await page.waitForLoadState('networkidle');
  await page.locator('[data-loading]').first().waitFor({ state: 'detached', timeout: 5000 }).catch(() => undefined);
}
