// Registers: marks saved the moment they are made (upsert on session + student), undo, who delivered a session,
// drop-ins, Today's list, printable registers, the welfare follow-up list and attendance figures. Every change is
// audited in its own transaction; a change after the session's day is recorded as a late correction with the previous mark.
import { ApiError, validationError } from '../../contract/errors';
import { MARK_LABELS, type Mark, type PreviousMark, type RegisterRow } from '../../contract/registers';
import type { StudentFields } from '../../contract/students';
import type { Db, HandlersFor, StaffContext } from '../api/handlers';
import { pageInMemory } from '../db/paging';
import { readSettings } from '../settings/settings';
import { findPossibleDuplicates, insertStudent } from '../students/students';
import { takePlaceOrWait } from '../scheduling/enrolment';
import { facilitatorsByIds, findEnrolment, runRow } from '../scheduling/rows';
import { findStudent } from '../students/repository';
import { collegeNow, dayBefore, type CollegeNow } from './attendance';
import { expectedAt } from './place-figures';
import { followUpList, recordFollowUp } from './follow-up';
import { registersToTake, sessionsOn } from './session-list';
import { runAttendance, studentAttendance } from './figures';
import { registerPdf } from './pdf';
import {
  assertCanTake,
  countRows,
  deliveryOf,
  findRunTitles,
  loadRegister,
  loadRows,
  loadSession,
  markOf,
  plannedFacilitators,
  scheduledSessionIdsOfRun,
  type SessionCore,
} from './queries';

function clock(ctx: Pick<StaffContext, 'now'>): CollegeNow {
  return collegeNow(ctx.now());
}

function describe(mark: Mark | null, note: string | null): string {
  if (!mark) return 'no mark';
  // Never the note's text: the audit log cannot be erased, and a note about a person must go when they are anonymised.
  return note ? `${MARK_LABELS[mark].toLowerCase()} (with a note)` : MARK_LABELS[mark].toLowerCase();
}

/** Who may be marked on this register: anyone expected that day, or anyone who already has a mark (a drop-in). */
async function assertOnRegister(trx: Db, s: SessionCore, studentId: number): Promise<{ reference: string; existing: PreviousMark | null }> {
  const student = await findStudent(trx, studentId);
  if (!student) throw new ApiError('record.not-found', 'That student record could not be found.');
  const existing = await markOf(trx, s.id, studentId);
  if (!existing) {
    const expected = (await expectedAt(trx, [s.id])).get(s.id)?.has(studentId) ?? false;
    if (!expected) {
      throw new ApiError(
        'register.not-on-register',
        `${student.first_name} ${student.surname} is not on this session’s register. If they came along, please add them as a drop-in.`,
      );
    }
  }
  return { reference: student.reference, existing: existing ? { mark: existing.mark, note: existing.note } : null };
}

/** The first time anything is saved on a register, the planned team is recorded as having delivered it. */
async function ensureDeliveredDefault(trx: Db, ctx: StaffContext, s: SessionCore): Promise<void> {
  if ((await deliveryOf(trx, s.id)).length > 0) return;
  const planned = await plannedFacilitators(trx, s.courseRunId);
  if (planned.length === 0) return;
  const at = ctx.now().toISOString();
  await trx
    .insertInto('session_delivery')
    .values(planned.map((f) => ({ session_id: s.id, facilitator_id: f.id, recorded_by: ctx.staff.id, recorded_at: at })))
    .execute();
}

async function upsertMark(trx: Db, ctx: StaffContext, sessionId: number, studentId: number, mark: Mark, note: string | null, dropIn = false): Promise<void> {
  const at = ctx.now().toISOString();
  await trx
    .insertInto('attendance')
    .values({ session_id: sessionId, student_id: studentId, mark, note, drop_in: dropIn ? 1 : 0, marked_by: ctx.staff.id, marked_at: at })
    .onConflict((oc) =>
      oc.columns(['session_id', 'student_id']).doUpdateSet({ mark, note, marked_by: ctx.staff.id, marked_at: at, ...(dropIn ? { drop_in: 1 } : {}) }),
    )
    .execute();
}

