// The `imports.*` methods: read a file, preview an import (writing nothing), commit it (checked again, all in the call's
// one transaction, audited as one import), and save a report of what was added and skipped.
import { stringify } from 'csv-stringify/sync';
import type { z } from 'zod';
import { collegeToday } from '../../contract/dates';
import { ApiError } from '../../contract/errors';
import { IMPORT_KIND_WORDS, type importCommitSchema, type ImportKind, type ImportPreview, type importReportSchema, type ImportResult } from '../../contract/imports';
import type { ExportedFile } from '../../contract/define';
import type { Db, HandlersFor, StaffContext } from '../api/handlers';
import { safeCell } from '../files/spreadsheet';
import { checkImport, type CheckInput } from './check';
import { KIND_SPECS, labelsFor } from './kinds';
import { readImportFile } from './read-file';
import { readRemembered, remember } from './remembered';

async function preview(ctx: StaffContext, kind: ImportKind, input: CheckInput): Promise<ImportPreview> {
  return (await checkImport(ctx.db, kind, input, await readRemembered(ctx.db, kind), ctx.now())).preview;
}

/** A short, plain list of a row's problems for a refusal. */
function said(issues: { message: string }[]): string {
  return issues.map((i) => i.message).join(' ');
}

/**
 * Checks every row again — nothing the preview said is trusted — then adds the chosen rows in order, in the call's
 * transaction: one refusal anywhere and nothing at all is written.
 */
async function commit(ctx: StaffContext, kind: ImportKind, input: z.output<typeof importCommitSchema>): Promise<ImportResult> {
  const words = IMPORT_KIND_WORDS[kind];
  const checked = await checkImport(ctx.db, kind, input, await readRemembered(ctx.db, kind), ctx.now());
  const include = new Set(input.include);
  const confirmed = new Set(input.confirmedDuplicates);
  const rowNumbers = new Set(checked.preview.rows.map((r) => r.n));
  const unknown = input.include.find((n) => !rowNumbers.has(n));
  if (unknown !== undefined) throw new ApiError('input.invalid', `Row ${unknown} is not in the file. Please read the file again. Nothing has been imported.`);
  if (include.size === 0) throw new ApiError('input.invalid', `No rows are chosen to import, so nothing has been imported.`);

  const blocked = checked.preview.rows.filter((r) => include.has(r.n) && (r.status === 'problem' || (r.status === 'duplicate' && !confirmed.has(r.n))));
  if (blocked.length > 0) {
    const first = blocked[0];
    const what =
      first.status === 'problem'
        ? `Row ${first.n} (${first.label}) still has a problem: ${said(first.issues.filter((i) => i.severity === 'problem'))}`
        : `Row ${first.n} (${first.label}) may already be recorded: ${said(first.issues)} Please skip it, or say it is a different person.`;
    throw new ApiError('import.row-refused', `${what}${blocked.length > 1 ? ` ${blocked.length - 1} more ${blocked.length === 2 ? 'row needs' : 'rows need'} attention too.` : ''} Nothing has been imported.`, {
      details: blocked.map((r) => ({ n: r.n, label: r.label, status: r.status, issues: r.issues })),
    });
  }

  const spec = KIND_SPECS[kind];
  const imported: ImportResult['imported'] = [];
  const skipped: ImportResult['skipped'] = [];
  // Each record keeps its own "Added" entry (its history starts there), marked as imported.
  const rowCtx = { now: ctx.now, staff: ctx.staff, audit: (e: Parameters<StaffContext['audit']>[0]) => ctx.audit({ ...e, summary: `${e.summary ?? 'Added'} (imported)` }) };
  for (const row of checked.preview.rows) {
    if (!include.has(row.n)) {
      const reasons = row.issues.length > 0 ? said(row.issues) : 'Chosen not to import.';
      skipped.push({ n: row.n, label: row.label, reason: reasons });
      continue;
    }
    try {
      const added = await spec.insert(ctx.db, rowCtx, checked.parsed.get(row.n));
      imported.push({ n: row.n, id: added.id, label: added.label });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      throw new ApiError(e.code === 'CONFLICT' ? 'import.row-conflict' : 'import.row-refused', `Row ${row.n} (${row.label}): ${e.message} Nothing has been imported.`, { details: [{ n: row.n, label: row.label, status: 'problem', issues: [{ field: null, severity: 'problem', message: e.message }] }] });
    }
  }
  await remember(ctx.db, kind, input.headers, checked.columns, checked.values);
  // The file's name stays out of the audit log (it cannot be erased, and names of files often hold names of people).
  ctx.audit({
    action: 'import',
    entity: 'import',
    entityId: null,
    fields: [kind],
    summary: `Imported ${imported.length} ${imported.length === 1 ? words.one : words.many} from a spreadsheet; ${skipped.length} ${skipped.length === 1 ? 'row' : 'rows'} skipped`,
  });
  return { kind, fileName: input.fileName, imported, skipped };
}

async function report(db: Db, kind: ImportKind, input: z.output<typeof importReportSchema>, now: Date): Promise<ExportedFile> {
  const labels = await labelsFor(db, kind, input.imported.map((r) => r.id));
  const lines = [
    ...input.imported.map((r) => ({ n: r.n, outcome: 'Imported', record: labels.get(r.id) ?? '(no longer recorded)', reason: '' })),
    ...input.skipped.map((r) => ({ n: r.n, outcome: 'Skipped', record: r.label, reason: r.reason })),
  ].sort((a, b) => a.n - b.n);
  const csv = stringify(
    [['Row', 'Outcome', IMPORT_KIND_WORDS[kind].one === 'student' ? 'Student' : 'Name', 'Why skipped'], ...lines.map((l) => [String(l.n), l.outcome, safeCell(l.record), safeCell(l.reason)])],
    { record_delimiter: '\r\n' },
  );
  const base = input.fileName.replace(/\.[^.]*$/, '').replace(/[^\p{L}\p{N} _-]+/gu, '').trim().slice(0, 60) || 'file';
  return { suggestedName: `import-report-${kind}-${base}-${collegeToday(now)}.csv`, mimeType: 'text/csv', base64: Buffer.from(`\ufeff${csv}`, 'utf8').toString('base64') };
}

export const importHandlers: HandlersFor<'imports.'> = {
  'imports.readFile': async (_ctx, input) => readImportFile(input.fileName, input.base64),
  'imports.students.preview': (ctx, input) => preview(ctx, 'students', input),
  'imports.students.commit': (ctx, input) => commit(ctx, 'students', input),
  'imports.students.report': (ctx, input) => report(ctx.db, 'students', input, ctx.now()),
  'imports.facilitators.preview': (ctx, input) => preview(ctx, 'facilitators', input),
  'imports.facilitators.commit': (ctx, input) => commit(ctx, 'facilitators', input),
  'imports.facilitators.report': (ctx, input) => report(ctx.db, 'facilitators', input, ctx.now()),
  'imports.payees.preview': (ctx, input) => preview(ctx, 'payees', input),
  'imports.payees.commit': (ctx, input) => commit(ctx, 'payees', input),
  'imports.payees.report': (ctx, input) => report(ctx.db, 'payees', input, ctx.now()),
};
