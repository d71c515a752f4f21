// Migration 0014 (frozen once landed): student search on the college's server. SQLite has had it since 0001 (the FTS5
// table students_fts, kept in step by triggers), so this step leaves a desk's file as it is. PostgreSQL gets the same
// words as a GIN index over an expression of the row: nothing to keep in step (no triggers, no extra column for the
// data move to copy), recomputed whenever a row changes, so an anonymised student's old name is no longer in any row
// the search reads. Used by src-main/core/students/search-postgres.ts, which must call student_search_words the same way.
//
// The words are the ones FTS5 indexes (0001): first name, surname, preferred name, the reference, the reference's
// number without its padding, the NHS number and the phone's digits; split at anything that is not a letter or a digit,
// lower-cased, with the accents on Latin letters dropped (FTS5's `unicode61 remove_diacritics 2`: é → e, but ø, ł and
// й stay letters of their own). The words become lexemes as they are (array_to_tsvector: no parser, no stemming), so a
// prefix query ('smi':*) finds what FTS5's "smi"* finds. The lower-casing and splitting run under ICU's root collation
// ("und-x-icu", on every server built with ICU, which managed services are): under the columns' own "C" collation
// PostgreSQL would fold and split only ASCII letters. Its cost is declared (about 30 µs a row, against a few for
// reading the row) and its search_path fixed, which also keeps PostgreSQL from inlining it and so forgetting that cost:
// the planner then finds matches through the index instead of working out the words of row after row.
//
// No collation for SQLite's `collate nocase` is made here: an ICU case-insensitive collation sorts by the Unicode
// collation algorithm (É beside E, `_` before digits), not as SQLite's NOCASE (code point order, ASCII letters folded).
// The lists sort by `lower(x)` instead, which is NOCASE's order on both engines (core/db/paging.ts, `caseless`).
import { sql, type Kysely } from 'kysely';
import type { Engine } from './engine';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and must not depend on today's schema types
export async function up(db: Kysely<any>, engine: Engine = 'sqlite'): Promise<void> {
  if (engine !== 'postgres') return;
  await sql`create function student_search_words(first_name text, surname text, preferred_name text, reference text, nhs_number text, phone_digits text)
    returns tsvector language sql immutable parallel safe cost 1000 set search_path = pg_catalog, pg_temp as $$
      select array_to_tsvector(array_remove(regexp_split_to_array(lower(normalize(regexp_replace(normalize(
        (first_name || ' ' || surname || ' ' || coalesce(preferred_name, '') || ' ' ||
         reference || ' ' || ltrim(substr(reference, 4), '0') || ' ' || coalesce(nhs_number, '') || ' ' || coalesce(phone_digits, ''))
        collate "und-x-icu", nfd), '([A-Za-z])[\\u0300-\\u036f]+', '\\1', 'g'), nfc)), '[^[:alnum:]]+'), ''))
    $$`.execute(db);
  // fastupdate off: a change goes straight into the index's tree, not a pending list that keeps the old words longer.
  await sql`create index students_search_words on students using gin
    (student_search_words(first_name, surname, preferred_name, reference, nhs_number, phone_digits)) with (fastupdate = off)`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>, engine: Engine = 'sqlite'): Promise<void> {
  if (engine !== 'postgres') return;
  await sql`drop index students_search_words`.execute(db);
  await sql`drop function student_search_words(text, text, text, text, text, text)`.execute(db);
}
