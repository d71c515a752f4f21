// An admin brings the college's old spreadsheet in: bad files refused plainly, then a messy sheet (built here, with every
// kind of problem) mapped, fixed, partly skipped, confirmed, seen in the list, and its report saved.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptedWorkbook, xlsxFile } from '../helpers/import-files';
import { validStudent } from '../helpers/core';
import { axeViolations, describeViolations } from './axe';
import { deskCall, startE2E, type E2E } from './support';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('importing students', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('as an admin importing a messy spreadsheet: refusals, mapping, a fix, skips, confirm, the list, the report', async () => {
    await e2e.core.call('students.create', { fields: validStudent({ firstName: 'Dora', surname: 'Existing', dateOfBirth: '1970-05-05' }) });
    const admin = await e2e.core.addStaff('admin');
    await e2e.signIn(admin.username, admin.password);
    const { page } = e2e;
    // Screenshots to look at while changing the page: IMPORT_SHOTS=/some/folder.
    const shot = async (name: string) => {
      if (process.env.IMPORT_SHOTS) await page.screenshot({ path: path.join(process.env.IMPORT_SHOTS, `${name}.png`), fullPage: true });
    };

    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Students' }).click();
    await page.getByRole('link', { name: 'Import students' }).click();
    await page.getByRole('heading', { name: 'Import students', level: 1 }).waitFor();
    expect(describeViolations(await axeViolations(page))).toEqual([]);

    // ── bad files get plain refusals, and nothing moves on ──
    const fileInput = page.getByLabel('Spreadsheet file (CSV or .xlsx)');
    const alert = page.getByRole('alert');
    // A real 50 MB file on disk (too big to hand over as a buffer): refused before it is read.
    const huge = path.join(mkdtempSync(path.join(tmpdir(), 'rcd-import-')), 'huge.xlsx');
    writeFileSync(huge, Buffer.alloc(50 * 1024 * 1024, 65));
    await fileInput.setInputFiles(huge);
    await expect.poll(() => alert.textContent()).toMatch(/larger than 10 MB/);
    await fileInput.setInputFiles({ name: 'locked.xlsx', mimeType: XLSX, buffer: encryptedWorkbook() });
    await expect.poll(() => alert.textContent()).toMatch(/protected with a password/);
    await fileInput.setInputFiles({ name: 'photo.xlsx', mimeType: XLSX, buffer: Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64') });
    await expect.poll(() => alert.textContent()).toMatch(/PNG file, not a spreadsheet/);
    const formula = await xlsxFile([['Forename', 'Surname'], ['Ann', { formula: 'UPPER("lee")', result: 'LEE' }]]);
    await fileInput.setInputFiles({ name: 'formula.xlsx', mimeType: XLSX, buffer: formula });
    await expect.poll(() => alert.textContent()).toMatch(/Cell B2 .* holds a formula/);
    const merged = await xlsxFile([['Forename', 'Surname'], ['Ann', 'Lee'], ['Group two', '']], { merge: 'A3:B3' });
    await fileInput.setInputFiles({ name: 'merged.xlsx', mimeType: XLSX, buffer: merged });
    await expect.poll(() => alert.textContent()).toMatch(/merged \(A3:B3\)/);
    await fileInput.setInputFiles({ name: 'empty.csv', mimeType: 'text/csv', buffer: Buffer.alloc(0) });
    await expect.poll(() => alert.textContent()).toMatch(/This file is empty/);

    // ── the messy sheet: every kind of row problem ──
    const messy = await xlsxFile([
      ['Forename', 'Surname', 'DOB', 'Gender', 'Ethnicity', 'Referral', 'NHS No'],
      ['Ann', 'Lee', new Date(Date.UTC(1985, 2, 7)), 'Female', 'White British', 'Self', '943 476 5919'], // 2 fine
      ['Bob', 'Ray', '12/12/1990', 'Male', 'Indian', 'GP', '943 476 5910'], // 3 invalid NHS number
      ['Cat', 'Fox', '31/02/1990', 'F', 'A', 'Self', ''], // 4 impossible date → fixed
      ['Dan', '', '01/01/1980', 'Male', 'White British', 'Self', ''], // 5 missing surname → skipped
      ['Ann', 'Lee', '07/03/1985', 'Female', 'White British', 'Self', ''], // 6 duplicate of row 2 → skipped
      ['Dora', 'Existing', '05/05/1970', 'Female', 'White British', 'Self', ''], // 7 possible duplicate of RC-000001 → skipped
      ['Eve', 'Stone', '02/02/1992', 'Femme', 'Prefer not to say', 'Self', ''], // 8 a word mapped on the Values step
      ['Fay', 'Moon', '03/03/1993', '', '', 'Self', '999 000 0018'], // 9 blanks → not known
    ]);
    await fileInput.setInputFiles({ name: 'old register.xlsx', mimeType: XLSX, buffer: messy });

    await page.getByRole('heading', { name: 'Which column is which?' }).waitFor();
    await expect.poll(() => page.getByLabel('Imported as (column “DOB”)').inputValue()).toBe('dateOfBirth');
    expect(await page.getByLabel('Imported as (column “Ethnicity”)').inputValue()).toBe('ethnicCategory');
    expect(await page.getByText('Read 8 rows from old register.xlsx, sheet “Students”').count()).toBe(1);
    expect(describeViolations(await axeViolations(page))).toEqual([]);
    await shot('1-columns');
    await page.getByRole('button', { name: 'Next: values' }).click();

    await page.getByRole('heading', { name: 'What do the words mean?' }).waitFor();
    expect(await page.getByLabel('Ethnic category: “White British” means').inputValue()).toBe('A');
    expect(await page.getByLabel('How they came: “Self” means').inputValue()).toBe('self');
    expect(await page.getByLabel('Gender identity: “Femme” means').inputValue()).toBe('');
    await page.getByLabel('Gender identity: “Femme” means').selectOption({ label: 'Female (including trans woman)' });
    expect(describeViolations(await axeViolations(page))).toEqual([]);
    await shot('2-values');
    await page.getByRole('button', { name: 'Next: check the rows' }).click();

    await page.getByRole('heading', { name: 'Check the rows' }).waitFor();
    const rowOf = (n: number) => page.getByRole('table', { name: 'Rows' }).locator(`tr[data-row="${n}"]`);
    await expect.poll(() => rowOf(3).textContent()).toMatch(/Needs fixing.*check digit/);
    expect(await rowOf(4).textContent()).toMatch(/“31\/02\/1990” is not a real date/);
    expect(await rowOf(5).textContent()).toMatch(/Please enter the surname/);
    expect(await rowOf(6).textContent()).toMatch(/Duplicate of row 2/);
    expect(await rowOf(7).textContent()).toMatch(/Possible duplicate of RC-000001/);
    expect(describeViolations(await axeViolations(page))).toEqual([]);

    await shot('3-rows');
    // Fix row 4 by keyboard in its dialog.
    await page.getByRole('button', { name: 'Fix row 4' }).click();
    const dialog = page.getByRole('dialog', { name: 'Fix row 4' });
    await dialog.getByLabel('Date of birth (“DOB”)').fill('28/02/1990');
    expect(describeViolations(await axeViolations(page))).toEqual([]);
    await shot('4-fix');
    await dialog.getByLabel('Date of birth (“DOB”)').press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await page.getByText('All rows (8)').click();
    await expect.poll(() => rowOf(4).textContent()).toMatch(/Ready/);
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'will be added' }).textContent()).toMatch(/4 students will be added/);

    await page.getByRole('button', { name: 'Import 4 students' }).click();
    const confirm = page.getByRole('dialog', { name: 'Add 4 students?' });
    await confirm.getByRole('button', { name: 'Add 4 students' }).click();
    await page.getByText('Added 4 students from old register.xlsx; 4 rows skipped.').waitFor();

    await shot('5-done');
    const reportPath = await e2e.download(() => page.getByRole('button', { name: 'Save a report (CSV)' }).click());
    const report = parse(readFileSync(reportPath, 'utf8'), { bom: true }) as string[][];
    expect(report.slice(1).map((r) => [r[0], r[1]])).toEqual([
      ['2', 'Imported'],
      ['3', 'Skipped'],
      ['4', 'Imported'],
      ['5', 'Skipped'],
      ['6', 'Skipped'],
      ['7', 'Skipped'],
      ['8', 'Imported'],
      ['9', 'Imported'],
    ]);
    expect(report[1][2]).toBe('RC-000002 Ann Lee');

    await page.getByRole('link', { name: 'Go to the students list' }).click();
    await expect.poll(() => page.getByTestId('student-row').count()).toBe(5);
    const list = await page.getByRole('table').first().textContent();
    for (const name of ['Fox, Cat', 'Stone, Eve', 'Moon, Fay', 'Lee, Ann']) expect(list).toContain(name);
    const eve = await deskCall(page, 'students.search', { query: 'Stone' });
    const eveId = eve.ok ? eve.value.rows[0].id : 0;
    const detail = await deskCall(page, 'students.get', { id: eveId });
    expect(detail.ok && detail.value).toMatchObject({ genderIdentity: '2', ethnicCategory: 'Z', secondaryMhServices: 'unknown' });
    expect(e2e.pageErrors).toEqual([]);
  });
});
