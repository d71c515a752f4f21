// Which reads of sensitive data are audited: opening a student's record or its outcomes, attendance and courses,
// full bank details, a receipt, a printed register, and every export. Declared once here, against the contract's own
// method names and types; `Core.call` writes the access row after the read succeeds (and withholds the result if it
// cannot), once per person, record and kind of read in any five minutes (a page refetching does not flood the log). Write methods that export (a return's files, the NHS-number extract, the finance CSV) audit themselves.
import type { AuditAction, AuditEntity } from './audit';
import type { MethodName, MethodResult, ParsedInput } from './contract';
import { searchAuditSummary } from './search';

export interface ReadAudit<K extends MethodName> {
  /** The kind of record looked at, in the audit log's words (`student`, `claim`…). */
  entity: AuditEntity;
  action: AuditAction;
  /** Which record: from the input (usually) or the result. */
  entityId: (input: ParsedInput<K>, result: MethodResult<K>) => number | null;
  /** Only some calls are sensitive (full bank details shown, not masked ones). Default: every call. */
  when?: (input: ParsedInput<K>, result: MethodResult<K>) => boolean;
  /** Never the search text or any personal detail: the audit log cannot be erased. */
  summary?: (input: ParsedInput<K>, result: MethodResult<K>) => string | null;
}

export type ReadAudits = { [K in MethodName]?: ReadAudit<K> };

export const READ_AUDITS = {
  'students.get': { entity: 'student', action: 'view', entityId: (i) => i.id },
  'students.search': { entity: 'student', action: 'search', entityId: () => null, summary: (_i, r) => `Search: ${r.total} found` },
  // Searching everywhere searches students too (when the role may): audited as a student search, like `students.search`.
  'search.everything': { entity: 'student', action: 'search', entityId: () => null, when: (_i, r) => r.searched.includes('student'), summary: (_i, r) => searchAuditSummary(r) },
  'students.checkDuplicates': { entity: 'student', action: 'search', entityId: () => null, summary: (_i, r) => `Duplicate check: ${r.length} possible` },
  'registers.studentAttendance': { entity: 'student', action: 'view-attendance', entityId: (i) => i.studentId },
  'scheduling.studentCourses': { entity: 'student', action: 'view-courses', entityId: (i) => i.studentId },
  'outcomes.forStudent': { entity: 'student', action: 'view-outcomes', entityId: (i) => i.studentId },
  'registers.printSession': { entity: 'session', action: 'print-register', entityId: (i) => i.sessionId },
  'registers.printRun': { entity: 'course_run', action: 'print-register', entityId: (i) => i.courseRunId },
  'scheduling.exportRunIcs': { entity: 'course_run', action: 'export-ics', entityId: (i) => i.runId },
  'scheduling.exportFacilitatorIcs': { entity: 'facilitator', action: 'export-ics', entityId: (i) => i.facilitatorId },
  'returns.get': { entity: 'return', action: 'view', entityId: (i) => i.id },
  'expenses.payees.get': { entity: 'payee', action: 'view-bank-details', entityId: (i) => i.id, when: (_i, r) => !!r.bank && !r.bank.masked },
  'expenses.receipts.get': { entity: 'receipt', action: 'open-receipt', entityId: (i) => i.id },
  'expenses.receipts.view': { entity: 'receipt', action: 'view-receipt', entityId: (i) => i.id },
  'expenses.batches.remittance': { entity: 'payment_batch', action: 'export-remittance', entityId: (i) => i.id, summary: (i) => `Remittance note for payee ${i.payeeId}` },
  'expenses.batches.remittances': { entity: 'payment_batch', action: 'export-remittance', entityId: (i) => i.id, summary: (_i, r) => `${r.length} remittance notes` },
  'expenses.totals.exportCsv': { entity: 'expenses_totals', action: 'export-totals-csv', entityId: () => null, summary: (i) => `${i.kind} totals, tax year ${i.taxYear}` },
  'imports.students.report': { entity: 'import', action: 'save-import-report', entityId: () => null, summary: (i) => `Students: ${i.imported.length} imported, ${i.skipped.length} skipped` },
  'imports.facilitators.report': { entity: 'import', action: 'save-import-report', entityId: () => null, summary: (i) => `Facilitators: ${i.imported.length} imported, ${i.skipped.length} skipped` },
  'imports.payees.report': { entity: 'import', action: 'save-import-report', entityId: () => null, summary: (i) => `Payees: ${i.imported.length} imported, ${i.skipped.length} skipped` },
} satisfies ReadAudits;
