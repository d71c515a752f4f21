// Courses, terms, rooms, facilitators, course runs, sessions and enrolment: shapes, schemas and the `scheduling.*` methods.
import { z } from 'zod';
import { listFields, type ListPage } from './lists';
import { codeKeys } from './codes';
import { id, method, reason, timetableDate, type ExportedFile, type MethodSpec } from './define';

// ── shared pieces ───────────────────────────────────────────────

const text = (label: string, max: number) =>
  z
    .string({ error: `${label} must be text.` })
    .trim()
    .max(max, `${label} can be at most ${max} characters.`);
const requiredText = (label: string, max: number) => text(label, max).min(1, `Please enter the ${label.toLowerCase()}.`);
const optionalText = (label: string, max: number) =>
  text(label, max)
    .nullish()
    .transform((v) => (v ? v : null));

/** A real calendar date `YYYY-MM-DD` on the timetable (2000–2100). */
export const realDate = timetableDate;

/** A wall-clock time `HH:MM` (24-hour), Europe/London. */
export const clockTime = (label: string) =>
  z
    .string({ error: `Please enter the ${label}.` })
    .trim()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, `Please enter the ${label} as hours and minutes, like 10:00 or 13:30.`);

const capacity = z
  .number({ error: 'Please enter a capacity (number of places).' })
  .int('A capacity is a whole number of places.')
  .min(1, 'A capacity must be at least 1 place.')
  .max(500, 'A capacity can be at most 500 places.');

const minutes = z
  .number({ error: 'Please enter the session length in minutes.' })
  .int('Please give the session length in whole minutes.')
  .min(15, 'A session must last at least 15 minutes.')
  .max(600, 'A session can last at most 10 hours.');

/** Student clash is a warning: the caller repeats the call with this set once an admin has confirmed. */
const confirmStudentClash = z.boolean().default(false);

export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

export const FACILITATOR_KINDS = { staff: 'Staff', peer_trainer: 'Peer trainer', volunteer: 'Volunteer' } as const;
export type FacilitatorKind = keyof typeof FACILITATOR_KINDS;

// ── schemas ─────────────────────────────────────────────────────

export const courseFieldsSchema = z.object({
  title: requiredText('Course title', 200),
  description: optionalText('Description', 4000),
  category: optionalText('Category', 100),
  sessionsCount: z
    .number({ error: 'Please enter how many sessions the course has.' })
    .int('The number of sessions is a whole number.')
    .min(1, 'A course needs at least 1 session.')
    .max(52, 'A course can have at most 52 sessions.'),
  defaultSessionMinutes: minutes,
  defaultCapacity: capacity,
  coProduced: z.boolean().default(true),
  peerTraining: z.boolean().default(false),
});

export const termFieldsSchema = z
  .object({ name: requiredText('Term name', 100), startsOn: realDate('start date'), endsOn: realDate('end date') })
  .refine((t) => t.endsOn >= t.startsOn, { path: ['endsOn'], message: 'The term cannot end before it starts.' });

export const closureFieldsSchema = z
  .object({
    /** null: a college-wide closure that applies to every term (Christmas). */
    termId: id.nullable().default(null),
    startsOn: realDate('first closed date'),
    endsOn: realDate('last closed date'),
    description: requiredText('Description', 200),
  })
  .refine((c) => c.endsOn >= c.startsOn, { path: ['endsOn'], message: 'A closure cannot end before it starts.' });

export const venueFieldsSchema = z.object({
  name: requiredText('Venue name', 200),
  address: optionalText('Address', 500),
  accessibilityNotes: optionalText('Accessibility notes', 2000),
  active: z.boolean().default(true),
});

export const roomFieldsSchema = z.object({
  venueId: id,
  name: requiredText('Room name', 200),
  capacity,
  accessibilityNotes: optionalText('Accessibility notes', 2000),
  active: z.boolean().default(true),
});

