// Search everything (Ctrl+K): each kind's look-up, run only for the kinds the person's role may see.
import { sql, type RawBuilder } from 'kysely';
import { formatDate } from '../../contract/dates';
import { CLAIM_STATUSES, PAYMENT_METHODS } from '../../contract/expenses';
import { roleCan, ROLE_LABELS } from '../../contract/permissions';
import { FACILITATOR_KINDS } from '../../contract/scheduling';
import {
  SEARCH_KIND_LABELS,
  SEARCH_KIND_PERMISSION,
  SEARCH_KINDS,
  type SearchEverythingResult,
  type SearchGroup,
  type SearchKind,
  type SearchResult,
} from '../../contract/search';
import type { SignedInStaff } from '../../contract/staff';
import type { Db } from '../api/handlers';
import { escapeLike, likeCaseless } from '../db/dialect';
import { searchStudents, toFtsQuery } from '../students/search';

/** The kinds this person may search: decided here, from the one permission table, never from what the screen asks for. */
export function searchableKinds(staff: Pick<SignedInStaff, 'role'>): SearchKind[] {
  return SEARCH_KINDS.filter((k) => roleCan(staff.role, SEARCH_KIND_PERMISSION[k]));
}

/** Words typed, lower-cased; each must appear somewhere in what a record is found by. */
function words(query: string): string[] {
  return query.toLowerCase().split(/\s+/).filter(Boolean);
}

/** Every word appears in the text (ignoring the case of ASCII letters, as SQLite's LIKE does, on both engines). */
function containsAll(db: Db, text: RawBuilder<string>, ws: string[]): RawBuilder<boolean> {
  return sql<boolean>`(${sql.join(
    ws.map((w) => likeCaseless(db, text, `%${escapeLike(w)}%`)),
    sql` AND `,
  )})`;
}

/** 0 when the name starts with the first word typed, 1 when one of its words does, 2 otherwise: best matches first. */
function rank(db: Db, name: RawBuilder<string>, ws: string[]): RawBuilder<number> {
  const w = escapeLike(ws[0] ?? '');
  return sql<number>`CASE WHEN ${likeCaseless(db, name, `${w}%`)} THEN 0 WHEN ${likeCaseless(db, name, `% ${w}%`)} THEN 1 ELSE 2 END`;
}

const line = (...parts: (string | null | undefined | false)[]) => parts.filter(Boolean).join(' · ');

interface Found {
  results: SearchResult[];
  more: boolean;
}

/** Takes the first `limit` of `limit + 1` rows read, noting whether there were more. */
function cut(results: SearchResult[], limit: number): Found {
  return { results: results.slice(0, limit), more: results.length > limit };
}

type Finder = (db: Db, query: string, limit: number) => Promise<Found & { moreRoute?: string }>;

/** Students: the students list's own search (FTS5 over names, reference, NHS number, phone), first page in its default order. */
export const findStudents: Finder = async (db, query, limit) => {
  // Text with no letters or digits ("--") would list every student on the students page; here it finds nobody.
  if (!toFtsQuery(query)) return { results: [], more: false };
  const page = await searchStudents(db, { query, page: 1, pageSize: limit, sort: 'surname', includeArchived: false });
  return {
    results: page.rows.map((s) => ({
      kind: 'student',
      id: s.id,
      title: `${s.firstName}${s.preferredName && s.preferredName !== s.firstName ? ` (${s.preferredName})` : ''} ${s.surname}`,
      subtitle: line(s.reference, `born ${formatDate(s.dateOfBirth)}`),
      route: `/students/${s.id}`,
    })),
    more: page.more || page.total > page.rows.length,
    moreRoute: `/students?q=${encodeURIComponent(query)}`,
  };
};

/**
 * Course runs by course title, term or venue ("anxiety spring"): each word must match one of the three. The words are
 * matched in the small tables (courses, terms, venues) and the runs then filtered by id, so the years of runs a college
 * builds up are not joined and compared as text on every key press. The newest terms first among equal matches.
 */
