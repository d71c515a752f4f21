// Reads live in repository functions beside their tables: the handler and service files cleaned of inline queries stay
// that way. A `selectFrom(` in one of them fails here, naming the file, the line and the function it sits in.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const CORE = join(process.cwd(), 'src-main/core');

/**
 * Handler and service files that read only through repositories, and the functions in each that may still query
 * inline: the paged, sorted lists, left for the rewrite that moves their sorting and paging into SQL.
 */
const CLEANED: Record<string, string[]> = {
  'scheduling/catalogue.ts': ['scheduling.listCourses', 'scheduling.listVenues'],
  'scheduling/runs.ts': [],
  'scheduling/enrolment.ts': [],
  'scheduling/views.ts': [],
  'scheduling/clashes.ts': [],
  'scheduling/attention.ts': [],
  'outcomes/outcomes.ts': ['followUpDue'],
  'expenses/claims.ts': [],
  'expenses/batches.ts': ['listBatches'],
  'expenses/payees.ts': ['expenses.payees.list'],
  'expenses/rates.ts': [],
  'expenses/involvement.ts': [],
  'expenses/receipts.ts': [],
  'expenses/totals.ts': [],
  'expenses/receipt-view.ts': [],
  'registers/registers.ts': [],
  'registers/follow-up.ts': ['followUpList'],
  'registers/figures.ts': [],
  'staff/staff.ts': [],
  'students/students.ts': [],
  'students/life-dates.ts': [],
  'setup/checklist.ts': [],
  'privacy/anonymise.ts': [],
  'privacy/handlers.ts': [],
  'privacy/subject-access.ts': [],
  'privacy/data-security.ts': [],
  'privacy/access-log.ts': [],
  'today/summary.ts': [],
  'imports/kinds.ts': [],
  'imports/remembered.ts': [],
  'settings/settings.ts': [],
  'auth/auth.ts': [],
};

/** Where each area's reads live. None of them may import the handler files above (the lint also rejects cycles). */
const REPOSITORIES = [
  'scheduling/rows.ts',
  'students/repository.ts',
  'outcomes/repository.ts',
  'expenses/queries.ts',
  'registers/queries.ts',
  'staff/repository.ts',
  'setup/repository.ts',
  'settings/repository.ts',
  'privacy/repository.ts',
];

/** Expression builders: `eb.selectFrom(...)` is a subquery inside another statement (often a write), not a read of its own. */
const BUILDERS = new Set(['eb', 'e', 'e2', 'qb']);

/** The handler (`'area.method':`) or top-level function, const or class a position sits in. */
function enclosingName(text: string, index: number): string {
  const lines = text.slice(0, index).split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const handler = lines[i].match(/^\s+'([\w.]+)':\s/);
    if (handler) return handler[1];
    const top = lines[i].match(/^(?:export\s+)?(?:default\s+)?(?:async\s+)?(?:function\*?|const|let|class)\s+(\w+)/);
    if (top) return top[1];
  }
  return '(top of file)';
}

function inlineReads(file: string): { line: number; name: string }[] {
  const text = readFileSync(join(CORE, file), 'utf8');
  const out: { line: number; name: string }[] = [];
  for (const m of text.matchAll(/(\w+)\s*\.\s*selectFrom\(/g)) {
    if (BUILDERS.has(m[1])) continue;
    out.push({ line: text.slice(0, m.index).split('\n').length, name: enclosingName(text, m.index ?? 0) });
  }
  return out;
}

describe('reads live in repositories', () => {
  it.each(Object.entries(CLEANED))('%s queries only through repository functions', (file, allowed) => {
    const stray = inlineReads(file).filter((r) => !allowed.includes(r.name));
    expect(
      stray.map((r) => `src-main/core/${file}:${r.line} (in ${r.name}): move this selectFrom into the area's repository`),
    ).toEqual([]);
  });

  it.each(REPOSITORIES)('%s imports no handler file', (file) => {
    const text = readFileSync(join(CORE, file), 'utf8');
    const imported = [...text.matchAll(/from '(\.{1,2}\/[^']+)'/g)].map((m) => join(file, '..', `${m[1]}.ts`).replace(/\\/g, '/'));
    expect(imported.filter((p) => p in CLEANED)).toEqual([]);
  });

  it('finds an inline read, and tells a builder subquery from one', () => {
    const text = "const x = 1;\nexport async function f(db) {\n  return db\n    .selectFrom('a')\n    .where('id', 'in', (eb) => eb.selectFrom('b'));\n}\n";
    const reads = [...text.matchAll(/(\w+)\s*\.\s*selectFrom\(/g)].filter((m) => !BUILDERS.has(m[1]));
    expect(reads.map((m) => enclosingName(text, m.index ?? 0))).toEqual(['f']);
  });
});
