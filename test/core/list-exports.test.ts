// Exporting a list gives exactly what the list shows (every page, same filter and order), read back with real parsers
// (csv-parse, exceljs): UK dates as text in CSV and real dates in XLSX, money in pounds, labels not codes, formula-like
// text neutralised; each export leaves an audit row with its row count; a role that cannot read the list cannot export it.
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MethodInput, MethodResult } from '../../src-main/contract/contract';
import type { ListExportInput } from '../../src-main/contract/exports';
import { writeAudit } from '../../src-main/core/audit/audit';
import { safeCell, safeText } from '../../src-main/core/files/spreadsheet';
import { validStudent } from '../helpers/core';
import { returnsFixtures } from '../helpers/returns-fixtures';
import { bus, claimWith, makeWorld, type World } from './expenses-fixtures';

let w: World;
/** Runs and students with formula-like text where staff cannot type it (leading tab and carriage return are trimmed from forms). */
beforeAll(async () => {
  w = await makeWorld();
  const db = w.t.core.database.db;
  const f = returnsFixtures(db);
  const people = [
    validStudent({ firstName: 'Alex', surname: 'Testperson', nhsNumber: '999 000 0018', phone: '01234 567890', postcode: 'SS1 2AB' }),
    validStudent({ firstName: '=HYPERLINK("http://x","click")', surname: 'Testperson', preferredName: '@Al', dateOfBirth: '1990-02-28', phone: '+44 7700 900123' }),
    validStudent({ firstName: 'Sam', surname: '-Minus', dateOfBirth: '1970-12-31' }),
    validStudent({ firstName: 'Jo', surname: '+Plus', dateOfBirth: '2001-07-04' }),
  ];
  for (let i = 0; i < 18; i++) people.push(validStudent({ firstName: `Pupil${String(i).padStart(2, '0')}`, surname: `Many${i % 5}`, dateOfBirth: `19${60 + i}-0${(i % 9) + 1}-1${i % 10}` }));
  const ids: number[] = [];
  for (const p of people) ids.push((await w.t.ok(w.admin, 'students.create', { fields: p, confirmedNotDuplicate: true })).id);
  await w.t.ok(w.admin, 'students.archive', { id: ids[5], reason: 'Moved away' });

  // Two runs: the world's own (sessions 5, 12, 13, 19 October 2026) and one whose course title starts with a tab.
  const run = (await db.selectFrom('course_runs').select('id').executeTakeFirstOrThrow()).id;
  const tabRun = await f.courseRun('\tTabbed course');
  const crRun = await f.courseRun('\rReturn course');
  const tabSessions = [await f.session(tabRun, '2026-10-06'), await f.session(tabRun, '2026-10-13')];
  const crSessions = [await f.session(crRun, '2026-10-07'), await f.session(crRun, '2026-10-14')];
  for (const id of ids.slice(0, 6)) await f.enrol(run, id, '2026-09-01');
  for (const id of ids.slice(0, 3)) await f.enrol(tabRun, id, '2026-09-01');
  await f.enrol(crRun, ids[3], '2026-09-01');
  // Two held sessions missed in a row: on the follow-up list.
  for (const id of ids.slice(0, 3)) for (const s of w.sessionIds.slice(1, 3)) await f.mark(s, id, 'absent');
  for (const id of ids.slice(0, 2)) for (const s of tabSessions) await f.mark(s, id, 'absent');
  for (const s of crSessions) await f.mark(s, ids[3], 'absent');
  await w.t.ok(w.admin, 'registers.recordFollowUp', { studentId: ids[0], courseRunId: run, contactedOn: '2026-10-20', outcome: '=cmd|calc — left a message' });

  // Claims in several states, one payee whose name looks like a formula; more than one page of the list.
  const evil = await w.t.ok(w.coordinator, 'expenses.payees.create', { fields: { name: '=SUM(A1:A9)', paymentMethod: 'cash' } });
  for (const [i, amount] of ['0.01', '12.50', '1,234.56', '7.77', '3'].entries()) {
    await claimWith(w, [w.patId, w.valId, evil.id][i % 3], [bus(`2026-10-0${i + 1}`, amount), bus(`2026-10-1${i + 1}`, '1.10')], { submit: i % 2 === 0 });
  }
  await w.t.ok(w.admin, 'expenses.claims.create', { payeeId: w.valId });

  // Audit rows either side of the summer-time day boundaries: London's 1 July starts at 23:00 UTC on 30 June.
  for (const at of ['2026-06-30T22:59:00Z', '2026-06-30T23:00:00Z', '2026-07-15T12:00:00Z', '2026-07-31T22:59:59Z', '2026-07-31T23:00:00Z']) {
    await writeAudit(db, { now: () => new Date(at), staff: null }, { action: 'update', entity: 'settings', entityId: null, fields: ['collegeName'], summary: `+row at ${at}` });
  }
}, 60_000);
afterAll(() => w.t.close());

