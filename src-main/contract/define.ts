// How a contract method is declared: input schema, access, a one-line summary, and (as a phantom) its result type.
import { z } from 'zod';
import { collegeToday, isIsoDate, isWithinTimetableYears, TIMETABLE_YEARS } from './dates';
import type { Access } from './permissions';
import type { SpecificReason } from './refusals';

/**
 * A `read` method gets a read-only database handle; a `write` method runs inside one transaction that
 * `Core.call` opens and commits together with the method's audit rows (or rolls back, leaving nothing changed).
 */
export type MethodKind = 'read' | 'write';

export interface MethodSpec<I extends z.ZodType = z.ZodType, R = unknown, K extends MethodKind = MethodKind> {
  kind: K;
  input: I;
  access: Access;
  summary: string;
  /**
   * The specific reasons this method may refuse with (`refusals.ts`), beyond the universal ones any call may give
   * (invalid input, not signed in, locked, role, storage). `Core.call` refuses to pass on an undeclared reason.
   */
  refuses?: readonly SpecificReason[];
  /** Phantom: carries the result type; never set at run time. */
  readonly result?: R;
}

/** `method<Result>()({ kind, input, access, summary, refuses })` */
export const method =
  <R>() =>
  <I extends z.ZodType, K extends MethodKind>(spec: { kind: K; input: I; access: Access; summary: string; refuses?: readonly SpecificReason[] }): MethodSpec<I, R, K> =>
    spec;

/** Building blocks most methods share. */
export const id = z.number({ error: 'A record number is missing.' }).int().positive();
export const none = z.object({}).strict();
export const reason = z
  .string({ error: 'Please give a reason.' })
  .trim()
  .min(1, 'Please give a reason.')
  .max(500, 'A reason can be at most 500 characters.');

// ── dates: every date field in the contract is one of these, so none accepts 30 February ──
/** A real calendar date written `YYYY-MM-DD`: 2026-02-30 and 2026-02-31 are refused. */
export const realDate = (label = 'date') =>
  z
    .string({ error: `Please enter the ${label}.` })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `Please enter the ${label} as day, month and year.`)
    .refine(isIsoDate, `Please enter a real ${label} (day, month and year): that day does not exist.`);

/** Any real date (filters, look-ups). */
export const isoDate = realDate('date');

/** A date on the timetable — a session, a term, a closure, a bank holiday: real, and within 2000–2100. */
export const timetableDate = (label: string) =>
  realDate(label).refine(
    (d) => !isIsoDate(d) || isWithinTimetableYears(d),
    `Please check the year of the ${label}: the timetable runs from ${TIMETABLE_YEARS.from.slice(0, 4)} to ${TIMETABLE_YEARS.to.slice(0, 4)}.`,
  );

/** A date of the college's own business (expense lines, payments, rates): real, and from 2000 on. */
export const businessDate = (label: string) =>
  realDate(label).refine((d) => !isIsoDate(d) || isWithinTimetableYears(d), `Please check the year of the ${label}.`);

/** The earliest date of birth the college accepts: a year like 1066 or 1026 is a typing slip. */
export const EARLIEST_BIRTH_DATE = '1900-01-01';

/**
 * A student's date of birth, the one rule for a full record and a drop-in alike: real, not in the future, and not
 * before 1900.
 */
export const dateOfBirth = z
  .string({ error: 'Please enter the date of birth.' })
  .trim()
  .min(1, 'Please enter the date of birth.')
  .refine(isIsoDate, 'Please enter a real date of birth (day, month and year).')
  .refine((d) => !isIsoDate(d) || d <= collegeToday(), 'The date of birth cannot be in the future.')
  .refine((d) => !isIsoDate(d) || d >= EARLIEST_BIRTH_DATE, 'Please check the year of birth: it is before 1900.');

/**
 * A date in a student's life — a questionnaire, consent, a destination, a welfare contact: real here; the core checks
 * it is not before the student was born nor in the future (`core/students/life-dates.ts`), as only it knows both.
 */
export const lifeDate = (label: string) => realDate(label);
export const page = z.number().int().min(1).default(1);

/** A file produced by the core for the person to save (PDF, CSV, XLSX, ICS). */
export interface ExportedFile {
  suggestedName: string;
  mimeType: string;
  base64: string;
}
