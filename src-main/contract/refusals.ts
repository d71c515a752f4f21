// Why a call was refused: every reason the core can give, declared once. Each reason belongs to a broad class (`code`,
// which the screens use for the general look: a field error, a sign-in prompt, a warning to confirm), and carries its
// own typed details. Screens and tests switch on the reason, never on the English message, which is for people.
// A method declares the specific reasons it may give (`refuses` in its contract entry); the universal ones below
// may come from any call. `Core.call` checks that a refusal's reason was declared for the method that gave it.
import type { WeekCheck } from './expenses';
import type { ImportRowCheck } from './imports';
import type { StudentClash } from './scheduling';
import type { PossibleDuplicate } from './students';

/** The broad class of a refusal. */
export type ErrorCode =
  | 'VALIDATION' // the input was wrong; `fields` says which and why
  | 'NOT_SIGNED_IN' // nobody is signed in on this window
  | 'LOCKED' // the app locked itself after being idle; re-enter the password
  | 'FORBIDDEN' // signed in, but this person may not do this (role, segregation of duties, sign-in delays)
  | 'NOT_FOUND'
  | 'CONFLICT' // the record changed, already exists, or is in a state that does not allow this
  | 'NEEDS_CONFIRMATION' // a warning the person must confirm (possible duplicate, student clash)
  | 'UNKNOWN_METHOD'
  | 'STORAGE' // the disk is full, read-only, locked or failing; the message says which and what to do
  | 'BACKUP_FAILED' // a backup could not be made or checked; the message says why
  | 'INTERNAL';

const r = (code: ErrorCode, means: string) => ({ code, means });

/** Reasons any call may give: nobody needs to declare them. */
export const UNIVERSAL_REFUSALS = {
  'input.invalid': r('VALIDATION', 'The input was not right; `fields` says which and why.'),
  'call.unknown-method': r('UNKNOWN_METHOD', 'The app asked for a method the core does not have.'),
  'session.signed-out': r('NOT_SIGNED_IN', 'Nobody is signed in on this window.'),
  'session.locked': r('LOCKED', 'The desk locked itself after being idle.'),
  'session.password-change-due': r('FORBIDDEN', 'The person must choose a new password before anything else.'),
  'access.role': r('FORBIDDEN', 'The signed-in person’s role may not do this.'),
  'call.untrusted-sender': r('FORBIDDEN', 'The call came from a page or frame that is not the app’s own window.'),
  'call.unreachable': r('INTERNAL', 'The window could not reach the core (the app is closing, or the harness went away).'),
  'harness.refused': r('INTERNAL', 'The browser test harness refused the request (no valid session cookie).'),
  'database.not-open': r('INTERNAL', 'The database is being opened, restored or closed; try again in a moment.'),
  'file.not-saved': r('INTERNAL', 'A file the person chose to save could not be written there.'),
  'server.behind': r('CONFLICT', 'The college’s server needs an update for this version of the app before this desk can use it.'),
  'desk.moved': r('CONFLICT', 'This desk’s records are being moved, or have moved, to the college’s server: nothing more is written here.'),
  'storage.problem': r('STORAGE', 'The database file could not be written or read (disk full, read-only, locked, failing).'),
  internal: r('INTERNAL', 'Something unexpected went wrong; nothing was changed.'),
} as const;