export const facilitatorFieldsSchema = z.object({
  firstName: requiredText('First name', 100),
  surname: requiredText('Surname', 100),
  kind: z.enum(['staff', 'peer_trainer', 'volunteer'], { error: 'Please choose staff, peer trainer or volunteer.' }),
  email: optionalText('Email', 200).refine((v) => v === null || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), 'Please enter an email address like name@example.org, or leave it blank.'),
  phone: optionalText('Phone', 30).refine((v) => v === null || /^[+\d][\d\s()-]{5,}$/.test(v), 'Please enter a phone number using digits, spaces and an optional leading +.'),
  /** A peer trainer who is (or was) a student: link the records instead of typing the person twice. */
  studentId: id.nullable().default(null),
  active: z.boolean().default(true),
  notes: optionalText('Notes', 2000),
});

export const runFieldsSchema = z.object({
  courseId: id,
  termId: id,
  venueId: id,
  roomId: id.nullable().default(null),
  /** Default: the course's default capacity. */
  capacity: capacity.optional(),
  notes: optionalText('Notes', 2000),
});

export const runUpdateSchema = z.object({
  id,
  venueId: id,
  roomId: id.nullable(),
  capacity,
  notes: optionalText('Notes', 2000),
  confirmStudentClash,
});

export const facilitatorsAssignmentSchema = z
  .object({
    runId: id,
    leadId: id.nullable(),
    coIds: z.array(id).max(10, 'A course run can have at most 10 co-facilitators.').default([]),
  })
  .refine((a) => a.leadId === null || !a.coIds.includes(a.leadId), { path: ['coIds'], message: 'The lead facilitator is already on the team; choose someone else as co-facilitator.' })
  .refine((a) => new Set(a.coIds).size === a.coIds.length, { path: ['coIds'], message: 'A co-facilitator is listed twice.' });

export const patternSchema = z.object({
  /** 1 = Monday … 7 = Sunday (ISO weekday). */
  weekday: z.number({ error: 'Please choose a day of the week.' }).int().min(1, 'Please choose a day of the week.').max(7, 'Please choose a day of the week.'),
  startTime: clockTime('start time'),
  lengthMinutes: minutes,
  count: z
    .number({ error: 'Please enter how many sessions to create.' })
    .int('The number of sessions is a whole number.')
    .min(1, 'Please ask for at least 1 session: a pattern must produce at least one.')
    .max(52, 'At most 52 sessions can be created at once.'),
  /** Sessions start on the first chosen weekday on or after this date. */
  firstDate: realDate('first date'),
});

export const sessionTimesSchema = z
  .object({ date: realDate('session date'), startTime: clockTime('start time'), endTime: clockTime('end time') })
  .refine((s) => s.endTime > s.startTime, { path: ['endTime'], message: 'The session must end after it starts (on the same day).' });

export const weekFilterSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('all') }),
    z.object({ kind: z.literal('room'), roomId: id }),
    z.object({ kind: z.literal('facilitator'), facilitatorId: id }),
  ])
  .default({ kind: 'all' });

// ── results ─────────────────────────────────────────────────────

export interface Course {
  id: number;
  title: string;
  description: string | null;
  category: string | null;
  sessionsCount: number;
  defaultSessionMinutes: number;
  defaultCapacity: number;
  coProduced: boolean;
  peerTraining: boolean;
  retiredAt: string | null;
  /** Number of course runs; a course with runs can be retired but never deleted. */
  runCount: number;
}

export interface Closure {
  id: number;
  termId: number | null;
  startsOn: string;
  endsOn: string;
  description: string;
}

export interface Term {
  id: number;
  name: string;
  startsOn: string;
  endsOn: string;
  runCount: number;
}

export interface TermDetail extends Term {
  /** This term's closures and the college-wide closures that fall inside it. */
  closures: Closure[];
  /** Bank holidays inside the term. */
  bankHolidays: BankHoliday[];
}

export interface BankHoliday {
  date: string;
  name: string;
}

export interface Room {
  id: number;
  venueId: number;
  venueName: string;
  name: string;
  capacity: number;
  accessibilityNotes: string | null;
  active: boolean;
}

export interface Venue {
  id: number;
  name: string;
  address: string | null;
  accessibilityNotes: string | null;
  active: boolean;
  rooms: Room[];
}

export interface Facilitator {
  id: number;
  firstName: string;
  surname: string;
  name: string;
  kind: FacilitatorKind;
  email: string | null;
  phone: string | null;
  studentId: number | null;
  /** The linked student's reference (RC-000123) when there is one. */
  studentReference: string | null;
  active: boolean;
  notes: string | null;
}

