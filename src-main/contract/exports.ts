// Exporting a list staff look at (CSV or XLSX): one method whose input names the list and carries that list's own
// filter, reused from the list's own method, so the file always holds what the screen shows.
import { z } from 'zod';
import { method, type ExportedFile, type MethodSpec } from './define';
import { expensesMethods } from './expenses';
import { outcomeMethods } from './outcomes';
import { registersMethods } from './registers';
import { auditFilterSchema } from './staff';
import { studentSearchSchema } from './students';

/** The lists that can be exported, as staff name them. */
export const EXPORT_LISTS = {
  students: 'Students',
  questionnairesDue: 'Questionnaires due',
  followUps: 'Follow-up calls',
  claims: 'Expense claims',
  auditLog: 'Audit log',
} as const;
export type ExportList = keyof typeof EXPORT_LISTS;

export const EXPORT_FORMATS = { csv: 'CSV', xlsx: 'Excel (XLSX)' } as const;
export type ExportFormat = keyof typeof EXPORT_FORMATS;

const format = z.enum(['csv', 'xlsx'], { error: 'Please choose CSV or Excel (XLSX).' });

/** Each list's filter is its own method's input without the paging: the export holds every page. */
export const listExportSchema = z.discriminatedUnion('list', [
  z.object({ list: z.literal('students'), format, filter: studentSearchSchema.omit({ page: true, pageSize: true }).prefault({}) }),
  z.object({ list: z.literal('questionnairesDue'), format, filter: outcomeMethods['outcomes.followUpDue'].input.prefault({}) }),
  z.object({ list: z.literal('followUps'), format, filter: registersMethods['registers.followUps'].input.prefault({}) }),
  z.object({ list: z.literal('claims'), format, filter: expensesMethods['expenses.claims.list'].input.omit({ page: true, pageSize: true }).prefault({}) }),
  z.object({ list: z.literal('auditLog'), format, filter: auditFilterSchema.prefault({}) }),
]);
export type ListExportInput = z.input<typeof listExportSchema>;

/** Which list method each export reads through: the export needs that method's permission (checked by the core). */
export const EXPORT_SOURCES = {
  students: 'students.search',
  questionnairesDue: 'outcomes.followUpDue',
  followUps: 'registers.followUps',
  claims: 'expenses.claims.list',
  auditLog: 'audit.list',
} as const satisfies Record<ExportList, string>;

export const exportMethods = {
  // A write only for its audit row: the rows are read on a snapshot before the transaction opens (core/exports).
  'exports.list': method<ExportedFile & { rows: number }>()({
    kind: 'write',
    input: listExportSchema,
    access: 'signedIn',
    summary: 'Export a list (students, questionnaires due, follow-up calls, claims, the audit log) with its filter, every page, as CSV or XLSX. Needs the list’s own permission; audited with the list, filter and row count.',
  }),
} satisfies Record<string, MethodSpec>;
