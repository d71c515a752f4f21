// The kinds of record an import can add, each through its own create schema and insert function (never a second copy):
// students, facilitators, payees — with the duplicate checks each kind already knows.
import type { z } from 'zod';
import { formatDate } from '../../contract/dates';
import { payeeFieldsSchema } from '../../contract/expenses';
import type { ImportIssue, ImportKind } from '../../contract/imports';
import { facilitatorFieldsSchema } from '../../contract/scheduling';
import { studentFieldsSchema } from '../../contract/students';
import type { Db, StaffContext } from '../api/handlers';
import { BANK_DETAILS_NEEDED, createPayee, lacksBankDetails } from '../expenses/payees';
import { payeeNamed, payeesByIds } from '../expenses/queries';
import { insertFacilitator } from '../scheduling/catalogue';
import { facilitatorNamed, facilitatorsByIds } from '../scheduling/rows';
import { findStudent, studentNamesByIds, studentWithNhsNumber } from '../students/repository';
import { findPossibleDuplicates, insertStudent, similarNames } from '../students/students';

export type InsertContext = Pick<StaffContext, 'now' | 'staff' | 'audit'>;

export interface KindSpec<S extends z.ZodType = z.ZodType> {
  schema: S;
  /** Who the row is, in a few words, from whatever it holds. */
  label(values: Record<string, string>): string;
  /** Issues only the database can tell (already recorded, possible duplicates). Read only. */
  dbIssues(db: Db, fields: z.output<S>): Promise<ImportIssue[]>;
  /** Issues between rows of the same file: the later row is "a duplicate of row N". */
  fileIssues(rows: { n: number; fields: z.output<S> }[]): Map<number, ImportIssue[]>;
  insert(trx: Db, ctx: InsertContext, fields: z.output<S>): Promise<{ id: number; label: string }>;
}

const lower = (s: string | null | undefined) => (s ?? '').trim().toLowerCase();
const fullName = (first: string | undefined, last: string | undefined) => [first, last].filter((x) => x && x.trim()).join(' ').trim();

function pushIssue(map: Map<number, ImportIssue[]>, n: number, issue: ImportIssue) {
  const list = map.get(n) ?? [];
  list.push(issue);
  map.set(n, list);
}

/** Rows sharing a key: each later row is reported against the first one that had it. */
function sameKey<F>(rows: { n: number; fields: F }[], keyOf: (f: F) => string | null, issue: (first: number) => ImportIssue, out: Map<number, ImportIssue[]>) {
  const first = new Map<string, number>();
  for (const r of rows) {
    const key = keyOf(r.fields);
    if (!key) continue;
    const earlier = first.get(key);
    if (earlier === undefined) first.set(key, r.n);
    else pushIssue(out, r.n, issue(earlier));
  }
}

type StudentFields = z.output<typeof studentFieldsSchema>;
const students: KindSpec<typeof studentFieldsSchema> = {
  schema: studentFieldsSchema,
  label: (v) => fullName(v.firstName, v.surname) || '(no name)',
  async dbIssues(db, f) {
    const issues: ImportIssue[] = [];
    if (f.nhsNumber) {
      const same = await studentWithNhsNumber(db, f.nhsNumber);
      if (same) {
        issues.push({
          field: 'nhsNumber',
          severity: 'problem',
          message: `Already recorded: ${same.reference} (${same.first_name} ${same.surname}) has this NHS number. Skip this row, or check the number.`,
        });
      }
    }
    for (const d of await findPossibleDuplicates(db, f)) {
      if (f.nhsNumber && issues.length > 0 && d.why.startsWith('Same NHS number')) continue;
      issues.push({ field: null, severity: 'duplicate', message: `Possible duplicate of ${d.reference} (${d.name}, born ${formatDate(d.dateOfBirth)}): ${d.why.toLowerCase()}.` });
    }
    return issues;
  },
  fileIssues(rows) {
    const out = new Map<number, ImportIssue[]>();
    sameKey(rows, (f) => f.nhsNumber, (n) => ({ field: 'nhsNumber', severity: 'problem', message: `Duplicate of row ${n}: the same NHS number.` }), out);
    // Same date of birth and a similar name: the same rule as adding one student (students.ts `similarNames`).
    const byBirth = new Map<string, { n: number; fields: StudentFields }[]>();
    for (const r of rows) {
      if (out.get(r.n)?.length) continue;
      const earlier = byBirth.get(r.fields.dateOfBirth) ?? [];
      const match = earlier.find(
        (e) =>
          similarNames(e.fields.surname, r.fields.surname) &&
          (similarNames(e.fields.firstName, r.fields.firstName) || (e.fields.preferredName !== null && similarNames(e.fields.preferredName, r.fields.firstName))),
      );
      if (match) {
        const exact = lower(match.fields.firstName) === lower(r.fields.firstName) && lower(match.fields.surname) === lower(r.fields.surname);
        pushIssue(out, r.n, {
          field: null,
          severity: 'duplicate',
          message: exact ? `Duplicate of row ${match.n}: the same name and date of birth.` : `Possible duplicate of row ${match.n}: the same date of birth and a similar name.`,
        });
      }
      earlier.push(r);
      byBirth.set(r.fields.dateOfBirth, earlier);
    }
    return out;
  },
  async insert(trx, ctx, f) {
    const id = await insertStudent(trx, ctx, f);
    const row = (await findStudent(trx, id))!;
    return { id, label: `${row.reference} ${f.firstName} ${f.surname}` };
  },
};