export interface RunFacilitator {
  id: number;
  name: string;
  kind: FacilitatorKind;
  role: 'lead' | 'co';
}

export interface RunSummary {
  id: number;
  courseId: number;
  courseTitle: string;
  termId: number;
  termName: string;
  venueId: number;
  venueName: string;
  roomId: number | null;
  roomName: string | null;
  capacity: number;
  enrolledCount: number;
  waitingCount: number;
  sessionCount: number;
  firstDate: string | null;
  lastDate: string | null;
  facilitators: RunFacilitator[];
  /** Co-delivery standard: at least one peer trainer plus one other facilitator. Shown, never enforced. */
  meetsCoDelivery: boolean;
  cancelledAt: string | null;
  notes: string | null;
}

/** Which runs need a coordinator's attention: no co-delivery team yet, or starting soon below the minimum enrolment. */
export const RUN_NEEDS = ['team', 'enrolment'] as const;
export type RunNeed = (typeof RUN_NEEDS)[number];
/** "Starting soon": the first session is within this many days from today. */
export const STARTING_SOON_DAYS = 14;

export interface RunsNeedingAttention {
  need: RunNeed;
  /** The college's minimum enrolment setting (for `enrolment`). */
  minimumEnrolment: number;
  runs: RunSummary[];
}

export interface Session {
  id: number;
  courseRunId: number;
  courseTitle: string;
  roomId: number | null;
  roomName: string | null;
  venueName: string;
  date: string;
  /** Europe/London wall-clock `HH:MM`. */
  startTime: string;
  endTime: string;
  startsAt: string;
  endsAt: string;
  status: 'scheduled' | 'cancelled';
  cancelReason: string | null;
}

/** Why a student withdrew (ILR-style, short list); the free-text reason is kept beside it. */
export const WITHDRAW_REASONS = {
  health: 'Health or wellbeing',
  personal: 'Personal or family reasons',
  moved_away: 'Moved away',
  work_or_study: 'Started work or other study',
  course_not_right: 'The course was not right for them',
  no_contact: 'Stopped coming; no contact',
  other: 'Other',
} as const;
export type WithdrawReasonCode = keyof typeof WITHDRAW_REASONS;

export interface EnrolmentRow {
  id: number;
  studentId: number;
  reference: string;
  name: string;
  status: 'enrolled' | 'waiting' | 'withdrawn';
  enrolledOn: string | null;
  waitingSince: string | null;
  /** 1-based place on the waiting list (waiting students only). */
  waitingPosition: number | null;
  promotedAt: string | null;
  withdrawnOn: string | null;
  withdrawReason: string | null;
  withdrawReasonCode: WithdrawReasonCode | null;
  joinedBy: 'enrolment' | 'waiting_list' | 'drop_in';
  /** The agreed break in force, if any. */
  onBreakSince: string | null;
}

export interface RunDetail extends RunSummary {
  courseDescription: string | null;
  termStartsOn: string;
  termEndsOn: string;
  sessions: Session[];
  enrolled: EnrolmentRow[];
  waiting: EnrolmentRow[];
  withdrawn: EnrolmentRow[];
}

export interface PromotedStudent {
  studentId: number;
  reference: string;
  name: string;
}

export interface SkippedDate {
  date: string;
  /** Plain words: "Early May bank holiday", "Closed: half-term". */
  reason: string;
}

export interface GenerateResult {
  /** The sessions created (or, in a preview, that would be created). */
  sessions: { date: string; startTime: string; endTime: string }[];
  skipped: SkippedDate[];
  preview: boolean;
}

/** Details sent with NEEDS_CONFIRMATION when students would be in two overlapping sessions. */
export interface StudentClash {
  studentId: number;
  studentName: string;
  date: string;
  /** The other session, described for people: "Living Well with Anxiety, 3 Mar 2026, 10:00–12:00". */
  otherSession: string;
}

export interface EnrolResult {
  enrolment: EnrolmentRow;
  /** `waiting` when the run was full. */
  status: 'enrolled' | 'waiting';
}

export interface WithdrawResult {
  enrolment: EnrolmentRow;
  promoted: PromotedStudent[];
}