export const findRuns: Finder = async (db, query, limit) => {
  const ws = words(query);
  const like = (column: string, w: string) => likeCaseless(db, sql.ref(column), `%${escapeLike(w)}%`);
  const rows = await db
    .selectFrom('course_runs')
    .innerJoin('courses', 'courses.id', 'course_runs.course_id')
    .innerJoin('terms', 'terms.id', 'course_runs.term_id')
    .innerJoin('venues', 'venues.id', 'course_runs.venue_id')
    .where((eb) =>
      eb.and(
        ws.map((w) =>
          eb.or([
            eb('course_runs.course_id', 'in', db.selectFrom('courses').where(like('courses.title', w)).select('id')),
            eb('course_runs.term_id', 'in', db.selectFrom('terms').where(like('terms.name', w)).select('id')),
            eb('course_runs.venue_id', 'in', db.selectFrom('venues').where(like('venues.name', w)).select('id')),
          ]),
        ),
      ),
    )
    .select(['course_runs.id', 'courses.title', 'terms.name as term', 'venues.name as venue', 'course_runs.cancelled_at'])
    .orderBy(rank(db, sql`courses.title`, ws))
    .orderBy('terms.starts_on', 'desc')
    .orderBy('courses.title')
    .orderBy('course_runs.id')
    .limit(limit + 1)
    .execute();
  return cut(
    rows.map((r) => ({ kind: 'run', id: r.id, title: r.title, subtitle: line(r.term, r.venue, r.cancelled_at && 'Cancelled'), route: `/schedule/runs/${r.id}` })),
    limit,
  );
};

/** Courses in the catalogue by title; retired ones too (they are still looked up), after the ones on offer. */
export const findCourses: Finder = async (db, query, limit) => {
  const ws = words(query);
  const rows = await db
    .selectFrom('courses')
    .where(containsAll(db, sql`courses.title`, ws))
    .select(['id', 'title', 'category', 'sessions_count', 'retired_at'])
    .orderBy(rank(db, sql`courses.title`, ws))
    .orderBy(sql`retired_at IS NOT NULL`)
    .orderBy('title')
    .orderBy('id')
    .limit(limit + 1)
    .execute();
  return cut(
    rows.map((r) => ({
      kind: 'course',
      id: r.id,
      title: r.title,
      subtitle: line(r.category, `${r.sessions_count} ${r.sessions_count === 1 ? 'session' : 'sessions'}`, r.retired_at && 'Retired'),
      route: `/schedule/courses?show=${r.id}`,
    })),
    limit,
  );
};

/**
 * A claim reference as typed: `EXP-000123`, `exp-123`, `exp123` or just `123`. Returns the exact reference (numbers
 * padded as the counter pads them) and the prefix being typed, or null when the text cannot be a reference.
 */
export function claimReferenceQuery(query: string): { exact: string; prefix: string } | null {
  const m = /^(?:exp\s*-?\s*)?(\d{1,9})$/i.exec(query.trim());
  if (!m) return null;
  return { exact: `EXP-${m[1].padStart(6, '0')}`, prefix: `EXP-${m[1]}` };
}

/**
 * Claims by reference, or by their payee's name. Both go through an index — the reference's unique index (an exact
 * match and a range for the prefix being typed) and claims' (payee, status) index — so a college with years of claims
 * is not read end to end on every key press. Newest first.
 */
export const findClaims: Finder = async (db, query, limit) => {
  const ref = claimReferenceQuery(query);
  const ws = words(query);
  const payeeIds = db.selectFrom('payees').where(containsAll(db, sql`payees.name`, ws)).select('payees.id');
  const select = () =>
    db
      .selectFrom('claims')
      .innerJoin('payees', 'payees.id', 'claims.payee_id')
      .select(['claims.id', 'claims.reference', 'claims.status', 'claims.entered_at', 'payees.name as payee']);
  const byReference = ref
    ? await select()
        .where((eb) =>
          eb.or([
            eb('claims.reference', '=', ref.exact),
            eb.and([eb('claims.reference', '>=', ref.prefix), eb('claims.reference', '<', `${ref.prefix}\u{10FFFF}`)]),
          ]),
        )
        .orderBy(sql`claims.reference = ${ref.exact}`, 'desc')
        .orderBy('claims.id', 'desc')
        .limit(limit + 1)
        .execute()
    : [];
  const byPayee = await select().where('claims.payee_id', 'in', payeeIds).orderBy('claims.id', 'desc').limit(limit + 1).execute();
  const seen = new Set<number>();
  const rows = [...byReference, ...byPayee].filter((r) => !seen.has(r.id) && !!seen.add(r.id));
  return cut(
    rows.map((r) => ({
      kind: 'claim',
      id: r.id,
      title: `${r.reference} · ${r.payee}`,
      subtitle: line(CLAIM_STATUSES[r.status], `entered ${formatDate(r.entered_at)}`),
      route: `/expenses/claims/${r.id}`,
    })),
    limit,
  );
};