async function auditMark(
  trx: Db,
  ctx: StaffContext,
  s: SessionCore,
  now: CollegeNow,
  reference: string,
  before: PreviousMark | null,
  after: { mark: Mark | null; note: string | null },
  action: 'mark' | 'undo' | 'drop-in',
): Promise<void> {
  const late = s.date < now.today;
  const fields = before?.note !== after.note ? ['mark', 'note'] : ['mark'];
  ctx.audit({
    action: late ? `late-correction:${action}` : action,
    entity: 'register',
    entityId: s.id,
    fields,
    summary: `${reference} on ${s.date}: ${describe(after.mark, after.note)} (was ${before ? describe(before.mark, before.note) : 'no mark'})${late ? ' — changed after the session’s day' : ''}`,
  });
}

function rowFor(rows: RegisterRow[], studentId: number): RegisterRow {
  const row = rows.find((r) => r.studentId === studentId);
  if (!row) throw new Error(`Register row for student ${studentId} missing after saving`);
  return row;
}

/** Minimal coded fields for a student created at the door: not stated / not known until someone asks properly. */
function dropInStudentFields(p: { firstName: string; surname: string; dateOfBirth: string }): StudentFields {
  return {
    firstName: p.firstName,
    surname: p.surname,
    dateOfBirth: p.dateOfBirth,
    preferredName: null,
    pronouns: null,
    email: null,
    phone: null,
    addressLine1: null,
    addressLine2: null,
    town: null,
    postcode: null,
    emergencyContactName: null,
    emergencyContactPhone: null,
    emergencyContactRelationship: null,
    supportNeeds: null,
    referralSource: 'self',
    referralOther: null,
    secondaryMhServices: 'unknown',
    ethnicCategory: 'Z',
    genderIdentity: 'Z',
    employmentStatus: 'ZZ',
    nhsNumber: null,
  };
}

