// Exporting lists from the browser: the filtered students list as CSV and Excel holds exactly the rows the screen shows
// (every page), the audit log exports the days chosen, each export is in the audit log, and the pages stay axe-clean.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoNhsNumber } from '../../src-main/core/demo/generate';
import { axeViolations, describeViolations } from './axe';
import { startE2E, type E2E } from './support';

const student = (i: number) => ({
  firstName: `Pat${String(i).padStart(2, '0')}`,
  surname: i % 2 ? 'Exportson' : 'Exportley',
  preferredName: i === 3 ? 'Patsy' : null,
  dateOfBirth: `19${70 + (i % 25)}-0${(i % 9) + 1}-${String(10 + (i % 18)).padStart(2, '0')}`,
  nhsNumber: demoNhsNumber(100 + i),
  phone: `01632 960${String(i).padStart(3, '0')}`,
  postcode: 'SS1 2AB',
  referralSource: 'self' as const,
  secondaryMhServices: 'unknown' as const,
  ethnicCategory: 'Z' as const,
  genderIdentity: 'X' as const,
  employmentStatus: 'ZZ' as const,
});

/** The screen's rows on the current page: the six cells of each, as shown. */
async function screenRows(page: Page): Promise<string[][]> {
  const rows = page.getByTestId('student-row');
  const out: string[][] = [];
  for (let i = 0; i < (await rows.count()); i++) {
    const cells = await rows.nth(i).locator('td').allInnerTexts();
    out.push(cells.map((c) => c.trim()));
  }
  return out;
}

/** A screen date (`7 Mar 1988`, `18 Sept 1971` in British English) as the export writes it in CSV (`07/03/1988`). */
const ukDate = (shown: string) => DateTime.fromFormat(shown.replace('Sept', 'Sep'), 'd LLL yyyy', { locale: 'en-US' }).toFormat('dd/MM/yyyy');
/** What the screen shows, as the export's columns: Name, Reference, Date of birth, NHS number, Phone, Postcode, Archived. */
const asExported = (r: string[]) => [r[0].replace(/\s*Archived$/, ''), r[1], ukDate(r[2]), r[3] === 'none' ? '' : r[3], r[4], r[5], /Archived$/.test(r[0]) ? 'Archived' : ''];

