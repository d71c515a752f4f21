// Search everything from one box (Ctrl+K): the kinds of record it finds, what each result carries, and the one method.
import { z } from 'zod';
import { method, type MethodSpec } from './define';
import type { Permission } from './permissions';

/** In the order the groups are shown. */
export const SEARCH_KINDS = ['student', 'run', 'course', 'claim', 'payee', 'facilitator', 'staff'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

/**
 * The permission a person needs for each kind to be searched at all: the same one that lets them open its list.
 * The core searches only the kinds the person holds; the others are never looked at, let alone returned.
 */
export const SEARCH_KIND_PERMISSION: Record<SearchKind, Permission> = {
  student: 'students.read',
  run: 'schedule.read',
  course: 'schedule.read',
  facilitator: 'schedule.read',
  claim: 'expenses.read',
  payee: 'expenses.read',
  staff: 'staff.manage',
};

/** Group headings, as staff read them. */
export const SEARCH_KIND_LABELS: Record<SearchKind, string> = {
  student: 'Students',
  run: 'Course runs',
  course: 'Courses',
  claim: 'Expense claims',
  payee: 'Payees',
  facilitator: 'Facilitators',
  staff: 'Staff accounts',
};

export interface SearchResult {
  kind: SearchKind;
  id: number;
  title: string;
  /** One short line that tells two similar results apart (a student's reference and date of birth; a run's term and venue). */
  subtitle: string;
  /** Where the result opens in the app (a renderer route, e.g. `/students/12`). */
  route: string;
}

export interface SearchGroup {
  kind: SearchKind;
  label: string;
  results: SearchResult[];
  /** More matched than the limit. */
  more: boolean;
  /** Where to see every match, when the area has a list that searches (students); else null. */
  moreRoute: string | null;
}

export interface SearchEverythingResult {
  /** Every kind that was searched for this person (their role allows it), whether or not it found anything. */
  searched: SearchKind[];
  /** Only kinds that found something, in `SEARCH_KINDS` order. */
  groups: SearchGroup[];
}

export const SEARCH_LIMIT_DEFAULT = 5;

/** The audit row's words for a search that looked at students: how many were shown, never what was typed. */
export function searchAuditSummary(r: SearchEverythingResult): string {
  const n = r.groups.find((g) => g.kind === 'student')?.results.length ?? 0;
  return `Search everywhere: ${n} ${n === 1 ? 'student' : 'students'} shown`;
}

export const searchEverythingSchema = z.object({
  query: z
    .string({ error: 'Please type something to search for.' })
    .trim()
    .min(1, 'Please type something to search for.')
    .max(100, 'Search text can be at most 100 characters.'),
  limit: z.number().int().min(1).max(20).default(SEARCH_LIMIT_DEFAULT),
});

export const searchMethods = {
  'search.everything': method<SearchEverythingResult>()({
    kind: 'read',
    input: searchEverythingSchema,
    access: 'signedIn',
    summary: 'Search students, course runs, courses, claims, payees, facilitators and staff at once: only the kinds the person’s role may see.',
  }),
} satisfies Record<string, MethodSpec>;
