// Bringing a college's existing records in: real CSV and XLSX files built here, every refusal, every row problem,
// value mapping, remembered choices, and one transaction that writes all or nothing, audited as one import.
import { parse } from 'csv-parse/sync';
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportPreview, ImportTable } from '../../src-main/contract/imports';
import { isWriteNode } from '../../src-main/core/db/read-only';
import { makeTestCore, validStudent, type TestCore } from '../helpers/core';
import { b64, csvFile, encryptedWorkbook, xlsxFile } from '../helpers/import-files';

let t: TestCore;
let admin: string;
let coordinator: string;

/** Throws on the chosen write of a call, as a full disk would half-way through an import. */
class FailOnWrite implements KyselyPlugin {
  failAt = 0;
  private writes = 0;
  private pending: unknown = null;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (this.failAt > 0 && isWriteNode(args.node) && ++this.writes === this.failAt) this.pending = args.queryId;
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    if (this.pending !== null && args.queryId === this.pending) {
      this.pending = null;
      this.failAt = 0;
      throw new Error('Injected fault part-way through the import');
    }
    return args.result;
  }
  arm(at: number) {
    this.failAt = at;
    this.writes = 0;
  }
}
const fault = new FailOnWrite();

beforeEach(async () => {
  t = await makeTestCore({ testWrapTransaction: (trx) => trx.withPlugin(fault) });
  admin = await t.signInAs('admin');
  coordinator = await t.signInAs('coordinator');
});
afterEach(() => t.close());