describe('list exports', () => {
  let e2e: E2E;
  let page: Page;
  let manager: { username: string; password: string };
  beforeAll(async () => {
    e2e = await startE2E();
    page = e2e.page;
    for (let i = 0; i < 31; i++) await e2e.core.call('students.create', { fields: student(i), confirmedNotDuplicate: true });
    await e2e.core.call('students.create', { fields: { ...student(40), surname: 'Elsewhere' }, confirmedNotDuplicate: true });
    manager = await e2e.core.addStaff('manager', 'morgan.manager', 'Morgan Manager');
  }, 120_000);
  afterAll(async () => {
    await e2e?.close();
  });

  it('exports the filtered, sorted students list as CSV and Excel with exactly the rows on screen, every page', async () => {
    const admin = await e2e.core.addStaff('admin', 'ash.admin', 'Ash Admin');
    await e2e.signIn(admin.username, admin.password);
    // The search and sort live in the address (as after typing and sorting by the "Date of birth" column).
    await page.goto(`${e2e.harness.origin}/#/students?q=export&sort=dateOfBirth`);
    await expect.poll(() => page.getByRole('columnheader', { name: 'Date of birth' }).getAttribute('aria-sort')).toBe('ascending');
    await expect.poll(() => page.getByTestId('student-count').textContent()).toMatch(/^31 students match “export”/);

    // The screen: page 1 (25 rows), then page 2.
    const shown = await screenRows(page);
    expect(shown).toHaveLength(25);
    await page.getByRole('button', { name: 'Page 2' }).click();
    await expect.poll(async () => (await screenRows(page)).length).toBe(6);
    shown.push(...(await screenRows(page)));
    expect(shown.some((r) => r[0] === 'Exportson, Pat03 (Patsy)')).toBe(true);
    expect(shown.every((r) => !r[0].startsWith('Elsewhere'))).toBe(true);

    const violationsBefore = await axeViolations(page);
    expect(describeViolations(violationsBefore)).toEqual([]);

    await page.getByRole('button', { name: 'Export…' }).click();
    // Checked once the menu has finished fading in (axe reads colours mid-fade otherwise).
    await expect.poll(() => page.getByRole('menu').evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { opacity: string } }).getComputedStyle(el).opacity)).toBe('1');
    expect(describeViolations(await axeViolations(page))).toEqual([]);
    const csvPath = await e2e.download(() => page.getByRole('menuitem', { name: 'CSV' }).click());
    expect(csvPath).toMatch(/students-\d{4}-\d{2}-\d{2}\.csv$/);
    const [header, ...csv] = parse(readFileSync(csvPath), { bom: true }) as string[][];
    expect(header).toEqual(['Name', 'Reference', 'Date of birth', 'NHS number', 'Phone', 'Postcode', 'Archived']);
    expect(csv).toEqual(shown.map(asExported));

    await page.getByRole('button', { name: 'Export…' }).click();
    const xlsxPath = await e2e.download(() => page.getByRole('menuitem', { name: 'Excel (XLSX)' }).click());
    expect(xlsxPath).toMatch(/students-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(xlsxPath) as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0];
    const xlsx: string[][] = [];
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      const cells: string[] = [];
      for (let c = 1; c <= 7; c++) {
        const v = row.getCell(c).value;
        // Dates are real dates in the workbook (Excel's day serial, read back as midnight UTC).
        cells.push(v instanceof Date ? DateTime.fromJSDate(v, { zone: 'utc' }).toFormat('dd/MM/yyyy') : v === null || v === undefined ? '' : String(v));
      }
      xlsx.push(cells);
    });
    expect(sheet.getRow(2).getCell(3).value).toBeInstanceOf(Date);
    expect(xlsx).toEqual(shown.map(asExported));

    // Both exports are in the audit log, with the list, the filter in words (never the search text) and the count.
    const log = await e2e.core.call('audit.list', { entity: 'list' });
    expect(log.rows.map((r) => [r.staffName, r.action, r.summary])).toEqual([
      ['Ash Admin', 'export-list', 'Students (Excel (XLSX)): 31 rows; matching a search, sorted by date of birth, archived left out'],
      ['Ash Admin', 'export-list', 'Students (CSV): 31 rows; matching a search, sorted by date of birth, archived left out'],
    ]);
    expect(e2e.pageErrors).toEqual([]);
  });

  it('exports the audit log for the days chosen with the UK date fields, and the page stays axe-clean', async () => {
    // A second window, for the manager.
    const page = (await e2e.newContext()).page;
    await e2e.signIn(manager.username, manager.password, page);
    await page.goto(`${e2e.harness.origin}/#/settings/audit`);
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    const today = DateTime.now().setZone('Europe/London');
    await page.getByLabel('From', { exact: true }).fill(today.toFormat('dd/MM/yyyy'));
    await page.getByLabel('To', { exact: true }).fill(today.toFormat('dd/MM/yyyy'));
    await page.getByLabel('Show').selectOption('list');
    await expect.poll(() => page.getByText(/^\d+ entr(y|ies)$/).textContent()).toMatch(/^2 entries$/);
    expect(describeViolations(await axeViolations(page))).toEqual([]);

    await page.getByRole('button', { name: 'Export…' }).click();
    const csvPath = await e2e.download(() => page.getByRole('menuitem', { name: 'CSV' }).click(), page);
    const [header, ...rows] = parse(readFileSync(csvPath), { bom: true }) as string[][];
    expect(header).toEqual(['When', 'Who', 'What', 'Details', 'Record', 'Record number', 'Fields']);
    expect(rows.map((r) => [r[1], r[2], r[4]])).toEqual([
      ['Ash Admin', 'Exported a list', 'List'],
      ['Ash Admin', 'Exported a list', 'List'],
    ]);
    expect(rows.every((r) => r[0].startsWith(today.toFormat('dd/MM/yyyy')))).toBe(true);

    // A last day before the first is said plainly, and the list is not narrowed by it.
    await page.getByLabel('To', { exact: true }).fill(today.minus({ days: 1 }).toFormat('dd/MM/yyyy'));
    await page.getByText('The last day is before the first day.').waitFor();
    expect(e2e.pageErrors).toEqual([]);
  });
});