export interface RunUpdateResult {
  run: RunDetail;
  promoted: PromotedStudent[];
}

export interface TimetableSession extends Session {
  facilitators: { id: number; name: string; kind: FacilitatorKind }[];
  enrolledCount: number;
  capacity: number;
}

export interface TimetableView {
  from: string;
  to: string;
  sessions: TimetableSession[];
  /** Closures and bank holidays inside the range, so the view can grey those days out. */
  closedDays: SkippedDate[];
}

/** A session in the term view: the run's title, room and team are in `runs` (looked up by `courseRunId`). */
export interface TermSession {
  id: number;
  courseRunId: number;
  roomId: number | null;
  date: string;
  startTime: string;
  endTime: string;
  status: 'scheduled' | 'cancelled';
}

export interface TermView {
  term: TermDetail;
  runs: RunSummary[];
  sessions: TermSession[];
  closedDays: SkippedDate[];
}

export interface StudentCourse {
  runId: number;
  courseTitle: string;
  termName: string;
  status: 'enrolled' | 'waiting' | 'withdrawn';
  firstDate: string | null;
  lastDate: string | null;
  /** `past` once the run's last session date has gone by. */
  when: 'past' | 'current' | 'future';
  enrolledOn: string | null;
  withdrawnOn: string | null;
  withdrawReason: string | null;
  withdrawReasonCode: WithdrawReasonCode | null;
  onBreakSince: string | null;
}

// ── list pages: the sortable columns of each (the core maps each to its SQL column) ──
export const COURSE_SORTS = ['title', 'category', 'sessions', 'places', 'runs'] as const;
export const VENUE_SORTS = ['name', 'address', 'rooms'] as const;
export const FACILITATOR_SORTS = ['surname', 'kind', 'email'] as const;
export const RUN_SORTS = ['term', 'course', 'venue', 'starts', 'enrolled'] as const;
const listSearch = z.string().trim().max(100, 'Search text can be at most 100 characters.').default('');

// ── methods ─────────────────────────────────────────────────────

