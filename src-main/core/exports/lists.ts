// List exports: each list's rows come from the very function its page calls (same filter, same order, every page),
// laid out in the columns the page shows, then written as CSV or XLSX by the shared spreadsheet module and audited.
import type { z } from 'zod';
import { actionLabel, entityLabel } from '../../contract/audit';
import { contract } from '../../contract/contract';
import { collegeToday, formatTimestamp } from '../../contract/dates';
import { ApiError } from '../../contract/errors';
import { CLAIM_STATUSES, type ClaimSummary } from '../../contract/expenses';
import { EXPORT_FORMATS, EXPORT_LISTS, EXPORT_SOURCES, type ExportList, type listExportSchema } from '../../contract/exports';
import { formatNhsNumber } from '../../contract/nhs-number';
import { QUESTIONNAIRE_TIMEPOINTS, type FollowUpDue } from '../../contract/outcomes';
import { cannotMessage, roleCan } from '../../contract/permissions';
import { followUpName, type FollowUpEntry } from '../../contract/registers';
import type { AuditEntry } from '../../contract/staff';
import { fieldLabel, STUDENT_SORTS, studentListName, type StudentSort, type StudentSummary } from '../../contract/students';
import type { ExportedFile } from '../../contract/define';
import type { HandlersFor, StaffContext } from '../api/handlers';
import { allAudit } from '../audit/audit';
import { allClaimsInOrder } from '../expenses/queries';
import { CSV_MIME, tableCsv, tableXlsx, ukDate, XLSX_MIME, type TableColumn } from '../files/spreadsheet';
import { outcomeHandlers } from '../outcomes/outcomes';
import { registerHandlers } from '../registers/registers';
import { readSettings } from '../settings/settings';
import { allStudents } from '../students/search';

type ExportInput = z.output<typeof listExportSchema>;
type FilterOf<L extends ExportList> = Extract<ExportInput, { list: L }>['filter'];

/** A list's rows with their columns; the row type is the list method's own. */
interface Table {
  columns: TableColumn<never>[];
  rows: unknown[];
}
const table = <R>(columns: TableColumn<R>[], rows: R[]): Table => ({ columns: columns as TableColumn<never>[], rows });

interface ListExport<L extends ExportList> {
  /** Reads every row the list's page would show for this filter, through the page's own function. */
  read(ctx: StaffContext, filter: FilterOf<L>): Promise<Table>;
  /** The filter in words for the audit log and the About sheet: never a search text or any personal detail. */
  describe(filter: FilterOf<L>): string;
  file: string;
}

const STUDENT_SORT_WORDS: Record<StudentSort, string> = { surname: 'surname', reference: 'reference', dateOfBirth: 'date of birth', recent: 'recently added' };
const yesBlank = (b: boolean, word: string) => (b ? word : null);

