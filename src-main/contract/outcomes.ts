// Outcomes: wellbeing questionnaires (SWEMWBS/WEMWBS, item by item), destinations and anonymous satisfaction forms.
// Scoring lives here so the entry form shows exactly the score the core stores.
import { z } from 'zod';
import { listFields, type ListPage } from './lists';
import { businessDate, id, lifeDate, method, reason, type MethodSpec } from './define';

export const WELLBEING_SCALE_ITEMS = { SWEMWBS: 7, WEMWBS: 14 } as const;
export type WellbeingScale = keyof typeof WELLBEING_SCALE_ITEMS;

export const QUESTIONNAIRE_TIMEPOINTS = {
  baseline: 'Baseline (enrolment on a first course)',
  end: 'End of course',
  '3m': '3 months after the course',
  '6m': '6 months after the course',
} as const;
export type QuestionnaireTimepoint = keyof typeof QUESTIONNAIRE_TIMEPOINTS;

export const DESTINATION_KINDS = {
  paid_work_started: 'Started paid work',
  paid_work_kept: 'Kept paid work',
  education_started: 'Started education or training',
  volunteering_started: 'Started volunteering',
} as const;
export type DestinationKind = keyof typeof DESTINATION_KINDS;

/**
 * SWEMWBS raw total (7–35) → metric score, from the published conversion table
 * (copied from the product folder's swemwbs-metric.csv). Index = raw score − 7.
 */
export const SWEMWBS_METRIC: readonly number[] = [
  7.0, 9.51, 11.25, 12.4, 13.33, 14.08, 14.75, 15.32, 15.84, 16.36, 16.88, 17.43, 17.98, 18.59, 19.25, 19.98, 20.73, 21.54, 22.35,
  23.21, 24.11, 25.03, 26.02, 27.03, 28.13, 29.31, 30.7, 32.55, 35.0,
];

/** The metric score for a SWEMWBS raw total; throws for a total outside 7–35. */
export function swemwbsMetric(raw: number): number {
  if (!Number.isInteger(raw) || raw < 7 || raw > 35) throw new RangeError(`A SWEMWBS raw score is a whole number from 7 to 35, not ${raw}.`);
  return SWEMWBS_METRIC[raw - 7];
}

export interface QuestionnaireScore {
  complete: boolean;
  /** Sum of the items; null when any item is missing. */
  raw: number | null;
  /** What is reported: SWEMWBS metric score or WEMWBS raw total; null when incomplete. */
  score: number | null;
}

/** Scores a questionnaire. A missing item makes it incomplete: no score is guessed. */
export function scoreQuestionnaire(scale: WellbeingScale, items: readonly (number | null)[]): QuestionnaireScore {
  if (items.length !== WELLBEING_SCALE_ITEMS[scale] || items.some((i) => i === null)) return { complete: false, raw: null, score: null };
  const raw = (items as number[]).reduce((a, b) => a + b, 0);
  return { complete: true, raw, score: scale === 'SWEMWBS' ? swemwbsMetric(raw) : raw };
}

const item = z
  .number({ error: 'Each answer is a number from 1 to 5, or left blank.' })
  .int('Each answer is a whole number from 1 to 5.')
  .min(1, 'Each answer is from 1 to 5.')
  .max(5, 'Each answer is from 1 to 5.')
  .nullable();

const pastDate = lifeDate;

export const questionnaireFieldsSchema = z
  .object({
    studentId: id,
    courseRunId: id.nullish().transform((v) => v ?? null),
    scale: z.enum(['SWEMWBS', 'WEMWBS'], { error: 'Please choose SWEMWBS or WEMWBS.' }),
    timepoint: z.enum(['baseline', 'end', '3m', '6m'], { error: 'Please choose when the questionnaire was answered.' }),
    completedOn: pastDate('date the questionnaire was answered'),
    items: z.array(item).min(7).max(14),
  })
  .superRefine((v, ctx) => {
    const n = WELLBEING_SCALE_ITEMS[v.scale];
    if (v.items.length !== n) ctx.addIssue({ code: 'custom', path: ['items'], message: `${v.scale} has ${n} questions; ${v.items.length} answers were given.` });
    if (v.timepoint !== 'baseline' && v.courseRunId === null) {
      ctx.addIssue({ code: 'custom', path: ['courseRunId'], message: 'Please choose the course this questionnaire follows.' });
    }
  });
export type QuestionnaireFields = z.output<typeof questionnaireFieldsSchema>;

export const destinationFieldsSchema = z.object({
  studentId: id,
  kind: z.enum(['paid_work_started', 'paid_work_kept', 'education_started', 'volunteering_started'], { error: 'Please choose what the student went on to do.' }),
  withCollege: z.boolean().default(false),
  onDate: pastDate('date'),
  notes: z
    .string()
    .trim()
    .max(500, 'Notes can be at most 500 characters.')
    .nullish()
    .transform((v) => v || null),
});

export const satisfactionFieldsSchema = z.object({
  courseRunId: id,
  // An anonymous form has no student to check the date against: a date of the college's own business (2000 on).
  receivedOn: businessDate('date the form was received'),
  rating: z.number().int().min(1, 'The rating is from 1 to 5.').max(5, 'The rating is from 1 to 5.').nullable(),
  wouldRecommend: z.boolean().nullable(),
  comment: z
    .string()
    .trim()
    .max(2000, 'A comment can be at most 2000 characters.')
    .nullish()
    .transform((v) => v || null),
});