/** Reasons a method gives only when it declares them. */
export const SPECIFIC_REFUSALS = {
  // records in general
  'record.not-found': r('NOT_FOUND', 'The record asked for is not there (removed, or a stale page).'),
  'record.changed': r('CONFLICT', 'Someone else saved the record since it was opened; nothing was saved.'),
  // signing in, set-up and staff
  'setup.already-done': r('FORBIDDEN', 'The college is already set up; first-run set-up is closed.'),
  'sign-in.delayed': r('FORBIDDEN', 'Too many wrong passwords for this username or on this desk; wait, then try again.'),
  'recovery.wrong-key': r('VALIDATION', 'The recovery key and manager username do not match.'),
  'recovery.delayed': r('FORBIDDEN', 'Too many wrong recovery keys; wait, then try again.'),
  'staff.deactivated': r('FORBIDDEN', 'The staff account has been deactivated.'),
  // the training database
  'training.unavailable': r('FORBIDDEN', 'This build has no training database.'),
  'training.sign-in-first': r('NOT_SIGNED_IN', 'The training database is opened from a signed-in session (or at first run).'),
  'training.live-only': r('FORBIDDEN', 'Backups belong to the real database, not the training one.'),
  // backups
  'backup.failed': r('BACKUP_FAILED', 'A backup could not be made or could not be checked.'),
  'server.move-failed': r('CONFLICT', 'This desk’s records could not be moved to the server (not set up, not empty, already moved, or a check failed); nothing was changed.'),
  'backup.on-server': r('FORBIDDEN', 'This desk works on the college’s server, which IT backs up; the app’s file backups are for a desk’s own database.'),
  // students
  'student.possible-duplicate': r('NEEDS_CONFIRMATION', 'The new student may already have a record; confirm to add anyway.'),
  'student.archived': r('CONFLICT', 'The student’s record is archived; restore it first.'),
  'student.not-archived': r('CONFLICT', 'The student’s record is not archived.'),
  'student.anonymised': r('CONFLICT', 'The student’s record has already been anonymised.'),
  'consent.already-recorded': r('CONFLICT', 'Consent is already recorded and in force.'),
  'consent.none-in-force': r('CONFLICT', 'There is no consent in force to withdraw.'),
  'privacy.request-answered': r('CONFLICT', 'The subject access request was already marked answered.'),
  // timetable
  'course.offered': r('CONFLICT', 'The course has been offered, so it is kept; retire it instead.'),
  'run.cancelled': r('CONFLICT', 'The course run has been cancelled.'),
  'run.no-sessions': r('CONFLICT', 'The course run has no sessions yet.'),
  'session.cancelled': r('CONFLICT', 'The session is cancelled.'),
  'session.not-cancelled': r('CONFLICT', 'The session is not cancelled, so it cannot be reinstated.'),
  'session.not-yet': r('CONFLICT', 'The session has not happened yet; its register opens on the day.'),
  'schedule.room-booked': r('CONFLICT', 'The room is already booked at that time.'),
  'schedule.facilitator-busy': r('CONFLICT', 'A facilitator is already facilitating at that time.'),
  'schedule.student-clash': r('NEEDS_CONFIRMATION', 'An enrolled student would be in two sessions at once; confirm to go ahead.'),
  'enrolment.already-enrolled': r('CONFLICT', 'The student already has a place on the course run.'),
  'enrolment.already-waiting': r('CONFLICT', 'The student is already on the waiting list.'),
  'enrolment.not-enrolled': r('CONFLICT', 'The student has no place (or no waiting-list place) on the course run.'),
  'enrolment.on-break': r('CONFLICT', 'The student is already on an agreed break.'),
  'enrolment.not-on-break': r('CONFLICT', 'The student is not on an agreed break.'),
  // registers and outcomes
  'register.not-on-register': r('CONFLICT', 'The student is not on the session’s register; add them as a drop-in.'),
  'questionnaire.already-entered': r('CONFLICT', 'That questionnaire is already entered; correct the one on record.'),
  // expenses
  'payee.exists': r('CONFLICT', 'The person is already set up as a payee.'),
  'payee.inactive': r('CONFLICT', 'The payee is no longer active.'),
  'claim.not-draft': r('CONFLICT', 'Only a draft claim can be changed, submitted or thrown away.'),
  'claim.not-submitted': r('CONFLICT', 'Only a submitted claim can be approved or rejected.'),
  'claim.no-lines': r('VALIDATION', 'A claim needs at least one line before it is submitted.'),
  'claim.receipts-missing': r('CONFLICT', 'Lines without a receipt (or a reason for none) stop the approval.'),
  'claim.own-hand': r('FORBIDDEN', 'The approver entered, submitted or changed the claim; someone else must approve it.'),
  'receipt.unreadable': r('CONFLICT', 'The stored receipt file cannot be shown.'),
  'rate.exists': r('CONFLICT', 'A rate already starts on that date.'),
  'involvement.exists': r('CONFLICT', 'An involvement payment is already recorded for that person and session.'),
  'involvement.decided': r('CONFLICT', 'The involvement payment was already approved, rejected or paid.'),
  'involvement.own-record': r('FORBIDDEN', 'The approver recorded the payment; someone else must approve it.'),
  'involvement.week-warning': r('NEEDS_CONFIRMATION', 'The week’s payments to this person pass the college’s limit; confirm to go ahead.'),
  'batch.not-ready': r('CONFLICT', 'Only approved claims and payments that are in no batch can be paid.'),
  'batch.paid': r('CONFLICT', 'The payment batch is already marked paid.'),
  // imports
  'import.row-refused': r('VALIDATION', 'A row of the import was refused; nothing was imported.'),
  'import.row-conflict': r('CONFLICT', 'A row of the import clashes with a record already there; nothing was imported.'),
  // the college's server (a desk's connection to it)
  'server.live-only': r('FORBIDDEN', 'The college’s server is set from the real database, not the training one.'),
  'server.unreachable': r('CONFLICT', 'The college’s server could not be reached (name, port, network, or it is not running).'),
  'server.credentials': r('CONFLICT', 'The server refused the user name or password.'),
  'server.no-database': r('CONFLICT', 'The server has no database of that name.'),
  'server.tls': r('CONFLICT', 'The server’s certificate could not be checked (wrong CA file, expired, or not for that server name).'),
  'server.tls-missing': r('CONFLICT', 'A secure connection was required but the server offers none.'),
  'server.too-old': r('CONFLICT', 'The server runs a PostgreSQL older than the app supports.'),
  'server.newer': r('CONFLICT', 'The server’s database was set up by a newer version of the app; this desk needs updating.'),
  'server.password-needed': r('VALIDATION', 'No password was given and none is kept for that server and user.'),
  'server.ca-file': r('VALIDATION', 'The CA file named for the secure connection cannot be read or is not a certificate.'),
  'server.no-key-store': r('CONFLICT', 'This computer offers no safe place (OS key store) to keep the server password.'),
  'server.setup-failed': r('CONFLICT', 'Setting up the server’s database failed (usually: the owner lacks a right); nothing was half-done.'),
} as const;