const LISTS: { [L in ExportList]: ListExport<L> } = {
  students: {
    file: 'students',
    // The students list shows NHS numbers to every role that may read it, so the export does too.
    read: async (ctx, f) =>
      table<StudentSummary>(
        [
          { header: 'Name', kind: 'text', value: (s) => studentListName(s), width: 32 },
          { header: 'Reference', kind: 'text', value: (s) => s.reference },
          { header: 'Date of birth', kind: 'date', value: (s) => s.dateOfBirth },
          { header: 'NHS number', kind: 'text', value: (s) => (s.nhsNumber ? formatNhsNumber(s.nhsNumber) : null), width: 14 },
          { header: 'Phone', kind: 'text', value: (s) => s.phone, width: 16 },
          { header: 'Postcode', kind: 'text', value: (s) => s.postcode, width: 10 },
          { header: 'Archived', kind: 'text', value: (s) => yesBlank(s.archived, 'Archived'), width: 10 },
        ],
        await allStudents(ctx.db, f),
      ),
    describe: (f) =>
      [
        f.query.trim() ? 'matching a search' : 'everyone',
        `sorted by ${STUDENT_SORT_WORDS[(STUDENT_SORTS as readonly string[]).includes(f.sort) ? f.sort : 'surname']}`,
        f.includeArchived ? 'archived included' : 'archived left out',
      ].join(', '),
  },

  questionnairesDue: {
    file: 'questionnaires-due',
    read: async (ctx, f) =>
      table<FollowUpDue>(
        [
          { header: 'Student', kind: 'text', value: (d) => d.name, width: 28 },
          { header: 'Reference', kind: 'text', value: (d) => d.reference },
          { header: 'Course', kind: 'text', value: (d) => d.courseTitle, width: 32 },
          { header: 'Questionnaire', kind: 'text', value: (d) => QUESTIONNAIRE_TIMEPOINTS[d.timepoint], width: 28 },
          { header: 'Due', kind: 'date', value: (d) => d.dueOn },
          { header: 'Status', kind: 'text', value: (d) => (d.overdue ? 'Overdue' : 'Due'), width: 10 },
        ],
        await outcomeHandlers['outcomes.followUpDue'](ctx, f),
      ),
    describe: () => 'due or overdue today',
  },

  followUps: {
    file: 'follow-up-calls',
    read: async (ctx, f) =>
      table<FollowUpEntry>(
        [
          { header: 'Name', kind: 'text', value: (e) => followUpName(e), width: 28 },
          { header: 'Reference', kind: 'text', value: (e) => e.reference },
          { header: 'Course', kind: 'text', value: (e) => e.courseTitle, width: 32 },
          { header: 'Missed sessions', kind: 'text', value: (e) => e.missedDates.map(ukDate).join(', '), width: 24 },
          { header: 'Last missed', kind: 'date', value: (e) => e.lastMissedOn },
          { header: 'Phone', kind: 'text', value: (e) => e.phone, width: 16 },
          { header: 'Email', kind: 'text', value: (e) => e.email, width: 28 },
          { header: 'Emergency contact', kind: 'text', value: (e) => e.emergencyContactName },
          { header: 'Emergency contact phone', kind: 'text', value: (e) => e.emergencyContactPhone, width: 16 },
          { header: 'Contacted', kind: 'text', value: (e) => (e.contactedSinceLastMiss ? 'Contacted' : 'Not contacted yet'), width: 18 },
          { header: 'Contacts', kind: 'text', value: (e) => e.contacts.map((c) => `${ukDate(c.contactedOn)}, ${c.contactedBy}: ${c.outcome}`).join('; ') || null, width: 60 },
        ],
        await registerHandlers['registers.followUps'](ctx, f),
      ),
    describe: (f) => [f.courseRunId !== undefined ? `course run #${f.courseRunId}` : 'every course run', f.since ? `misses since ${ukDate(f.since)}` : 'misses in the last eight weeks'].join(', '),
  },

  claims: {
    file: 'expense-claims',
    // The claims list never shows bank details; neither does its export.
    read: async (ctx, f) =>
      table<ClaimSummary>(
        [
          { header: 'Claim', kind: 'text', value: (c) => c.reference },
          { header: 'Payee', kind: 'text', value: (c) => c.payeeName, width: 28 },
          { header: 'First date', kind: 'date', value: (c) => c.firstDate },
          { header: 'Last date', kind: 'date', value: (c) => c.lastDate },
          { header: 'Status', kind: 'text', value: (c) => CLAIM_STATUSES[c.status], width: 12 },
          { header: 'Payment batch', kind: 'text', value: (c) => c.batchReference, width: 16 },
          { header: 'Total (£)', kind: 'money', value: (c) => c.totalPence, width: 12 },
        ],
        await allClaimsInOrder(ctx.db, { status: f.status, payeeId: f.payeeId, query: f.query }, f),
      ),
    describe: (f) => [f.status ? `${CLAIM_STATUSES[f.status].toLowerCase()} claims` : 'all claims', ...(f.payeeId !== undefined ? [`payee #${f.payeeId}`] : [])].join(', '),
  },

  auditLog: {
    file: 'audit-log',
    read: async (ctx, f) =>
      table<AuditEntry>(
        [
          { header: 'When', kind: 'timestamp', value: (r) => r.at, width: 17 },
          { header: 'Who', kind: 'text', value: (r) => r.staffName ?? 'The app', width: 22 },
          { header: 'What', kind: 'text', value: (r) => actionLabel(r.action), width: 28 },
          { header: 'Details', kind: 'text', value: (r) => r.summary, width: 60 },
          { header: 'Record', kind: 'text', value: (r) => entityLabel(r.entity), width: 18 },
          { header: 'Record number', kind: 'number', value: (r) => r.entityId },
          { header: 'Fields', kind: 'text', value: (r) => r.fields.map(fieldLabel).join(', ') || null, width: 40 },
        ],
        await allAudit(ctx.db, { entity: f.entity, staffId: f.staffId, from: f.from, to: f.to }),
      ),
    describe: (f) =>
      [
        f.entity ? entityLabel(f.entity) : 'everything',
        f.from && f.to ? `${ukDate(f.from)} to ${ukDate(f.to)}` : f.from ? `from ${ukDate(f.from)}` : f.to ? `up to ${ukDate(f.to)}` : 'all dates',
      ].join(', '),
  },
};

export interface PreparedListExport {
  file: ExportedFile;
  rows: number;
  /** The audit row's summary: the list, format, row count and filter. */
  summary: string;
}

/** Builds the export's file on a read-only snapshot; refuses a role that cannot read the list itself. */
export async function prepareListExport(ctx: StaffContext, input: ExportInput): Promise<PreparedListExport> {
  const access = contract[EXPORT_SOURCES[input.list]].access;
  if (access !== 'public' && access !== 'signedIn' && !roleCan(ctx.staff.role, access)) throw new ApiError('access.role', cannotMessage(ctx.staff.role, access));
  const list = LISTS[input.list] as ListExport<ExportList>;
  const filter = input.filter as FilterOf<ExportList>;
  const { columns, rows } = await list.read(ctx, filter);
  const title = EXPORT_LISTS[input.list];
  const described = list.describe(filter);
  const name = `${list.file}-${collegeToday(ctx.now())}.${input.format}`;
  const bytes =
    input.format === 'csv'
      ? tableCsv(columns, rows as never[])
      : await tableXlsx(columns, rows as never[], {
          sheet: title,
          title,
          about: [
            ['List', title],
            ['Filter', described],
            ['Rows', String(rows.length)],
            ['Exported', formatTimestamp(ctx.now().toISOString())],
            ['Exported by', ctx.staff.displayName],
            ['College', (await readSettings(ctx.db)).collegeName],
          ],
        });
  return {
    file: { suggestedName: name, mimeType: input.format === 'csv' ? CSV_MIME : XLSX_MIME, base64: bytes.toString('base64') },
    rows: rows.length,
    summary: `${title} (${EXPORT_FORMATS[input.format]}): ${rows.length} ${rows.length === 1 ? 'row' : 'rows'}; ${described}`,
  };
}

export const exportPreparers = {
  'exports.list': (ctx: StaffContext, input: ExportInput) => prepareListExport(ctx, input),
};

export const exportHandlers: HandlersFor<'exports.'> = {
  'exports.list': async (ctx, input) => {
    const prepared = (ctx.prepared as PreparedListExport | undefined) ?? (await prepareListExport(ctx, input));
    ctx.audit({ action: 'export-list', entity: 'list', entityId: null, summary: prepared.summary });
    return { ...prepared.file, rows: prepared.rows };
  },
};