export const findPayees: Finder = async (db, query, limit) => {
  const ws = words(query);
  const rows = await db
    .selectFrom('payees')
    .where(containsAll(db, sql`payees.name`, ws))
    .select(['id', 'name', 'payment_method', 'active'])
    .orderBy(rank(db, sql`payees.name`, ws))
    .orderBy('active', 'desc')
    .orderBy('name')
    .orderBy('id')
    .limit(limit + 1)
    .execute();
  return cut(
    rows.map((r) => ({
      kind: 'payee',
      id: r.id,
      title: r.name,
      subtitle: line(`Paid by ${PAYMENT_METHODS[r.payment_method].toLowerCase()}`, !r.active && 'No longer paid'),
      route: `/expenses/payees?show=${r.id}`,
    })),
    limit,
  );
};

export const findFacilitators: Finder = async (db, query, limit) => {
  const ws = words(query);
  const name = sql<string>`facilitators.first_name || ' ' || facilitators.surname`;
  const rows = await db
    .selectFrom('facilitators')
    .where(containsAll(db, name, ws))
    .select(['id', 'first_name', 'surname', 'kind', 'active'])
    .orderBy(rank(db, name, ws))
    .orderBy('active', 'desc')
    .orderBy('surname')
    .orderBy('first_name')
    .orderBy('id')
    .limit(limit + 1)
    .execute();
  return cut(
    rows.map((r) => ({
      kind: 'facilitator',
      id: r.id,
      title: `${r.first_name} ${r.surname}`,
      subtitle: line(FACILITATOR_KINDS[r.kind], !r.active && 'No longer facilitating'),
      route: `/schedule/facilitators?show=${r.id}`,
    })),
    limit,
  );
};

export const findStaff: Finder = async (db, query, limit) => {
  const ws = words(query);
  const rows = await db
    .selectFrom('staff')
    .where(containsAll(db, sql`staff.display_name || ' ' || staff.username`, ws))
    .select(['id', 'display_name', 'username', 'role', 'active'])
    .orderBy(rank(db, sql`staff.display_name`, ws))
    .orderBy('active', 'desc')
    .orderBy('display_name')
    .orderBy('id')
    .limit(limit + 1)
    .execute();
  return cut(
    rows.map((r) => ({
      kind: 'staff',
      id: r.id,
      title: r.display_name,
      subtitle: line(r.username, ROLE_LABELS[r.role], !r.active && 'Deactivated'),
      route: `/settings/staff?show=${r.id}`,
    })),
    limit,
  );
};

const FINDERS: Record<SearchKind, Finder> = {
  student: findStudents,
  run: findRuns,
  course: findCourses,
  claim: findClaims,
  payee: findPayees,
  facilitator: findFacilitators,
  staff: findStaff,
};

export async function searchEverything(db: Db, staff: Pick<SignedInStaff, 'role'>, input: { query: string; limit: number }): Promise<SearchEverythingResult> {
  const searched = searchableKinds(staff);
  const groups: SearchGroup[] = [];
  for (const kind of searched) {
    const found = await FINDERS[kind](db, input.query, input.limit);
    if (found.results.length === 0) continue;
    groups.push({ kind, label: SEARCH_KIND_LABELS[kind], results: found.results, more: found.more, moreRoute: found.more ? (found.moreRoute ?? null) : null });
  }
  return { searched, groups };
}