const read = (fileName: string, buf: Buffer) => t.ok(admin, 'imports.readFile', { fileName, base64: b64(buf) });
const refusal = async (fileName: string, buf: Buffer | string) => (await t.fail(admin, 'imports.readFile', { fileName, base64: typeof buf === 'string' ? buf : b64(buf) })).message;
const studentCount = async () => Number((await t.core.database.db.selectFrom('students').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
const row = (p: ImportPreview, n: number) => p.rows.find((r) => r.n === n)!;

const HEADINGS = ['Forename', 'Surname', 'DOB', 'Gender', 'Ethnicity', 'Referral', 'NHS No', 'Mobile'];

describe('reading a file', () => {
  it('reads a CSV and an XLSX into rows numbered as the spreadsheet shows them', async () => {
    const csv = await read('old.csv', csvFile([HEADINGS, ['Ann', 'Lee', '07/03/1985', 'Female', 'White British', 'Self', '943 476 5919', '07700 900123'], [], ['Bob', 'Ray', '1990-01-02', 'M', 'A', 'GP', '', '']]));
    expect(csv.headers).toEqual(HEADINGS);
    expect(csv.rows.map((r) => r.n)).toEqual([2, 4]);
    expect(csv.rows[0].cells[0]).toBe('Ann');

    const xlsx = await read('old.xlsx', await xlsxFile([HEADINGS, ['Cara', 'Moss', new Date(Date.UTC(1979, 11, 24)), 'Female', 'Indian', 'CMHT', 9434765919, 7700900456]], { extraSheets: ['Notes'] }));
    expect(xlsx.sheetName).toBe('Students');
    expect(xlsx.otherSheets).toBe(1);
    expect(xlsx.rows[0]).toEqual({ n: 2, cells: ['Cara', 'Moss', '1979-12-24', 'Female', 'Indian', 'CMHT', '9434765919', '7700900456'] });
  });

  it('reads a Windows (ANSI) CSV with semicolons, as Excel saves it in much of Europe', async () => {
    const bytes = Buffer.from('First name;Surname\r\nZo\xeb;Br\xfbl\xe9e\r\n', 'latin1');
    const table = await read('ansi.csv', bytes);
    expect(table.rows[0].cells).toEqual(['Zoë', 'Brûlée']);
  });

  it('refuses a file that is not a spreadsheet, by its bytes and whatever its name', async () => {
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
    expect(await refusal('students.csv', png)).toMatch(/PNG file, not a spreadsheet/);
    expect(await refusal('students.xlsx', Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF'))).toMatch(/PDF file, not a spreadsheet/);
    expect(await refusal('students.csv', Buffer.from([0x41, 0x00, 0x42, 0x00, 0x01, 0x02, 0x03]))).toMatch(/not a spreadsheet/);
  });

  it('refuses an encrypted workbook (a compound file, not a zip), and an old .xls, saying how to save it', async () => {
    expect(await refusal('locked.xlsx', encryptedWorkbook())).toMatch(/protected with a password.*remove the password/);
    const xls = encryptedWorkbook();
    // The same container without the encryption streams is what an old .xls looks like from outside.
    xls.write('Workbook\0\0\0\0\0\0\0\0\0\0\0\0\0\0', xls.indexOf(Buffer.from('EncryptionInfo', 'utf16le')), 'utf16le');
    xls.write('Book\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0', xls.indexOf(Buffer.from('EncryptedPackage', 'utf16le')), 'utf16le');
    expect(await refusal('old.xls', xls)).toMatch(/older Excel file \(\.xls\)/);
  });

  it('refuses a 50 MB file before reading it', async () => {
    const fifty = 'A'.repeat(Math.ceil((50 * 1024 * 1024 * 4) / 3));
    expect(await refusal('huge.csv', fifty)).toMatch(/larger than 10 MB/);
  });

  it('refuses formulas, naming the cell, rather than trusting their last result', async () => {
    const buf = await xlsxFile([['First name', 'Surname'], ['Ann', 'Lee'], ['Bob', { formula: 'UPPER(B2)', result: 'LEE' }]]);
    expect(await refusal('formulas.xlsx', buf)).toMatch(/Cell B3 in the sheet “Students” holds a formula \(=UPPER\(B2\)\).*Paste Special → Values/);
  });

  it('refuses merged cells, naming the range', async () => {
    const buf = await xlsxFile([['First name', 'Surname'], ['Ann', 'Lee'], ['Group B', '']], { merge: 'A3:B3' });
    expect(await refusal('merged.xlsx', buf)).toMatch(/merged \(A3:B3\).*Unmerge/);
  });

  it('refuses an empty file, a blank sheet and headings with no rows', async () => {
    expect(await refusal('empty.csv', Buffer.alloc(0))).toMatch(/empty/);
    expect(await refusal('blank.csv', Buffer.from('\r\n , ,\r\n'))).toMatch(/empty/);
    expect(await refusal('headings.csv', csvFile([HEADINGS]))).toMatch(/no rows of records/);
    expect(await refusal('headings.xlsx', await xlsxFile([HEADINGS]))).toMatch(/no rows of records/);
    expect(await refusal('nothing.xlsx', await xlsxFile([]))).toMatch(/no sheet with anything/);
  });
});

describe('previewing a student import', () => {
  /** Every kind of problem a real sheet has, one per row, and rows that are fine. */
  const messy = async () => {
    await t.ok(admin, 'students.create', { fields: validStudent({ firstName: 'Dora', surname: 'Existing', dateOfBirth: '1970-05-05' }) });
    return read(
      'messy.csv',
      csvFile([
        HEADINGS,
        ['Ann', 'Lee', '07/03/1985', 'Female', 'White British', 'Self', '943 476 5919', '07700 900123'], // 2 fine
        ['Bob', 'Ray', '12/12/1990', 'Male', 'Indian', 'GP', '943 476 5910', ''], // 3 bad NHS number
        ['Cat', 'Fox', '31/02/1990', 'Female', 'A', 'Self', '', ''], // 4 impossible date
        ['Dan', '', '01/01/1980', 'Male', 'A', 'Self', '', ''], // 5 missing surname
        ['Ann', 'Lee', '07/03/1985', 'Female', 'White British', 'Self', '', ''], // 6 duplicate of row 2
        ['Dora', 'Existing', '05/05/1970', 'F', 'White British', 'Self', '', ''], // 7 possible duplicate of RC-000001
        ['Eve', 'Stone', '02/02/1992', 'Femme', 'Prefer not to say', 'Walked in', '', ''], // 8 unknown values
        ['Fay', 'Moon', '03/03/1993', '', '', 'Self', '999 000 0018', ''], // 9 blanks → not known
      ]),
    );
  };

  it('guesses the columns from the headings and suggests codes from the words', async () => {
    const table = await messy();
    const p = await t.ok(admin, 'imports.students.preview', { headers: table.headers, rows: table.rows });
    expect(p.columns).toEqual(['firstName', 'surname', 'dateOfBirth', 'genderIdentity', 'ethnicCategory', 'referralSource', 'nhsNumber', 'phone']);
    const codeOf = (field: string, text: string) => p.values.find((v) => v.field === field)!.values.find((v) => v.text === text)?.code;
    expect(codeOf('ethnicCategory', 'White British')).toBe('A');
    expect(codeOf('ethnicCategory', 'Indian')).toBe('H');
    expect(codeOf('ethnicCategory', 'Prefer not to say')).toBe('Z');
    expect(codeOf('ethnicCategory', '')).toBe('99');
    expect(codeOf('genderIdentity', 'Female')).toBe('2');
    expect(codeOf('genderIdentity', 'F')).toBe('2');
    expect(codeOf('genderIdentity', 'Male')).toBe('1');
    expect(codeOf('genderIdentity', 'Femme')).toBeNull();
    expect(codeOf('referralSource', 'Self')).toBe('self');
    expect(codeOf('referralSource', 'GP')).toBe('gp');
    expect(codeOf('referralSource', 'Walked in')).toBeNull();
    // Not in the file, so blank: a "not known" code where one exists.
    expect(codeOf('secondaryMhServices', '')).toBe('unknown');
    expect(codeOf('employmentStatus', '')).toBe('ZZ');
  });

  it('gives every row its own plain problems, and writes nothing', async () => {
    const table = await messy();
    const p = await t.ok(admin, 'imports.students.preview', { headers: table.headers, rows: table.rows });
    expect(row(p, 2)).toMatchObject({ status: 'ready', issues: [] });
    expect(row(p, 3).status).toBe('problem');
    expect(row(p, 3).issues[0]).toMatchObject({ field: 'nhsNumber', message: expect.stringMatching(/check digit/) });
    expect(row(p, 4).issues[0]).toMatchObject({ field: 'dateOfBirth', message: 'Date of birth: “31/02/1990” is not a real date: February 1990 has no day 31. Please check the day and month.' });
    expect(row(p, 5).issues[0]).toMatchObject({ field: 'surname', message: 'Please enter the surname.' });
    expect(row(p, 6)).toMatchObject({ status: 'duplicate', issues: [{ message: 'Duplicate of row 2: the same name and date of birth.' }] });
    expect(row(p, 7).status).toBe('duplicate');
    expect(row(p, 7).issues[0].message).toMatch(/^Possible duplicate of RC-000001 \(Dora Existing, born 5 May 1970\)/);
    expect(row(p, 8).issues.map((i) => i.message)).toEqual([
      'How they came: the app does not know what “Walked in” means. Choose its meaning on the Values step, or fix this row.',
      'Gender identity: the app does not know what “Femme” means. Choose its meaning on the Values step, or fix this row.',
    ]);
    expect(row(p, 9)).toMatchObject({ status: 'ready' });
    expect(p.counts).toEqual({ ready: 2, problem: 4, duplicate: 2 });
    expect(await studentCount()).toBe(1);
  });

  it('says which required field no column fills, and refuses two columns set to one field', async () => {
    const table = await read('short.csv', csvFile([['Name', 'Born'], ['Ann', '07/03/1985']]));
    const p = await t.ok(admin, 'imports.students.preview', { headers: table.headers, rows: table.rows, columns: ['firstName', 'dateOfBirth'] });
    expect(p.missing).toEqual(['Surname']);
    const e = await t.fail(admin, 'imports.students.preview', { headers: table.headers, rows: table.rows, columns: ['surname', 'surname'] });
    expect(e.message).toBe('Two columns (“Name” and “Born”) are both set to Surname. Please set one of them to “Not imported”.');
  });
});

describe('committing a student import', () => {
  const file = () =>
    read(
      'register.xlsx',
      csvFile([
        ['Given', 'Family', 'Born', 'Sex', 'Ethnic group', 'Came via'],
        ['Ann', 'Lee', '07/03/1985', 'Female', 'White British', 'Self'],
        ['Bob', 'Ray', '12/12/1990', 'Man', 'Indian', 'Doctor'],
        ['Cat', 'Fox', '31/02/1990', 'Femme', 'A', 'Self'],
        ['Dan', 'Hill', '01/01/1980', 'Male', 'A', 'Walked in'],
      ]),
    );
  const columns = ['firstName', 'surname', 'dateOfBirth', 'genderIdentity', 'ethnicCategory', 'referralSource'];

  it('adds the chosen rows (one fixed, one skipped) in one go, audited as one import with its count, and remembers the choices', async () => {
    const table = await file();
    const rows = table.rows.map((r) => (r.n === 4 ? { ...r, cells: r.cells.map((c, i) => (i === 2 ? '28/02/1990' : c)) } : r));
    const values = { genderIdentity: { femme: '2' } };
    const p = await t.ok(admin, 'imports.students.preview', { headers: table.headers, rows, columns, values });
    expect(p.rows.map((r) => r.status)).toEqual(['ready', 'ready', 'ready', 'problem']);
    const before = await t.core.database.db.selectFrom('audit_log').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow();

    const result = await t.ok(admin, 'imports.students.commit', { fileName: 'register.xlsx', headers: table.headers, rows, columns, values, include: [2, 3, 4] });
    expect(result.imported.map((r) => [r.n, r.label])).toEqual([
      [2, 'RC-000001 Ann Lee'],
      [3, 'RC-000002 Bob Ray'],
      [4, 'RC-000003 Cat Fox'],
    ]);
    expect(result.skipped).toEqual([{ n: 5, label: 'Dan Hill', reason: expect.stringMatching(/“Walked in”/) }]);
    const cat = await t.ok(admin, 'students.get', { id: result.imported[2].id });
    expect(cat).toMatchObject({ dateOfBirth: '1990-02-28', genderIdentity: '2', ethnicCategory: 'A', referralSource: 'self', secondaryMhServices: 'unknown', employmentStatus: 'ZZ' });
    const bob = await t.ok(admin, 'students.get', { id: result.imported[1].id });
    expect(bob).toMatchObject({ genderIdentity: '1', ethnicCategory: 'H', referralSource: 'gp' });

    const audit = await t.core.database.db.selectFrom('audit_log').selectAll().where('id', '>', before.id).orderBy('id').execute();
    const imports = audit.filter((a) => a.action === 'import');
    expect(imports).toHaveLength(1);
    expect(imports[0]).toMatchObject({ entity: 'import', summary: 'Imported 3 students from a spreadsheet; 1 row skipped' });
    expect(imports[0].summary).not.toMatch(/register/);
    expect(audit.filter((a) => a.action === 'create' && a.entity === 'student').map((a) => a.summary)).toEqual(['Added RC-000001 (imported)', 'Added RC-000002 (imported)', 'Added RC-000003 (imported)']);

    // Next time: the same headings and words are recognised without being chosen again.
    const again = await t.ok(admin, 'imports.students.preview', { headers: table.headers, rows: [{ n: 2, cells: ['Gil', 'Ng', '09/09/1999', 'Femme', 'Indian', 'Doctor'] }] });
    expect(again.columns).toEqual(columns);
    expect(again.values.find((v) => v.field === 'genderIdentity')!.values[0]).toMatchObject({ text: 'Femme', code: '2', source: 'remembered' });
    // College settings are not cluttered with it.
    expect(Object.keys(await t.ok(admin, 'settings.get', {})).some((k) => k.startsWith('import'))).toBe(false);
  });

  it('checks every row again: a row with a problem or an unconfirmed duplicate is refused and nothing is written', async () => {
    const table = await file();
    const e = await t.fail(admin, 'imports.students.commit', { fileName: 'x.csv', headers: table.headers, rows: table.rows, columns, include: [2, 3, 4] });
    expect(e.reason).toBe('import.row-refused');
    expect(e).toMatchObject({ reason: 'import.row-refused', message: expect.stringMatching(/^Row 4 \(Cat Fox\) still has a problem: .*Nothing has been imported\.$/) });
    expect(await studentCount()).toBe(0);

    const twice = { ...table, rows: [table.rows[0], { n: 9, cells: table.rows[0].cells }] };
    const dup = await t.fail(admin, 'imports.students.commit', { fileName: 'x.csv', headers: twice.headers, rows: twice.rows, columns, include: [2, 9] });
    expect(dup).toMatchObject({ reason: 'import.row-refused', message: expect.stringMatching(/^Row 9 \(Ann Lee\) may already be recorded: Duplicate of row 2/) });
    expect(await studentCount()).toBe(0);
    const confirmed = await t.ok(admin, 'imports.students.commit', { fileName: 'x.csv', headers: twice.headers, rows: twice.rows, columns, include: [2, 9], confirmedDuplicates: [9] });
    expect(confirmed.imported).toHaveLength(2);
  });

  it('writes nothing at all when the database fails part-way through', async () => {
    const table = await file();
    const counter = async () => (await t.core.database.db.selectFrom('counters').select('next').where('name', '=', 'student').executeTakeFirstOrThrow()).next;
    const auditRows = async () => Number((await t.core.database.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const [c0, a0] = [await counter(), await auditRows()];
    fault.arm(5); // after the first student is in
    const r = await t.core.call(admin, 'imports.students.commit', { fileName: 'x.csv', headers: table.headers, rows: table.rows, columns, include: [2, 3] });
    expect(r.ok).toBe(false);
    expect(await studentCount()).toBe(0);
    expect(await counter()).toBe(c0);
    expect(await auditRows()).toBe(a0);
  });

  it('saves a report of what was imported and skipped', async () => {
    const table = await file();
    const result = await t.ok(admin, 'imports.students.commit', { fileName: 'register.xlsx', headers: table.headers, rows: table.rows, columns, include: [2, 3] });
    const file2 = await t.ok(admin, 'imports.students.report', { fileName: result.fileName, imported: result.imported.map(({ n, id }) => ({ n, id })), skipped: result.skipped });
    expect(file2.suggestedName).toMatch(/^import-report-students-register-\d{4}-\d{2}-\d{2}\.csv$/);
    const rows = parse(Buffer.from(file2.base64, 'base64').toString('utf8'), { bom: true }) as string[][];
    expect(rows[0]).toEqual(['Row', 'Outcome', 'Student', 'Why skipped']);
    expect(rows.slice(1).map((r) => r.slice(0, 3))).toEqual([
      ['2', 'Imported', 'RC-000001 Ann Lee'],
      ['3', 'Imported', 'RC-000002 Bob Ray'],
      ['4', 'Skipped', 'Cat Fox'],
      ['5', 'Skipped', 'Dan Hill'],
    ]);
    expect(rows[3][3]).toMatch(/not a real date/);
  });
});

describe('facilitators and payees, through the same import', () => {
  it('imports facilitators from an XLSX for a coordinator, and refuses an admin', async () => {
    const table: ImportTable = await read('team.xlsx', await xlsxFile([['First name', 'Last name', 'Type', 'Email'], ['Pat', 'Peer', 'Peer', 'pat@example.org'], ['Sam', 'Staff', 'Staff', ''], ['Pat', 'Peer', 'Peer trainer', '']]));
    const p = await t.ok(coordinator, 'imports.facilitators.preview', { headers: table.headers, rows: table.rows });
    expect(p.columns).toEqual(['firstName', 'surname', 'kind', 'email']);
    expect(row(p, 4).issues[0].message).toBe('Duplicate of row 2: the same name.');
    const forbidden = await t.fail(admin, 'imports.facilitators.commit', { fileName: 'team.xlsx', headers: table.headers, rows: table.rows, include: [2, 3] });
    expect(forbidden.reason).toBe('access.role');
    const result = await t.ok(coordinator, 'imports.facilitators.commit', { fileName: 'team.xlsx', headers: table.headers, rows: table.rows, include: [2, 3] });
    expect(result.imported.map((r) => r.label)).toEqual(['Pat Peer', 'Sam Staff']);
    const list = await t.ok(coordinator, 'scheduling.listFacilitators', {});
    expect(list.map((f) => [f.firstName, f.kind])).toEqual([
      ['Pat', 'peer_trainer'],
      ['Sam', 'staff'],
    ]);
  });

  it('imports payees, asking for bank details when paid by bank transfer', async () => {
    const table = await read(
      'payees.csv',
      csvFile([
        ['Name', 'Payment method', 'Account name', 'Sort code', 'Account number'],
        ['Ola Cash', 'Cash', '', '', ''],
        ['Bea Bank', 'BACS', 'B Bank', '12-34-56', '12345678'],
        ['Nia Nobank', 'Bank transfer', '', '', ''],
      ]),
    );
    const p = await t.ok(admin, 'imports.payees.preview', { headers: table.headers, rows: table.rows });
    expect(p.columns).toEqual(['name', 'paymentMethod', 'bank.accountName', 'bank.sortCode', 'bank.accountNumber']);
    expect(row(p, 4).issues[0].message).toMatch(/bank details for a bank transfer/);
    const result = await t.ok(admin, 'imports.payees.commit', { fileName: 'payees.csv', headers: table.headers, rows: table.rows, include: [2, 3] });
    expect(result.imported).toHaveLength(2);
    const payees = await t.ok(coordinator, 'expenses.payees.list', {});
    expect(payees.map((x) => [x.name, x.paymentMethod, x.bank?.accountNumber ?? null])).toEqual([
      ['Bea Bank', 'bank_transfer', '12345678'],
      ['Ola Cash', 'cash', null],
    ]);
  });
});
