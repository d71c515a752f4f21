// The audit log's vocabulary, declared once: every action and kind of record the core may write, with the words staff
// see on the audit screen. `ctx.audit(...)` accepts only these, so a new action cannot be recorded without its label.

export const AUDIT_ACTION_LABELS = {
  create: 'Added',
  update: 'Changed',
  delete: 'Deleted',
  archive: 'Archived',
  restore: 'Restored',
  'consent-given': 'Consent recorded',
  'consent-withdrawn': 'Consent withdrawn',
  deactivate: 'Deactivated',
  reactivate: 'Reactivated',
  'reset-password': 'Password reset',
  'change-password': 'Password changed',
  'sign-in': 'Signed in',
  'sign-out': 'Signed out',
  'sign-in-failed': 'Sign-in failed',
  'account-locked': 'Sign-in paused after wrong passwords',
  'recover-manager-password': 'Manager password set with the recovery key',
  'new-recovery-key': 'New recovery key made',
  retire: 'Retired',
  unretire: 'Brought back',
  set: 'Set',
  'generate-sessions': 'Sessions created from a pattern',
  'set-facilitators': 'Team changed',
  'add-session': 'Session added',
  move: 'Session moved',
  cancel: 'Cancelled',
  reinstate: 'Reinstated',
  enrol: 'Enrolled',
  'join-waiting-list': 'Joined the waiting list',
  withdraw: 'Withdrawn',
  'leave-waiting-list': 'Left the waiting list',
  promote: 'Promoted from the waiting list',
  mark: 'Marked',
  undo: 'Mark undone',
  'mark-rest-present': 'Marked everyone else present',
  delivered: 'Facilitators recorded',
  'drop-in': 'Drop-in marked present',
  'enrol-drop-in': 'Enrolled as a drop-in',
  're-enrol-drop-in': 'Re-enrolled as a drop-in',
  retier: 'Mileage re-worked (10,000-mile tier)',
  'drop-in-waiting-list': 'Dropped in; on the waiting list (course full)',
  'start-break': 'Agreed break started',
  'end-break': 'Back from an agreed break',
  'follow-up-contact': 'Welfare contact recorded',
  'late-correction:mark': 'Late correction',
  'late-correction:undo': 'Late correction (undo)',
  'late-correction:mark-rest-present': 'Late correction (everyone else present)',
  'late-correction:delivered': 'Late correction (facilitators)',
  'late-correction:drop-in': 'Late correction (drop-in)',
  correct: 'Corrected',
  produce: 'Produced',
  download: 'Downloaded',
  extract: 'Extract run',
  'add-line': 'Line added',
  'update-line': 'Line changed',
  'remove-line': 'Line removed',
  'add-receipt': 'Receipt added',
  'remove-receipt': 'Receipt removed',
  'waive-receipt': 'Receipt waived',
  submit: 'Submitted',
  approve: 'Approved',
  reject: 'Rejected',
  discard: 'Discarded',
  reduce: 'Reduced',
  decline: 'Declined',
  paid: 'Paid',
  'mark-paid': 'Marked paid',
  'export-csv': 'Finance file exported',
  'change-bank-details': 'Bank details changed',
  view: 'Looked at',
  search: 'Searched',
  'view-attendance': 'Looked at attendance',
  'view-courses': 'Looked at courses',
  'view-outcomes': 'Looked at outcomes',
  'print-register': 'Printed a register',
  'export-ics': 'Exported a calendar',
  'view-bank-details': 'Looked at full bank details',
  'open-receipt': 'Opened a receipt',
  'export-remittance': 'Exported remittance notes',
  'export-totals-csv': 'Exported expenses totals',
  'subject-access-request': 'Subject access request logged',
  'export-subject-access': 'Subject access archive saved',
  'subject-access-completed': 'Subject access request answered',
  anonymise: 'Anonymised',
  'confirm-disk-encryption': 'Disk encryption confirmed',
  'record-training': 'Data security training recorded',
} as const satisfies Record<string, string>;

/** Kinds of record in the audit log, as staff say them. */
export const AUDIT_ENTITY_LABELS = {
  student: 'Student',
  staff: 'Staff account',
  settings: 'College settings',
  course: 'Course',
  term: 'Term',
  closure: 'Closure date',
  bank_holiday: 'Bank holiday',
  venue: 'Venue',
  room: 'Room',
  facilitator: 'Facilitator',
  course_run: 'Course run',
  session: 'Session',
  enrolment: 'Enrolment',
  register: 'Register',
  questionnaire: 'Wellbeing questionnaire',
  destination: 'Destination',
  satisfaction: 'Satisfaction form',
  return: 'Contract return',
  'data-sharing-extract': 'Data-sharing extract',
  payee: 'Payee',
  claim: 'Expense claim',
  payment_batch: 'Payment batch',
  receipt: 'Receipt',
  expenses_totals: 'Expenses totals',
  involvement_payment: 'Involvement payment',
  mileage_rate: 'Mileage rate',
  involvement_rate: 'Involvement rate',
  benefit_limit: 'Benefit limit',
  database: 'Database',
  backup_settings: 'Backup settings',
} as const satisfies Record<string, string>;

export type AuditAction = keyof typeof AUDIT_ACTION_LABELS;
export type AuditEntity = keyof typeof AUDIT_ENTITY_LABELS;

export const AUDIT_ACTIONS = Object.keys(AUDIT_ACTION_LABELS) as AuditAction[];
export const AUDIT_ENTITIES = Object.keys(AUDIT_ENTITY_LABELS) as AuditEntity[];

function isKey<T extends object>(labels: T, key: string): key is Extract<keyof T, string> {
  return Object.prototype.hasOwnProperty.call(labels, key);
}

/** The words for an action; an action from an older version of the app falls back to its own name, tidied. */
export function actionLabel(action: string): string {
  return isKey(AUDIT_ACTION_LABELS, action) ? AUDIT_ACTION_LABELS[action] : action.replace(/[-_.:]/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

export function entityLabel(entity: string): string {
  return isKey(AUDIT_ENTITY_LABELS, entity) ? AUDIT_ENTITY_LABELS[entity] : entity.replace(/[_-]/g, ' ').replace(/^./, (c) => c.toUpperCase());
}