// ── reading files back ─────────────────────────────────────────
type Cell = { t: string | null } | { d: string | null } | { ts: string } | { m: number } | { n: number | null };
const text = (t: string | null | undefined): Cell => ({ t: t ?? null });

/** What a CSV cell must hold, written here independently of the export's own code. */
function csvText(c: Cell): string {
  if ('t' in c) return c.t === null ? '' : /^[=+\-@\t\r]/.test(c.t) ? `'${c.t}` : c.t;
  if ('d' in c) return c.d === null ? '' : DateTime.fromISO(c.d).toFormat('dd/MM/yyyy');
  if ('ts' in c) return DateTime.fromISO(c.ts).setZone('Europe/London').toFormat('dd/MM/yyyy HH:mm');
  if ('m' in c) return `${Math.floor(c.m / 100)}.${String(c.m % 100).padStart(2, '0')}`;
  return c.n === null ? '' : String(c.n);
}

/** What an XLSX cell must hold: guarded text, a real date (Excel's wall-clock serial), a number of pounds. */
function xlsxValue(c: Cell): unknown {
  // XML reads a carriage return back as a line feed (line-end normalisation); the apostrophe is what matters.
  if ('t' in c) return c.t === null || c.t === '' ? null : (/^[=+\-@\t\r]/.test(c.t) ? `'${c.t}` : c.t).replace(/\r\n?/g, '\n');
  if ('d' in c) return c.d === null ? null : new Date(`${c.d}T00:00:00Z`);
  if ('ts' in c) return new Date(`${DateTime.fromISO(c.ts).setZone('Europe/London').toFormat("yyyy-MM-dd'T'HH:mm:ss")}Z`);
  if ('m' in c) return c.m / 100;
  return c.n;
}

type Export = MethodResult<'exports.list'>;
const bytes = (f: Export) => Buffer.from(f.base64, 'base64');