export const schedulingMethods = {
  // catalogue
  'scheduling.listCourses': method<Course[]>()({ kind: 'read',
    input: z.object({ includeRetired: z.boolean().default(false) }),
    access: 'schedule.read',
    summary: 'The course catalogue, by title.',
  }),
  'scheduling.coursesPage': method<ListPage<Course>>()({ kind: 'read',
    input: z.object({ query: listSearch, includeRetired: z.boolean().default(false), ...listFields(COURSE_SORTS, 'title') }),
    access: 'schedule.read',
    summary: 'One page of the course catalogue, searched by title or category and sorted by a column.',
  }),
  'scheduling.createCourse': method<Course>()({ kind: 'write', input: courseFieldsSchema, access: 'schedule.plan', summary: 'Add a course to the catalogue.', refuses: ['record.not-found'] }),
  'scheduling.updateCourse': method<Course>()({ kind: 'write', input: z.object({ id, fields: courseFieldsSchema }), access: 'schedule.plan', summary: 'Change a course.', refuses: ['record.not-found'] }),
  'scheduling.retireCourse': method<Course>()({ kind: 'write',
    input: z.object({ id, retired: z.boolean() }),
    access: 'schedule.plan',
    summary: 'Retire a course (kept with its history, no new runs) or bring it back.',
    refuses: ['record.not-found'],
  }),
  'scheduling.deleteCourse': method<null>()({ kind: 'write', input: z.object({ id }), access: 'schedule.plan', summary: 'Delete a course that was never run (otherwise retire it).', refuses: ['course.offered', 'record.not-found'] }),

  // terms, closures, bank holidays
  'scheduling.listTerms': method<Term[]>()({ kind: 'read', input: z.object({}), access: 'schedule.read', summary: 'All terms, newest first.' }),
  'scheduling.getTerm': method<TermDetail>()({ kind: 'read', input: z.object({ id }), access: 'schedule.read', summary: 'A term with its closures and bank holidays.', refuses: ['record.not-found'] }),
  'scheduling.createTerm': method<TermDetail>()({ kind: 'write', input: termFieldsSchema, access: 'schedule.plan', summary: 'Add a term.', refuses: ['record.not-found'] }),
  'scheduling.updateTerm': method<TermDetail>()({ kind: 'write',
    input: z.object({ id, fields: termFieldsSchema }),
    access: 'schedule.plan',
    summary: 'Rename a term or change its dates (never leaving sessions outside it).',
    refuses: ['record.not-found'],
  }),
  'scheduling.listClosures': method<Closure[]>()({ kind: 'read',
    input: z.object({ termId: id.nullable().optional() }),
    access: 'schedule.read',
    summary: 'Closures: one term’s, the college-wide ones (termId null), or all.',
  }),
  'scheduling.addClosure': method<Closure>()({ kind: 'write', input: closureFieldsSchema, access: 'schedule.plan', summary: 'Close the college (or one term) for a date range.' }),
  'scheduling.removeClosure': method<null>()({ kind: 'write', input: z.object({ id }), access: 'schedule.plan', summary: 'Remove a closure.', refuses: ['record.not-found'] }),
  'scheduling.listBankHolidays': method<BankHoliday[]>()({ kind: 'read',
    input: z.object({ year: z.number().int().min(2000).max(2100).optional() }),
    access: 'schedule.read',
    summary: 'England and Wales bank holidays (editable).',
  }),
  'scheduling.addBankHoliday': method<BankHoliday>()({ kind: 'write',
    input: z.object({ date: realDate('date'), name: requiredText('Name', 100) }),
    access: 'schedule.plan',
    summary: 'Add (or rename) a bank holiday.',
  }),
  'scheduling.removeBankHoliday': method<null>()({ kind: 'write', input: z.object({ date: realDate('date') }), access: 'schedule.plan', summary: 'Remove a bank holiday.', refuses: ['record.not-found'] }),

  // venues and rooms
  'scheduling.listVenues': method<Venue[]>()({ kind: 'read',
    input: z.object({ includeInactive: z.boolean().default(false) }),
    access: 'schedule.read',
    summary: 'Venues with their rooms.',
  }),
  'scheduling.venuesPage': method<ListPage<Venue>>()({ kind: 'read',
    input: z.object({ query: listSearch, includeInactive: z.boolean().default(false), ...listFields(VENUE_SORTS, 'name') }),
    access: 'schedule.read',
    summary: 'One page of venues with their rooms, searched by name or address and sorted by a column.',
  }),
  'scheduling.createVenue': method<Venue>()({ kind: 'write', input: venueFieldsSchema, access: 'schedule.plan', summary: 'Add a venue.', refuses: ['record.not-found'] }),
  'scheduling.updateVenue': method<Venue>()({ kind: 'write', input: z.object({ id, fields: venueFieldsSchema }), access: 'schedule.plan', summary: 'Change a venue.', refuses: ['record.not-found'] }),
  'scheduling.createRoom': method<Room>()({ kind: 'write', input: roomFieldsSchema, access: 'schedule.plan', summary: 'Add a room to a venue.', refuses: ['record.not-found'] }),
  'scheduling.updateRoom': method<Room>()({ kind: 'write', input: z.object({ id, fields: roomFieldsSchema }), access: 'schedule.plan', summary: 'Change a room.', refuses: ['record.not-found'] }),

  // facilitators
  'scheduling.listFacilitators': method<Facilitator[]>()({ kind: 'read',
    input: z.object({ includeInactive: z.boolean().default(false) }),
    access: 'schedule.read',
    summary: 'Staff, peer trainers and volunteers who facilitate.',
  }),
  'scheduling.facilitatorsPage': method<ListPage<Facilitator>>()({ kind: 'read',
    input: z.object({ query: listSearch, kind: z.enum(codeKeys(FACILITATOR_KINDS)).optional(), includeInactive: z.boolean().default(false), ...listFields(FACILITATOR_SORTS, 'surname') }),
    access: 'schedule.read',
    summary: 'One page of facilitators, searched by name, email or phone and sorted by a column.',
  }),
  'scheduling.createFacilitator': method<Facilitator>()({ kind: 'write', input: facilitatorFieldsSchema, access: 'schedule.plan', summary: 'Add a facilitator.', refuses: ['record.not-found'] }),
  'scheduling.updateFacilitator': method<Facilitator>()({ kind: 'write',
    input: z.object({ id, fields: facilitatorFieldsSchema }),
    access: 'schedule.plan',
    summary: 'Change a facilitator.',
    refuses: ['record.not-found'],
  }),

  // course runs
  'scheduling.listRuns': method<ListPage<RunSummary>>()({ kind: 'read',
    input: z.object({
      query: listSearch,
      termId: id.optional(),
      courseId: id.optional(),
      venueId: id.optional(),
      includeCancelled: z.boolean().default(false),
      ...listFields(RUN_SORTS, 'term', 'desc'),
    }),
    access: 'schedule.read',
    summary: 'One page of course runs, searched by course title, filtered by term, course or venue, and sorted by a column.',
  }),
  'scheduling.runsNeedingAttention': method<RunsNeedingAttention>()({ kind: 'read',
    input: z.object({ need: z.enum(RUN_NEEDS, { error: 'Please choose which runs to list.' }) }),
    access: 'schedule.read',
    summary: 'Runs still to come that lack the co-delivery team, or that start soon with fewer students than the minimum enrolment.',
  }),
  'scheduling.getRun': method<RunDetail>()({ kind: 'read',
    input: z.object({ id }),
    access: 'schedule.read',
    summary: 'A course run’s page: sessions, facilitators, enrolled and waiting students.',
    refuses: ['record.not-found'],
  }),
  'scheduling.createRun': method<RunDetail>()({ kind: 'write', input: runFieldsSchema, access: 'schedule.plan', summary: 'Offer a course in a term at a venue.', refuses: ['record.not-found'] }),
  'scheduling.updateRun': method<RunUpdateResult>()({ kind: 'write',
    input: runUpdateSchema,
    access: 'schedule.plan',
    summary: 'Change a run’s venue, room, capacity or notes (raising capacity promotes waiting students).',
    refuses: ['record.not-found', 'run.cancelled', 'schedule.facilitator-busy', 'schedule.room-booked', 'schedule.student-clash'],
  }),
  'scheduling.setRunFacilitators': method<RunDetail>()({ kind: 'write',
    input: facilitatorsAssignmentSchema,
    access: 'schedule.plan',
    summary: 'Set a run’s lead and co-facilitators (checked for clashes).',
    refuses: ['record.not-found', 'run.cancelled', 'schedule.facilitator-busy', 'schedule.room-booked', 'schedule.student-clash'],
  }),
  'scheduling.cancelRun': method<RunDetail>()({ kind: 'write',
    input: z.object({ id, reason }),
    access: 'schedule.plan',
    summary: 'Cancel a whole course run: its sessions still to come are cancelled with the reason.',
    refuses: ['record.not-found', 'run.cancelled'],
  }),

  // sessions
  'scheduling.generateSessions': method<GenerateResult>()({ kind: 'write',
    input: z.object({ runId: id, pattern: patternSchema, preview: z.boolean().default(false), confirmStudentClash }),
    access: 'schedule.plan',
    summary: 'Create a run’s sessions from a weekly pattern, skipping closures and bank holidays.',
    refuses: ['record.not-found', 'run.cancelled', 'schedule.facilitator-busy', 'schedule.room-booked', 'schedule.student-clash'],
  }),
  'scheduling.addSession': method<Session>()({ kind: 'write',
    input: z.object({ runId: id, times: sessionTimesSchema, roomId: id.nullable().optional(), confirmStudentClash }),
    access: 'schedule.plan',
    summary: 'Add one session to a run.',
    refuses: ['record.not-found', 'run.cancelled', 'schedule.facilitator-busy', 'schedule.room-booked', 'schedule.student-clash'],
  }),
  'scheduling.moveSession': method<Session>()({ kind: 'write',
    input: z.object({ id, times: sessionTimesSchema, roomId: id.nullable().optional(), confirmStudentClash }),
    access: 'schedule.plan',
    summary: 'Move one session to another date, time or room.',
    refuses: ['record.not-found', 'run.cancelled', 'schedule.facilitator-busy', 'schedule.room-booked', 'schedule.student-clash', 'session.cancelled'],
  }),
  'scheduling.cancelSession': method<Session>()({ kind: 'write', input: z.object({ id, reason }), access: 'schedule.plan', summary: 'Cancel one session, with a reason.', refuses: ['record.not-found', 'session.cancelled'] }),
  'scheduling.reinstateSession': method<Session>()({ kind: 'write',
    input: z.object({ id, confirmStudentClash }),
    access: 'schedule.plan',
    summary: 'Undo a session’s cancellation (checked for clashes again).',
    refuses: ['record.not-found', 'run.cancelled', 'schedule.facilitator-busy', 'schedule.room-booked', 'schedule.student-clash', 'session.not-cancelled'],
  }),

  // enrolment
  'scheduling.enrol': method<EnrolResult>()({ kind: 'write',
    input: z.object({ runId: id, studentId: id, confirmStudentClash }),
    access: 'enrolment.manage',
    summary: 'Enrol a student on a course run, or put them on its waiting list when it is full.',
    refuses: ['enrolment.already-enrolled', 'enrolment.already-waiting', 'record.not-found', 'run.cancelled', 'schedule.facilitator-busy', 'schedule.room-booked', 'schedule.student-clash', 'student.archived'],
  }),
  'scheduling.withdraw': method<WithdrawResult>()({
    kind: 'write',
    input: z.object({
      runId: id,
      studentId: id,
      reason,
      reasonCode: z.enum(Object.keys(WITHDRAW_REASONS) as [WithdrawReasonCode, ...WithdrawReasonCode[]], { error: 'Please choose why the student is leaving.' }).default('other'),
    }),
    access: 'enrolment.manage',
    summary: 'Withdraw a student (or take them off the waiting list); the next waiting student is promoted.',
    refuses: ['enrolment.not-enrolled', 'record.not-found'],
  }),
  'scheduling.startBreak': method<EnrolmentRow>()({
    kind: 'write',
    input: z.object({ runId: id, studentId: id, reason }),
    access: 'enrolment.manage',
    summary: 'Record an agreed break in a student’s place from today: sessions during it do not count against them.',
    refuses: ['enrolment.not-enrolled', 'enrolment.on-break', 'record.not-found'],
  }),
  'scheduling.resumeFromBreak': method<EnrolmentRow>()({
    kind: 'write',
    input: z.object({ runId: id, studentId: id }),
    access: 'enrolment.manage',
    summary: 'The student is back from their agreed break: sessions count for them again from today.',
    refuses: ['enrolment.not-on-break', 'record.not-found'],
  }),
  'scheduling.studentCourses': method<StudentCourse[]>()({ kind: 'read',
    input: z.object({ studentId: id }),
    access: 'schedule.read',
    summary: 'A student’s courses, past and present.',
    refuses: ['record.not-found'],
  }),

  // views and calendar export
  'scheduling.week': method<TimetableView>()({ kind: 'read',
    input: z
      .object({ from: realDate('first date'), to: realDate('last date'), filter: weekFilterSchema })
      .refine((w) => w.to >= w.from, { path: ['to'], message: 'The last date cannot be before the first.' }),
    access: 'schedule.read',
    summary: 'Sessions between two dates (a week, usually), for all rooms, one room or one facilitator.',
    refuses: ['record.not-found'],
  }),
  'scheduling.termView': method<TermView>()({ kind: 'read',
    input: z.object({ termId: id, filter: weekFilterSchema }),
    access: 'schedule.read',
    summary: 'A whole term’s runs and sessions, for all rooms, one room or one facilitator.',
    refuses: ['record.not-found'],
  }),
  'scheduling.exportRunIcs': method<ExportedFile>()({ kind: 'read',
    input: z.object({ runId: id }),
    access: 'schedule.read',
    summary: 'A calendar file (.ics) of a course run’s sessions.',
    refuses: ['record.not-found'],
  }),
  'scheduling.exportFacilitatorIcs': method<ExportedFile>()({ kind: 'read',
    input: z.object({ facilitatorId: id, from: realDate('first date').optional(), to: realDate('last date').optional() }),
    access: 'schedule.read',
    summary: 'A calendar file (.ics) of every session a facilitator is down to deliver.',
    refuses: ['record.not-found'],
  }),
} satisfies Record<string, MethodSpec>;