export const REFUSALS = { ...UNIVERSAL_REFUSALS, ...SPECIFIC_REFUSALS } as const;

export type UniversalReason = keyof typeof UNIVERSAL_REFUSALS;
export type SpecificReason = keyof typeof SPECIFIC_REFUSALS;
export type Reason = keyof typeof REFUSALS;

/** The typed details a reason carries (reasons not listed carry none). */
export interface RefusalDetails {
  'student.possible-duplicate': PossibleDuplicate[];
  'schedule.student-clash': StudentClash[];
  'record.changed': { changedBy: string | null; changedAt: string | null };
  'schedule.room-booked': { kind: 'room'; date: string; otherSession: string };
  'schedule.facilitator-busy': { kind: 'facilitator'; date: string; otherSession: string };
  'involvement.week-warning': WeekCheck;
  'import.row-refused': ImportRowCheck[];
  'import.row-conflict': ImportRowCheck[];
}

export type DetailsOf<R extends Reason> = R extends keyof RefusalDetails ? RefusalDetails[R] : undefined;

export function isUniversalReason(reason: Reason): reason is UniversalReason {
  return Object.hasOwn(UNIVERSAL_REFUSALS, reason);
}

export function codeOf(reason: Reason): ErrorCode {
  return REFUSALS[reason].code;
}
