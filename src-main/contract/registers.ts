// Registers: taking attendance for a session, who delivered it, drop-ins, paper registers, the welfare follow-up list
// and attendance figures (BRIEF.md §3). Shapes and schemas shared by the core and the renderer.
import { z } from 'zod';
import { listFields, type ListPage } from './lists';
import { dateOfBirth, id, isoDate, lifeDate, method, type ExportedFile, type MethodSpec } from './define';

export const MARKS = ['present', 'late', 'absent', 'apologies'] as const;
export type Mark = (typeof MARKS)[number];

/** The words staff see for each mark. */
export const MARK_LABELS: Record<Mark, string> = {
  present: 'Present',
  late: 'Late',
  absent: 'Absent',
  apologies: 'Apologies',
};

export const markSchema = z.enum(MARKS, { error: 'Please choose present, late, absent or apologies.' });

export const markNoteSchema = z
  .string({ error: 'A note must be text.' })
  .trim()
  .max(200, 'A note can be at most 200 characters.')
  .nullish()
  .transform((v) => (v ? v : null));

const personName = (label: string) =>
  z
    .string({ error: `Please enter the ${label}.` })
    .trim()
    .min(1, `Please enter the ${label}.`)
    .max(100, `The ${label} can be at most 100 characters.`);

/** The few details needed to add a student who turned up without a record; the rest can be filled in later. */
export const dropInNewStudentSchema = z.object({
  firstName: personName('first name'),
  surname: personName('surname'),
  // The same rule as a full student record (define.ts): real, not in the future, not before 1900.
  dateOfBirth,
});

export interface FacilitatorRef {
  id: number;
  name: string;
  kind: 'staff' | 'peer_trainer' | 'volunteer';
  role: 'lead' | 'co' | null;
}

export interface RegisterSession {
  id: number;
  courseRunId: number;
  courseTitle: string;
  termName: string;
  date: string;
  startTime: string;
  endTime: string;
  venueName: string;
  roomName: string | null;
  cancelled: boolean;
}

export interface RegisterRow {
  studentId: number;
  reference: string;
  firstName: string;
  surname: string;
  preferredName: string | null;
  mark: Mark | null;
  note: string | null;
  dropIn: boolean;
  markedAt: string | null;
  markedBy: string | null;
  /** False for someone with a mark who is no longer expected (e.g. withdrawn since). */
  expected: boolean;
}

export interface RegisterCounts {
  expected: number;
  marked: number;
  missing: number;
  present: number;
  late: number;
  absent: number;
  apologies: number;
}

export interface RegisterView {
  session: RegisterSession;
  /** The college's date today (Europe/London). */
  today: string;
  /** False for a future session: its register opens on the day. */
  canMark: boolean;
  /** True after the session's day: every change is recorded as a late correction. */
  lateCorrection: boolean;
  rows: RegisterRow[];
  counts: RegisterCounts;
  plannedFacilitators: FacilitatorRef[];
  /** Who delivered it: the recorded list, or the planned team until someone records it. */
  deliveredFacilitators: FacilitatorRef[];
  deliveredRecorded: boolean;
}

export interface PreviousMark {
  mark: Mark;
  note: string | null;
}

export interface MarkResult {
  row: RegisterRow;
  /** What the mark was before this change (null: no mark), so the screen can undo it. */
  previous: PreviousMark | null;
  lateCorrection: boolean;
  counts: RegisterCounts;
}

export interface MarkRestResult {
  /** The students marked present by this call (all were unmarked before, so undo clears them). */
  studentIds: number[];
  register: RegisterView;
}

export interface TodaySession {
  sessionId: number;
  courseRunId: number;
  courseTitle: string;
  date: string;
  startTime: string;
  endTime: string;
  venueName: string;
  roomName: string | null;
  expected: number;
  marked: number;
  missing: number;
  isToday: boolean;
}

export interface TodayView {
  today: string;
  yesterday: string;
  /** Today's sessions in time order, then yesterday's whose registers still have missing marks. */
  sessions: TodaySession[];
}

export interface DropInResult {
  studentId: number;
  /** True when a new student record was created. */
  created: boolean;
  /** True when an enrolment was created or re-opened on the course run. */
  enrolled: boolean;
  row: RegisterRow;
  register: RegisterView;
}

export interface FollowUpContact {
  id: number;
  contactedOn: string;
  contactedBy: string;
  outcome: string;
}

export const FOLLOW_UP_SORTS = ['name', 'course', 'lastMissed', 'contacted'] as const;