export const registerHandlers: HandlersFor<'registers.'> = {
  'registers.today': async (ctx) => {
    const now = clock(ctx);
    const yesterday = dayBefore(now.today);
    const sessions = await sessionsOn(ctx.db, [now.today, yesterday], now);
    return { today: now.today, yesterday, sessions: sessions.filter((s) => s.isToday || s.missing > 0) };
  },

  'registers.day': async (ctx, input) => sessionsOn(ctx.db, [input.date], clock(ctx)),

  'registers.toTake': async (ctx) => registersToTake(ctx.db, clock(ctx)),

  'registers.get': async (ctx, input) => loadRegister(ctx.db, input.sessionId, clock(ctx)),

  'registers.mark': async (ctx, input) => {
    const now = clock(ctx);
    const s = await loadSession(ctx.db, input.sessionId);
    assertCanTake(s, now);
    const { reference, existing } = await assertOnRegister(ctx.db, s, input.studentId);
    await upsertMark(ctx.db, ctx, s.id, input.studentId, input.mark, input.note);
    await ensureDeliveredDefault(ctx.db, ctx, s);
    await auditMark(ctx.db, ctx, s, now, reference, existing, input, 'mark');
    const rows = await loadRows(ctx.db, s);
    return { row: rowFor(rows, input.studentId), previous: existing, lateCorrection: s.date < now.today, counts: countRows(rows) };
  },

  'registers.markRestPresent': async (ctx, input) => {
    const now = clock(ctx);
    const s = await loadSession(ctx.db, input.sessionId);
    assertCanTake(s, now);
    const rest = (await loadRows(ctx.db, s)).filter((r) => r.expected && r.mark === null);
    if (rest.length > 0) {
      const at = ctx.now().toISOString();
      await ctx.db
        .insertInto('attendance')
        .values(rest.map((r) => ({ session_id: s.id, student_id: r.studentId, mark: 'present' as const, note: null, marked_by: ctx.staff.id, marked_at: at })))
        .execute();
      await ensureDeliveredDefault(ctx.db, ctx, s);
      const late = s.date < now.today;
      ctx.audit({
        action: late ? 'late-correction:mark-rest-present' : 'mark-rest-present',
        entity: 'register',
        entityId: s.id,
        fields: ['mark'],
        summary: `${s.date}: marked ${rest.length} present (was no mark): ${rest.map((r) => r.reference).join(', ')}`,
      });
    }
    return { studentIds: rest.map((r) => r.studentId), register: await loadRegister(ctx.db, s.id, now, s) };
  },

  'registers.restore': async (ctx, input) => {
    const now = clock(ctx);
    const s = await loadSession(ctx.db, input.sessionId);
    assertCanTake(s, now);
    for (const m of input.marks) {
      const { reference, existing } = await assertOnRegister(ctx.db, s, m.studentId);
      if (m.mark === null) {
        if (!existing) continue;
        await ctx.db.deleteFrom('attendance').where('session_id', '=', s.id).where('student_id', '=', m.studentId).execute();
      } else {
        await upsertMark(ctx.db, ctx, s.id, m.studentId, m.mark, m.note);
      }
      await auditMark(ctx.db, ctx, s, now, reference, existing, m, 'undo');
    }
    return loadRegister(ctx.db, s.id, now, s);
  },

  'registers.setDelivered': async (ctx, input) => {
    const now = clock(ctx);
    const s = await loadSession(ctx.db, input.sessionId);
    assertCanTake(s, now);
    const ids = [...new Set(input.facilitatorIds)];
    if (ids.length > 0) {
      const found = await facilitatorsByIds(ctx.db, ids);
      if (found.length !== ids.length) throw validationError({ facilitatorIds: 'One of those facilitators could not be found. Please reload and choose again.' });
    }
    const before = await deliveryOf(ctx.db, s.id);
    await ctx.db.deleteFrom('session_delivery').where('session_id', '=', s.id).execute();
    if (ids.length > 0) {
      const at = ctx.now().toISOString();
      await ctx.db
        .insertInto('session_delivery')
        .values(ids.map((f) => ({ session_id: s.id, facilitator_id: f, recorded_by: ctx.staff.id, recorded_at: at })))
        .execute();
    }
    const late = s.date < now.today;
    ctx.audit({
      action: late ? 'late-correction:delivered' : 'delivered',
      entity: 'register',
      entityId: s.id,
      fields: ['deliveredFacilitators'],
      summary: `${s.date}: facilitators ${ids.join(', ') || 'none'} (was ${before.map((b) => b.facilitator_id).join(', ') || 'not recorded'})`,
    });
    return loadRegister(ctx.db, s.id, now, s);
  },

  'registers.dropIn': async (ctx, input) => {
    const now = clock(ctx);
    const s = await loadSession(ctx.db, input.sessionId);
    assertCanTake(s, now);
    let studentId = input.studentId;
    let created = false;
    if (input.newStudent) {
      if (input.newStudent.dateOfBirth > now.today) throw validationError({ 'newStudent.dateOfBirth': 'The date of birth cannot be in the future.' });
      if (!input.confirmedNotDuplicate) {
        const dupes = await findPossibleDuplicates(ctx.db, input.newStudent);
        if (dupes.length > 0) {
          throw new ApiError(
            'student.possible-duplicate',
            dupes.length === 1
              ? `This might be ${dupes[0].name} (${dupes[0].reference}), who already has a record. Please check before adding a new one.`
              : `This might be one of ${dupes.length} students who already have a record. Please check before adding a new one.`,
            { details: dupes },
          );
        }
      }
      studentId = await insertStudent(ctx.db, ctx, dropInStudentFields(input.newStudent));
      created = true;
    }
    if (studentId === undefined) throw validationError({ studentId: 'Please choose an existing student or enter a new one.' });
    const student = await findStudent(ctx.db, studentId);
    if (!student) throw new ApiError('record.not-found', 'That student record could not be found.');
    if (student.archived_at) throw new ApiError('student.archived', 'This student’s record is archived. Please restore it from their record first, then add them.');

    const enrolment = await findEnrolment(ctx.db, s.courseRunId, studentId);
    // Were they on this session's register before coming in? Otherwise the mark is a drop-in.
    const wasExpected = (await expectedAt(ctx.db, [s.id])).get(s.id)?.has(studentId) ?? false;
    // The same enrolment rule as enrolling (capacity, the waiting list in order): a place from this session if one is
    // free, else they are in the room today and keep (or join) their turn on the waiting list.
    const run = await runRow(ctx.db, s.courseRunId);
    const place = await takePlaceOrWait(ctx, run, studentId, enrolment ?? null, { joinedBy: 'drop_in', from: s.date });
    const enrolled = place.status === 'enrolled' && enrolment?.status !== 'enrolled';
    if (!enrolment || enrolment.status !== place.status) {
      ctx.audit({
        action: place.status === 'enrolled' ? (enrolment ? 're-enrol-drop-in' : 'enrol-drop-in') : 'drop-in-waiting-list',
        entity: 'enrolment',
        entityId: place.id,
        fields: ['status', 'enrolledOn'],
        summary:
          place.status === 'enrolled'
            ? `${student.reference} enrolled on run ${s.courseRunId} from ${s.date} as a drop-in${enrolment ? ` (was ${enrolment.status})` : ''}`
            : `${student.reference} came to run ${s.courseRunId} on ${s.date} as a drop-in; the run is full, so they are on its waiting list`,
      });
    }
    const existing = await markOf(ctx.db, s.id, studentId);
    await upsertMark(ctx.db, ctx, s.id, studentId, 'present', input.note, !wasExpected);
    await ensureDeliveredDefault(ctx.db, ctx, s);
    await auditMark(ctx.db, ctx, s, now, student.reference, existing ?? null, { mark: 'present', note: input.note }, 'drop-in');
    const register = await loadRegister(ctx.db, s.id, now, s);
    return { studentId, created, enrolled, row: rowFor(register.rows, studentId), register };
  },

  'registers.printSession': async (ctx, input) => {
    const now = clock(ctx);
    const s = await loadSession(ctx.db, input.sessionId);
    if (s.cancelled) throw new ApiError('session.cancelled', 'This session was cancelled, so it has no register to print.');
    const { collegeName } = await readSettings(ctx.db);
    const register = await loadRegister(ctx.db, s.id, now, s);
    const base64 = await registerPdf([register], collegeName, ctx.now());
    return { suggestedName: `register-${slug(s.courseTitle)}-${s.date}.pdf`, mimeType: 'application/pdf', base64 };
  },

  'registers.printRun': async (ctx, input) => {
    const now = clock(ctx);
    const sessions = await scheduledSessionIdsOfRun(ctx.db, input.courseRunId);
    const run = await findRunTitles(ctx.db, input.courseRunId);
    if (!run) throw new ApiError('record.not-found', 'That course run could not be found.');
    if (run.cancelled_at) throw new ApiError('run.cancelled', 'This course run was cancelled, so it has no registers to print.');
    if (sessions.length === 0) throw new ApiError('run.no-sessions', 'This course run has no sessions yet, so there is nothing to print.');
    const registers = [];
    for (const { id } of sessions) registers.push(await loadRegister(ctx.db, id, now));
    const { collegeName } = await readSettings(ctx.db);
    const base64 = await registerPdf(registers, collegeName, ctx.now());
    return { suggestedName: `registers-${slug(run.title)}-${slug(run.name)}.pdf`, mimeType: 'application/pdf', base64 };
  },

  'registers.followUps': async (ctx, input) => followUpList(ctx.db, clock(ctx), input),

  'registers.followUpsPage': async (ctx, input) => {
    // The list is the attendance rule's answer (two held sessions missed in a row, written once in attendance.ts), so
    // it is searched, sorted and paged here rather than in SQL; it is short (the last few weeks' absences).
    let all = await followUpList(ctx.db, clock(ctx), {});
    if (input.notContactedOnly) all = all.filter((e) => !e.contactedSinceLastMiss);
    const words = input.query.toLowerCase().split(/\s+/).filter(Boolean);
    if (words.length) all = all.filter((e) => words.every((w) => `${e.firstName} ${e.preferredName ?? ''} ${e.surname} ${e.reference} ${e.courseTitle}`.toLowerCase().includes(w)));
    return pageInMemory(
      all,
      { name: (e) => `${e.surname} ${e.firstName}`, course: (e) => e.courseTitle, lastMissed: (e) => e.lastMissedOn, contacted: (e) => (e.contactedSinceLastMiss ? 1 : 0) },
      (e) => `${String(e.studentId).padStart(10, '0')}:${String(e.courseRunId).padStart(10, '0')}`,
      input,
    );
  },

  'registers.recordFollowUp': async (ctx, input) => recordFollowUp(ctx, clock(ctx), input),

  'registers.runAttendance': async (ctx, input) => runAttendance(ctx.db, clock(ctx), input.courseRunId),

  'registers.studentAttendance': async (ctx, input) => studentAttendance(ctx.db, clock(ctx), input.studentId),
};

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'register'
  );
}