const facilitators: KindSpec<typeof facilitatorFieldsSchema> = {
  schema: facilitatorFieldsSchema,
  label: (v) => fullName(v.firstName, v.surname) || '(no name)',
  async dbIssues(db, f) {
    const same = await facilitatorNamed(db, lower(f.firstName), lower(f.surname));
    return same ? [{ field: null, severity: 'duplicate', message: `Possible duplicate: ${same.first_name} ${same.surname} is already a facilitator.` }] : [];
  },
  fileIssues(rows) {
    const out = new Map<number, ImportIssue[]>();
    sameKey(rows, (f) => `${lower(f.firstName)} ${lower(f.surname)}`, (n) => ({ field: null, severity: 'duplicate', message: `Duplicate of row ${n}: the same name.` }), out);
    return out;
  },
  async insert(trx, ctx, f) {
    return { id: await insertFacilitator(trx, ctx, f), label: `${f.firstName} ${f.surname}` };
  },
};

const payees: KindSpec<typeof payeeFieldsSchema> = {
  schema: payeeFieldsSchema,
  label: (v) => v.name?.trim() || '(no name)',
  async dbIssues(db, f) {
    const issues: ImportIssue[] = [];
    // The same rule as adding one payee (payees.ts), said before anything is written.
    if (lacksBankDetails(f)) issues.push({ field: 'bank.sortCode', severity: 'problem', message: BANK_DETAILS_NEEDED });
    if (f.name) {
      const same = await payeeNamed(db, lower(f.name));
      if (same) issues.push({ field: null, severity: 'duplicate', message: `Possible duplicate: ${same.name} is already a payee.` });
    }
    return issues;
  },
  fileIssues(rows) {
    const out = new Map<number, ImportIssue[]>();
    sameKey(rows, (f) => lower(f.name) || null, (n) => ({ field: null, severity: 'duplicate', message: `Duplicate of row ${n}: the same name.` }), out);
    return out;
  },
  async insert(trx, ctx, f) {
    return { id: await createPayee(trx, ctx, f), label: f.name ?? '' };
  },
};

export const KIND_SPECS: { [K in ImportKind]: KindSpec } = { students, facilitators, payees } as unknown as { [K in ImportKind]: KindSpec };

/** The record's name for the report, by kind: a student's reference and name, a facilitator's or payee's name. */
export async function labelsFor(db: Db, kind: ImportKind, ids: number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    if (kind === 'students') {
      for (const r of await studentNamesByIds(db, chunk)) out.set(r.id, `${r.reference} ${r.first_name} ${r.surname}`);
    } else if (kind === 'facilitators') {
      for (const r of await facilitatorsByIds(db, chunk)) out.set(r.id, `${r.first_name} ${r.surname}`);
    } else {
      for (const r of await payeesByIds(db, chunk)) out.set(r.id, r.name);
    }
  }
  return out;
}