export interface FollowUpEntry {
  studentId: number;
  reference: string;
  firstName: string;
  surname: string;
  preferredName: string | null;
  phone: string | null;
  email: string | null;
  emergencyContactName: string | null;
  emergencyContactPhone: string | null;
  courseRunId: number;
  courseTitle: string;
  /** The held sessions missed in a row, most recent last. */
  missedDates: string[];
  lastMissedOn: string;
  contacts: FollowUpContact[];
  /** Someone has been in touch on or after the most recent missed session. */
  contactedSinceLastMiss: boolean;
}

/** A person on the follow-up list as its cards name them: `First (Preferred) Surname`. */
export function followUpName(e: Pick<FollowUpEntry, 'firstName' | 'surname' | 'preferredName'>): string {
  return e.preferredName && e.preferredName !== e.firstName ? `${e.firstName} (${e.preferredName}) ${e.surname}` : `${e.firstName} ${e.surname}`;
}

/**
 * A place's completion status, ILR-style (core/registers/place-figures.ts decides it): continuing (ILR 1), completed and
 * not completed once the run has ended (ILR 2, with or without reaching the attendance threshold), withdrawn (ILR 3,
 * never completed), on an agreed break (ILR 6), or a one-off drop-in (an attendance, not a course place).
 */
export type PlaceStatus = 'continuing' | 'completed' | 'not_completed' | 'withdrawn' | 'break' | 'drop_in';

export const PLACE_STATUS_LABELS: Record<PlaceStatus, string> = {
  continuing: 'Continuing',
  completed: 'Completed',
  not_completed: 'Did not complete',
  withdrawn: 'Withdrawn',
  break: 'On an agreed break',
  drop_in: 'Drop-in (attendance only)',
};

export interface AttendanceFigures {
  held: number;
  attended: number;
  /** attended / held as a whole percentage, null when no sessions have been held yet. */
  ratePercent: number | null;
  /** Meets the completion threshold on a course place (so far, while the run continues); never for a withdrawn place. */
  completed: boolean;
  placeStatus: PlaceStatus;
}

export interface RunStudentAttendance extends AttendanceFigures {
  studentId: number;
  reference: string;
  firstName: string;
  surname: string;
  status: 'enrolled' | 'waiting' | 'withdrawn';
  enrolledOn: string | null;
  withdrawnOn: string | null;
}

export interface RunSessionSummary {
  sessionId: number;
  date: string;
  startTime: string;
  cancelled: boolean;
  held: boolean;
  expected: number;
  marked: number;
  attended: number;
}

export interface RunAttendance {
  courseRunId: number;
  courseTitle: string;
  termName: string;
  thresholdPercent: number;
  sessions: RunSessionSummary[];
  students: RunStudentAttendance[];
  heldSessions: number;
  completers: number;
}

export interface StudentRunAttendance extends AttendanceFigures {
  courseRunId: number;
  courseTitle: string;
  termName: string;
  status: 'enrolled' | 'waiting' | 'withdrawn';
}

export interface StudentAttendance {
  studentId: number;
  thresholdPercent: number;
  runs: StudentRunAttendance[];
}

const session = z.object({ sessionId: id });