function readCsv(f: Export): string[][] {
  expect(f.mimeType).toBe('text/csv');
  expect(bytes(f).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  return parse(bytes(f), { bom: true, relax_column_count: false }) as string[][];
}

async function readXlsx(f: Export): Promise<unknown[][]> {
  expect(f.mimeType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes(f) as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  const out: unknown[][] = [];
  ws.eachRow({ includeEmpty: true }, (row) => {
    const cells: unknown[] = [];
    for (let c = 1; c <= ws.columnCount; c++) {
      const v = row.getCell(c).value;
      expect(typeof v === 'object' && v !== null && 'formula' in v, 'no formulas in an export').toBe(false);
      cells.push(v ?? null);
    }
    out.push(cells);
  });
  expect(wb.worksheets[1].name).toBe('About');
  return out;
}

const lastAudit = () =>
  w.t.core.database.db.selectFrom('audit_log').select(['action', 'entity', 'staff_id', 'summary']).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();

/** Exports in both formats and checks each against the expected header and rows; returns the audit summaries. */
async function expectExport(session: string, input: Omit<ListExportInput, 'format'>, header: string[], expected: Cell[][]): Promise<string[]> {
  const summaries: string[] = [];
  for (const format of ['csv', 'xlsx'] as const) {
    const file = await w.t.ok(session, 'exports.list', { ...input, format } as MethodInput<'exports.list'>);
    expect(file.rows).toBe(expected.length);
    expect(file.suggestedName).toMatch(new RegExp(`-2026-11-20\\.${format}$`));
    if (format === 'csv') {
      const [head, ...rows] = readCsv(file);
      expect(head).toEqual(header);
      expect(rows).toEqual(expected.map((r) => r.map(csvText)));
    } else {
      const [head, ...rows] = await readXlsx(file);
      expect(head).toEqual(header);
      expect(rows).toEqual(expected.map((r) => r.map(xlsxValue)));
    }
    const audit = await lastAudit();
    expect(audit).toMatchObject({ action: 'export-list', entity: 'list' });
    expect(audit.summary).toContain(`${expected.length} row`);
    summaries.push(audit.summary!);
  }
  return summaries;
}

/** Every page of a paged list method, with a small page so the export must join several. */
async function allPages<T>(fetch: (page: number) => Promise<{ rows: T[]; total: number }>, pageSize: number): Promise<T[]> {
  const out: T[] = [];
  for (let page = 1; ; page++) {
    const r = await fetch(page);
    out.push(...r.rows);
    if (r.rows.length < pageSize) return out;
  }
}

const nhs = (d: string | null) => (d ? `${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6)}` : null);

describe('list exports hold exactly what the list shows', () => {
  it('students: the current search, sort and archived choice, every page, with the names, dates and NHS numbers the list shows', async () => {
    const filters = [
      { query: '', sort: 'dateOfBirth' as const, includeArchived: true },
      { query: 'testperson', sort: 'surname' as const, includeArchived: false },
      { query: 'many', sort: 'recent' as const, includeArchived: false },
    ];
    for (const filter of filters) {
      const shown = await allPages((page) => w.t.ok(w.admin, 'students.search', { ...filter, page, pageSize: 4 }), 4);
      expect(shown.length).toBeGreaterThan(filter.query === 'testperson' ? 1 : 4);
      const summaries = await expectExport(
        w.admin,
        { list: 'students', filter },
        ['Name', 'Reference', 'Date of birth', 'NHS number', 'Phone', 'Postcode', 'Archived'],
        shown.map((s) => [
          text(`${s.surname}, ${s.firstName}${s.preferredName && s.preferredName !== s.firstName ? ` (${s.preferredName})` : ''}`),
          text(s.reference),
          { d: s.dateOfBirth },
          text(nhs(s.nhsNumber)),
          text(s.phone),
          text(s.postcode),
          text(s.archived ? 'Archived' : null),
        ]),
      );
      // The audit row names the list and the filter, never the search text itself.
      expect(summaries[0]).toMatch(/^Students \(CSV\): \d+ rows?; /);
      expect(summaries[1]).toMatch(/^Students \(Excel \(XLSX\)\)/);
      if (filter.query) expect(summaries[0]).not.toContain(filter.query);
    }
    const all = await w.t.ok(w.admin, 'exports.list', { list: 'students', format: 'csv', filter: { includeArchived: true } });
    const cells = readCsv(all).flat();
    // Only a cell that begins with a formula character is changed: the name cell starts with the surname.
    expect(cells).toContain('Testperson, =HYPERLINK("http://x","click") (@Al)');
    expect(cells).toContain("'-Minus, Sam");
    expect(cells).toContain("'+Plus, Jo");
    expect(cells).toContain("'+44 7700 900123");
    expect(cells).toContain('999 000 0018');
  });

  it('questionnaires due: the same items in the same order, with the questionnaire named and overdue ones said so', async () => {
    const due = await w.t.ok(w.admin, 'outcomes.followUpDue', {});
    expect(due.length).toBeGreaterThanOrEqual(8);
    expect(due.map((d) => d.courseTitle)).toEqual(expect.arrayContaining(['\tTabbed course', '\rReturn course']));
    await expectExport(
      w.admin,
      { list: 'questionnairesDue', filter: {} },
      ['Student', 'Reference', 'Course', 'Questionnaire', 'Due', 'Status'],
      due.map((d) => [text(d.name), text(d.reference), text(d.courseTitle), text({ end: 'End of course', '3m': '3 months after the course', '6m': '6 months after the course' }[d.timepoint]), { d: d.dueOn }, text(d.overdue ? 'Overdue' : 'Due')]),
    );
  });

  it('follow-up calls: everyone on the list, with missed dates, contact details and the contacts made', async () => {
    for (const filter of [{}, { since: '2026-10-10' }]) {
      const list = await w.t.ok(w.admin, 'registers.followUps', filter);
      expect(list.length).toBeGreaterThanOrEqual(5);
      await expectExport(
        w.admin,
        { list: 'followUps', filter },
        ['Name', 'Reference', 'Course', 'Missed sessions', 'Last missed', 'Phone', 'Email', 'Emergency contact', 'Emergency contact phone', 'Contacted', 'Contacts'],
        list.map((e) => [
          text(e.preferredName && e.preferredName !== e.firstName ? `${e.firstName} (${e.preferredName}) ${e.surname}` : `${e.firstName} ${e.surname}`),
          text(e.reference),
          text(e.courseTitle),
          text(e.missedDates.map((d) => DateTime.fromISO(d).toFormat('dd/MM/yyyy')).join(', ')),
          { d: e.lastMissedOn },
          text(e.phone),
          text(e.email),
          text(e.emergencyContactName),
          text(e.emergencyContactPhone),
          text(e.contactedSinceLastMiss ? 'Contacted' : 'Not contacted yet'),
          text(e.contacts.map((c) => `${DateTime.fromISO(c.contactedOn).toFormat('dd/MM/yyyy')}, ${c.contactedBy}: ${c.outcome}`).join('; ') || null),
        ]),
      );
    }
  });

  it('claims: every page for the chosen status, money in pounds with two decimals, the status in words, no bank details', async () => {
    for (const filter of [{}, { status: 'submitted' as const }, { status: 'draft' as const, payeeId: w.valId }]) {
      const shown = await allPages((page) => w.t.ok(w.admin, 'expenses.claims.list', { ...filter, page, pageSize: 2 }), 2);
      expect(shown.length).toBeGreaterThan(0);
      await expectExport(
        w.admin,
        { list: 'claims', filter },
        ['Claim', 'Payee', 'First date', 'Last date', 'Status', 'Payment batch', 'Total (£)'],
        shown.map((c) => [text(c.reference), text(c.payeeName), { d: c.firstDate }, { d: c.lastDate }, text({ draft: 'Draft', submitted: 'Submitted', approved: 'Approved', rejected: 'Rejected', paid: 'Paid' }[c.status]), text(c.batchReference), { m: c.totalPence }]),
      );
    }
    const csv = readCsv(await w.t.ok(w.coordinator, 'exports.list', { list: 'claims', format: 'csv', filter: {} }));
    expect(csv.flat()).toContain("'=SUM(A1:A9)");
    expect(csv.flat()).toContain('1235.66');
    expect(csv.flat().join(' ')).not.toMatch(/12345678|12-34-56/);
  });

  it('the audit log for a date range: London days (summer time), newest first, with the screen’s words', async () => {
    const filter = { entity: 'settings' as const, from: '2026-07-01', to: '2026-07-31' };
    const shown = await allPages((page) => w.t.ok(w.manager, 'audit.list', { ...filter, page, pageSize: 2 }), 2);
    expect(shown.map((r) => r.at)).toEqual(['2026-07-31T22:59:59.000Z', '2026-07-15T12:00:00.000Z', '2026-06-30T23:00:00.000Z']);
    const summaries = await expectExport(
      w.manager,
      { list: 'auditLog', filter },
      ['When', 'Who', 'What', 'Details', 'Record', 'Record number', 'Fields'],
      shown.map((r) => [{ ts: r.at }, text(r.staffName ?? 'The app'), text('Changed'), text(r.summary), text('College settings'), { n: r.entityId }, text('collegeName')]),
    );
    expect(summaries[0]).toBe('Audit log (CSV): 3 rows; College settings, 01/07/2026 to 31/07/2026');
    // The whole log, every page: the same rows as the list, including the exports just recorded.
    const everything = await allPages((page) => w.t.ok(w.manager, 'audit.list', { page, pageSize: 200 }), 200);
    const file = await w.t.ok(w.manager, 'exports.list', { list: 'auditLog', format: 'csv', filter: {} });
    const rows = readCsv(file).slice(1);
    expect(rows.map((r) => r[3])).toEqual(everything.map((r) => csvText(text(r.summary))));
    expect(rows.length).toBe(everything.length);
  });

  it('refuses a last day before the first day, and changes nothing', async () => {
    const before = await lastAudit();
    const e = await w.t.fail(w.manager, 'exports.list', { list: 'auditLog', format: 'csv', filter: { from: '2026-07-31', to: '2026-07-01' } });
    expect(e.reason).toBe('input.invalid');
    expect(e.message).toMatch(/last day is before the first day/);
    expect(await lastAudit()).toEqual(before);
  });
});

describe('who may export', () => {
  it('refuses a role that cannot read the list, in the list’s own words, and records nothing', async () => {
    const before = await lastAudit();
    for (const who of [w.admin, w.coordinator]) {
      const e = await w.t.fail(who, 'exports.list', { list: 'auditLog', format: 'xlsx', filter: {} });
      expect(e.reason).toBe('access.role');
      expect(e.message).toMatch(/cannot read the audit log/);
    }
    expect(await lastAudit()).toEqual(before);
    // Every role that may read a list may export it (the admin reads students, questionnaires, follow-ups and claims).
    for (const list of ['students', 'questionnairesDue', 'followUps', 'claims'] as const) {
      expect((await w.t.ok(w.admin, 'exports.list', { list, format: 'csv', filter: {} })).rows).toBeGreaterThan(0);
    }
  });

  it('is not reachable without signing in', async () => {
    expect((await w.t.fail('nobody', 'exports.list', { list: 'students', format: 'csv', filter: {} })).reason).toBe('session.signed-out');
  });
});

describe('spreadsheet safety', () => {
  it('prefixes text starting with = + - @ tab or carriage return with an apostrophe, and nothing else', () => {
    for (const lead of ['=', '+', '-', '@', '\t', '\r']) expect(safeText(`${lead}x`)).toBe(`'${lead}x`);
    for (const ok of ['Ordinary', ' =x', "'=x", '0=1', '']) expect(safeText(ok)).toBe(ok);
    expect(safeCell(null)).toBe('');
  });
});
