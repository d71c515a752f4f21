// How audit-log actions and kinds of record are named on screen. Capabilities may add their own words here.

export const AUDIT_ACTION_LABELS: Record<string, string> = {
  create: 'Added',
  update: 'Changed',
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
  'account-locked': 'Account locked',
  retire: 'Retired',
  unretire: 'Brought back',
  delete: 'Deleted',
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
  'follow-up-contact': 'Welfare contact recorded',
  'late-correction:mark': 'Late correction',
  'late-correction:undo': 'Late correction (undo)',
  'late-correction:mark-rest-present': 'Late correction (everyone else present)',
  'late-correction:delivered': 'Late correction (facilitators)',
  'late-correction:drop-in': 'Late correction (drop-in)',
};

export function actionLabel(action: string): string {
  return AUDIT_ACTION_LABELS[action] ?? action.replace(/[-_.]/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

/** Kinds of record in the audit log, as staff say them. Capabilities may add theirs here. */
export const AUDIT_ENTITY_LABELS: Record<string, string> = {
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
};

export function entityLabel(entity: string): string {
  return AUDIT_ENTITY_LABELS[entity] ?? entity.replace(/[_-]/g, ' ').replace(/^./, (c) => c.toUpperCase());
}