export const registersMethods = {
  'registers.today': method<TodayView>()({ kind: 'read',
    input: z.object({}).strict(),
    access: 'registers.take',
    summary: 'Today’s sessions, and yesterday’s with registers still open, with how many marks are missing.',
  }),
  'registers.day': method<TodaySession[]>()({ kind: 'read',
    input: z.object({ date: isoDate }),
    access: 'registers.take',
    summary: 'Every session on a day, with how many marks are missing: for finding a register to take or correct.',
  }),
  'registers.toTake': method<TodaySession[]>()({ kind: 'read',
    input: z.object({}).strict(),
    access: 'registers.take',
    summary: 'Every register of a session held before today that still has people without a mark, newest first.',
  }),
  'registers.get': method<RegisterView>()({ kind: 'read',
    input: session,
    access: 'registers.take',
    summary: 'A session’s register: who is expected, their marks and notes, and who delivered it.',
    refuses: ['record.not-found', 'session.cancelled'],
  }),
  'registers.mark': method<MarkResult>()({ kind: 'write',
    input: z.object({ sessionId: id, studentId: id, mark: markSchema, note: markNoteSchema }),
    access: 'registers.take',
    summary: 'Mark one student present, late, absent or with apologies; saved at once.',
    refuses: ['record.not-found', 'register.not-on-register', 'session.cancelled', 'session.not-yet'],
  }),
  'registers.markRestPresent': method<MarkRestResult>()({ kind: 'write',
    input: session,
    access: 'registers.take',
    summary: 'Mark everyone not yet marked as present, in one step.',
    refuses: ['record.not-found', 'session.cancelled', 'session.not-yet'],
  }),
  'registers.restore': method<RegisterView>()({ kind: 'write',
    input: z.object({
      sessionId: id,
      marks: z
        .array(z.object({ studentId: id, mark: markSchema.nullable(), note: markNoteSchema }))
        .min(1, 'There is nothing to undo.')
        .max(500),
    }),
    access: 'registers.take',
    summary: 'Undo: put marks back as they were (null removes a mark).',
    refuses: ['record.not-found', 'register.not-on-register', 'session.cancelled', 'session.not-yet'],
  }),
  'registers.setDelivered': method<RegisterView>()({ kind: 'write',
    input: z.object({ sessionId: id, facilitatorIds: z.array(id).max(20, 'A session can have at most 20 facilitators.') }),
    access: 'registers.take',
    summary: 'Record which facilitators actually delivered the session.',
    refuses: ['record.not-found', 'session.cancelled', 'session.not-yet'],
  }),
  'registers.dropIn': method<DropInResult>()({ kind: 'write',
    input: z
      .object({
        sessionId: id,
        studentId: id.optional(),
        newStudent: dropInNewStudentSchema.optional(),
        confirmedNotDuplicate: z.boolean().default(false),
        note: markNoteSchema,
      })
      .refine((v) => (v.studentId === undefined) !== (v.newStudent === undefined), {
        message: 'Please choose an existing student or enter a new one.',
        path: ['studentId'],
      }),
    access: 'registers.take',
    summary: 'A student turned up: enrol them on the course run and mark them present (creating a new student if needed).',
    refuses: ['record.not-found', 'run.cancelled', 'session.cancelled', 'session.not-yet', 'student.archived', 'student.possible-duplicate'],
  }),
  'registers.printSession': method<ExportedFile>()({ kind: 'read',
    input: session,
    access: 'registers.take',
    summary: 'A printable register (PDF) for one session.',
    refuses: ['record.not-found', 'session.cancelled'],
  }),
  'registers.printRun': method<ExportedFile>()({ kind: 'read',
    input: z.object({ courseRunId: id }),
    access: 'registers.take',
    summary: 'A printable register (PDF) for every session of a course run, one page per session.',
    refuses: ['record.not-found', 'run.cancelled', 'run.no-sessions', 'session.cancelled'],
  }),
  'registers.followUps': method<FollowUpEntry[]>()({ kind: 'read',
    input: z.object({ courseRunId: id.optional(), since: isoDate.optional() }),
    access: 'registers.take',
    summary: 'Students who have missed two held sessions in a row without apologies: a welfare check list.',
  }),
  'registers.followUpsPage': method<ListPage<FollowUpEntry>>()({ kind: 'read',
    input: z.object({
      query: z.string().trim().max(100, 'Search text can be at most 100 characters.').default(''),
      notContactedOnly: z.boolean().default(false),
      ...listFields(FOLLOW_UP_SORTS, 'lastMissed', 'desc'),
    }),
    access: 'registers.take',
    summary: 'One page of the follow-up list, searched by name, reference or course and sorted by a column.',
  }),
  'registers.recordFollowUp': method<FollowUpContact>()({ kind: 'write',
    input: z.object({
      studentId: id,
      courseRunId: id,
      contactedOn: lifeDate('date of the contact'),
      outcome: z
        .string({ error: 'Please say briefly how the contact went.' })
        .trim()
        .min(1, 'Please say briefly how the contact went.')
        .max(1000, 'The outcome can be at most 1000 characters.'),
    }),
    access: 'registers.take',
    summary: 'Record that someone got in touch with a student after missed sessions.',
    refuses: ['record.not-found'],
  }),
  'registers.runAttendance': method<RunAttendance>()({ kind: 'read',
    input: z.object({ courseRunId: id }),
    access: 'schedule.read',
    summary: 'Attendance figures for a course run: sessions held, each student’s attendance rate and completion.',
    refuses: ['record.not-found'],
  }),
  'registers.studentAttendance': method<StudentAttendance>()({ kind: 'read',
    input: z.object({ studentId: id }),
    access: 'students.read',
    summary: 'A student’s attendance and completion on each course run.',
    refuses: ['record.not-found'],
  }),
} satisfies Record<string, MethodSpec>;