export interface Questionnaire {
  id: number;
  studentId: number;
  courseRunId: number | null;
  courseTitle: string | null;
  scale: WellbeingScale;
  timepoint: QuestionnaireTimepoint;
  completedOn: string;
  items: (number | null)[];
  complete: boolean;
  rawScore: number | null;
  score: number | null;
  enteredBy: string;
  enteredAt: string;
  version: number;
}

export interface Destination {
  id: number;
  studentId: number;
  kind: DestinationKind;
  withCollege: boolean;
  onDate: string;
  notes: string | null;
  enteredBy: string;
  enteredAt: string;
}

export interface StudentCourseRun {
  courseRunId: number;
  courseTitle: string;
  termName: string;
  status: 'enrolled' | 'waiting' | 'withdrawn';
  firstSession: string | null;
  lastSession: string | null;
}

export interface StudentOutcomes {
  studentId: number;
  /** The college's chosen scale (settings), offered first on the form. */
  scale: WellbeingScale;
  questionnaires: Questionnaire[];
  destinations: Destination[];
  courseRuns: StudentCourseRun[];
}

export const QUESTIONNAIRE_DUE_SORTS = ['student', 'course', 'questionnaire', 'due'] as const;

export interface FollowUpDue {
  studentId: number;
  reference: string;
  name: string;
  courseRunId: number;
  courseTitle: string;
  timepoint: Exclude<QuestionnaireTimepoint, 'baseline'>;
  dueOn: string;
  overdue: boolean;
}

export interface CourseRunOption {
  courseRunId: number;
  courseTitle: string;
  termName: string;
  lastSession: string | null;
}

export interface SatisfactionResponse {
  id: number;
  receivedOn: string;
  rating: number | null;
  wouldRecommend: boolean | null;
  comment: string | null;
}

export interface SatisfactionSummary {
  courseRunId: number;
  courseTitle: string;
  responses: SatisfactionResponse[];
  meanRating: number | null;
  recommendPercent: number | null;
}

export const outcomeMethods = {
  'outcomes.forStudent': method<StudentOutcomes>()({ kind: 'read',
    input: z.object({ studentId: id }),
    access: 'outcomes.read',
    summary: 'A student’s questionnaires, destinations and course runs.',
    refuses: ['record.not-found'],
  }),
  'outcomes.recordQuestionnaire': method<Questionnaire>()({ kind: 'write',
    input: questionnaireFieldsSchema,
    access: 'outcomes.enter',
    summary: 'Enter a wellbeing questionnaire item by item; a blank answer stores it as incomplete.',
    refuses: ['questionnaire.already-entered', 'record.not-found'],
  }),
  'outcomes.correctQuestionnaire': method<Questionnaire>()({ kind: 'write',
    input: z.object({ id, version: z.number().int(), fields: questionnaireFieldsSchema }),
    access: 'outcomes.enter',
    summary: 'Correct a questionnaire typed in wrongly.',
    refuses: ['questionnaire.already-entered', 'record.changed', 'record.not-found'],
  }),
  'outcomes.deleteQuestionnaire': method<null>()({ kind: 'write',
    input: z.object({ id, reason }),
    access: 'outcomes.enter',
    summary: 'Remove a questionnaire entered for the wrong student or twice.',
    refuses: ['record.not-found'],
  }),
  'outcomes.recordDestination': method<Destination>()({ kind: 'write',
    input: destinationFieldsSchema,
    access: 'outcomes.enter',
    summary: 'Record that a student started or kept paid work, started education or training, or started volunteering.',
    refuses: ['record.not-found'],
  }),
  'outcomes.deleteDestination': method<null>()({ kind: 'write',
    input: z.object({ id, reason }),
    access: 'outcomes.enter',
    summary: 'Remove a destination recorded by mistake.',
    refuses: ['record.not-found'],
  }),
  'outcomes.followUpDue': method<FollowUpDue[]>()({ kind: 'read',
    input: z.object({}).strict(),
    access: 'outcomes.read',
    summary: 'Students whose end-of-course, 3-month or 6-month questionnaire is due or overdue.',
  }),
  'outcomes.questionnairesDue': method<ListPage<FollowUpDue>>()({ kind: 'read',
    input: z.object({
      query: z.string().trim().max(100, 'Search text can be at most 100 characters.').default(''),
      overdueOnly: z.boolean().default(false),
      ...listFields(QUESTIONNAIRE_DUE_SORTS, 'due'),
    }),
    access: 'outcomes.read',
    summary: 'One page of the questionnaires due or overdue, searched by student or course and sorted by a column.',
  }),
  'outcomes.courseRunOptions': method<CourseRunOption[]>()({ kind: 'read',
    input: z.object({ query: z.string().max(100).default('') }),
    access: 'outcomes.read',
    summary: 'Course runs to choose from when entering satisfaction forms.',
  }),
  'outcomes.recordSatisfaction': method<SatisfactionResponse>()({ kind: 'write',
    input: satisfactionFieldsSchema,
    access: 'outcomes.enter',
    summary: 'Enter an anonymous course satisfaction form (never linked to a student).',
  }),
  'outcomes.satisfactionForRun': method<SatisfactionSummary>()({ kind: 'read',
    input: z.object({ courseRunId: id }),
    access: 'outcomes.read',
    summary: 'The satisfaction forms entered for one course run.',
  }),
} satisfies Record<string, MethodSpec>;
