// Contract returns: produce (figures in SQL, files built, everything kept), history, re-open, download, charts,
// and the audited NHS-number data-sharing extract. Managers only (permissions returns.run / extracts.run).
import { ApiError, validationError } from '../../contract/errors';
import { collegeToday, formatDate } from '../../contract/dates';
import { resolvePeriod, type ExtractRun, type Period, type ResolvedPeriod, type ReturnDetail, type ReturnParameters, type ReturnSummary } from '../../contract/returns';
import type { Db, HandlersFor, Preparers, StaffContext } from '../api/handlers';
import { readSettings } from '../settings/settings';
import { returnCharts } from './charts';
import { DEFINITIONS, DEFINITIONS_VERSION } from './definitions';
import { encryptedZip } from '../files/encrypted-zip';
import { buildExtract } from './extract';
import { computeReturnTables } from './figures';
import { CSV_MIME, XLSX_MIME } from '../files/spreadsheet';
import { buildCsv, buildXlsx, sha256, type ReturnDocument } from './files';

/** A return may only cover days that have passed (today included), so producing it again later gives the same figures. */
function checkedPeriod(ctx: Pick<StaffContext, 'now'>, p: Period): ResolvedPeriod {
  const period = resolvePeriod(p);
  const today = collegeToday(ctx.now());
  if (period.start > today) throw validationError({ period: 'This period has not started yet. Please choose a period that has begun.' });
  if (period.end > today) {
    throw validationError({
      period: `This period runs until ${formatDate(period.end)}, which is still to come. A return can only cover days that have passed; for figures so far, choose your own dates ending today.`,
    });
  }
  return period;
}

async function parametersNow(db: Db): Promise<ReturnParameters> {
  const s = await readSettings(db);
  return {
    completionThresholdPercent: s.completionThresholdPercent,
    meaningfulChangeSwemwbs: s.meaningfulChangeSwemwbs,
    meaningfulChangeWemwbs: s.meaningfulChangeWemwbs,
    collegeName: s.collegeName,
    definitionsVersion: DEFINITIONS_VERSION,
  };
}

/** Computes a return's document without storing it (also used by the benchmark). */
export async function computeReturn(db: Db, period: ResolvedPeriod, parameters: ReturnParameters): Promise<ReturnDocument> {
  const tables = await computeReturnTables(db, period, parameters);
  const used = new Set(tables.flatMap((t) => t.rows.map((r) => r.definition)));
  const definitions = Object.values(DEFINITIONS).filter((d) => used.has(d.key));
  return { collegeName: parameters.collegeName, period, parameters, tables, definitions };
}

export async function buildReturnFiles(doc: ReturnDocument): Promise<{ name: string; mimeType: string; bytes: Buffer }[]> {
  const base = `contract-return-${doc.period.start}-to-${doc.period.end}`;
  return [
    { name: `${base}.xlsx`, mimeType: XLSX_MIME, bytes: await buildXlsx(doc) },
    { name: `${base}.csv`, mimeType: CSV_MIME, bytes: buildCsv(doc) },
  ];
}

/** SHA-256 of the figures themselves (tables and parameters), independent of when or by whom they were produced. */
export function figuresHash(doc: Pick<ReturnDocument, 'tables' | 'parameters'>): string {
  return sha256(Buffer.from(JSON.stringify({ parameters: doc.parameters, tables: doc.tables }), 'utf8'));
}

async function getReturn(db: Db, id: number): Promise<ReturnDetail> {
  const r = await db
    .selectFrom('returns')
    .innerJoin('staff', 'staff.id', 'returns.produced_by')
    .selectAll('returns')
    .select('staff.display_name')
    .where('returns.id', '=', id)
    .executeTakeFirst();
  if (!r) throw new ApiError('record.not-found', 'That return could not be found.');
  const stored = JSON.parse(r.figures) as Pick<ReturnDetail, 'tables' | 'definitions'>;
  return {
    ...(await summaries(db, [r]))[0],
    parameters: JSON.parse(r.parameters) as ReturnParameters,
    tables: stored.tables,
    definitions: stored.definitions,
  };
}

type ReturnRowWithName = {
  id: number;
  period_kind: ResolvedPeriod['kind'];
  period_start: string;
  period_end: string;
  label: string;
  produced_at: string;
  figures_sha256: string;
  display_name: string;
};

async function summaries(db: Db, rows: ReturnRowWithName[]): Promise<ReturnSummary[]> {
  if (rows.length === 0) return [];
  const files = await db
    .selectFrom('return_files')
    .select(['return_id', 'name', 'mime_type', 'sha256', 'size'])
    .where(
      'return_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    period: { kind: r.period_kind, start: r.period_start, end: r.period_end, label: r.label },
    producedBy: r.display_name,
    producedAt: r.produced_at,
    figuresSha256: r.figures_sha256,
    files: files.filter((f) => f.return_id === r.id).map((f) => ({ name: f.name, mimeType: f.mime_type, sha256: f.sha256, size: f.size })),
  }));
}

/** A return's figures and files, computed on a snapshot before the write transaction opens (they cover past days only). */
interface PreparedReturn {
  period: ResolvedPeriod;
  doc: ReturnDocument;
  files: { name: string; mimeType: string; bytes: Buffer }[];
}

async function prepareReturn(ctx: StaffContext, p: Period): Promise<PreparedReturn> {
  const period = checkedPeriod(ctx, p);
  const doc = await computeReturn(ctx.db, period, await parametersNow(ctx.db));
  return { period, doc, files: await buildReturnFiles(doc) };
}

export const returnPreparers: Preparers = {
  'returns.produce': (ctx, input) => prepareReturn(ctx, input.period),
};

export const returnHandlers: HandlersFor<'returns.'> & HandlersFor<'extracts.'> = {
  'returns.produce': async (ctx, input) => {
    const { period, doc, files } = (ctx.prepared as PreparedReturn | undefined) ?? (await prepareReturn(ctx, input.period));
    const { id } = await ctx.db
      .insertInto('returns')
      .values({
        period_kind: period.kind,
        period_start: period.start,
        period_end: period.end,
        label: period.label,
        parameters: JSON.stringify(doc.parameters),
        figures: JSON.stringify({ tables: doc.tables, definitions: doc.definitions }),
        figures_sha256: figuresHash(doc),
        produced_by: ctx.staff.id,
        produced_at: ctx.now().toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const f of files) {
      await ctx.db
        .insertInto('return_files')
        .values({ return_id: id, name: f.name, mime_type: f.mimeType, sha256: sha256(f.bytes), size: f.bytes.length, bytes: f.bytes })
        .execute();
    }
    ctx.audit({ action: 'produce', entity: 'return', entityId: id, summary: `Contract return: ${period.label}` });
    return getReturn(ctx.db, id);
  },

  'returns.list': async (ctx, input) => {
    const [{ total }] = await ctx.db.selectFrom('returns').select((eb) => eb.fn.countAll<number>().as('total')).execute();
    const rows = await ctx.db
      .selectFrom('returns')
      .innerJoin('staff', 'staff.id', 'returns.produced_by')
      .select(['returns.id', 'period_kind', 'period_start', 'period_end', 'label', 'produced_at', 'figures_sha256', 'staff.display_name'])
      .orderBy('returns.id', 'desc')
      .limit(input.pageSize)
      .offset((input.page - 1) * input.pageSize)
      .execute();
    return { rows: await summaries(ctx.db, rows), total: Number(total), page: input.page, pageSize: input.pageSize };
  },

  'returns.get': async (ctx, input) => getReturn(ctx.db, input.id),

  'returns.download': async (ctx, input) => {
    const f = await ctx.db
      .selectFrom('return_files')
      .select(['name', 'mime_type', 'bytes'])
      .where('return_id', '=', input.id)
      .where('name', '=', input.name)
      .executeTakeFirst();
    if (!f) throw new ApiError('record.not-found', 'That file could not be found for this return.');
    ctx.audit({ action: 'download', entity: 'return', entityId: input.id, summary: f.name });
    return { suggestedName: f.name, mimeType: f.mime_type, base64: Buffer.from(f.bytes).toString('base64') };
  },

  'returns.charts': async (ctx, input) => returnCharts(ctx.db, checkedPeriod(ctx, input.period)),

  'extracts.run': async (ctx, input) => {
    const period = checkedPeriod(ctx, input.period);
    const { csv, students } = await buildExtract(ctx.db, period, collegeToday(ctx.now()));
    const hash = sha256(csv);
    const runAt = ctx.now().toISOString();
    const { id } = await ctx.db
      .insertInto('extract_runs')
      .values({ period_start: period.start, period_end: period.end, reason: input.reason, student_count: students, sha256: hash, run_by: ctx.staff.id, run_at: runAt })
      .returning('id')
      .executeTakeFirstOrThrow();
    ctx.audit({
      action: 'extract',
      entity: 'data-sharing-extract',
      entityId: id,
      summary: `${students} consenting students, ${period.label}. Reason: ${input.reason}`,
    });
    const csvName = `data-sharing-extract-${period.start}-to-${period.end}.csv`;
    const run: ExtractRun = { id, period: { start: period.start, end: period.end }, reason: input.reason, students, sha256: hash, runBy: ctx.staff.displayName, runAt };
    return {
      file: { suggestedName: `data-sharing-extract-${period.start}-to-${period.end}.zip`, mimeType: 'application/zip', base64: (await encryptedZip([{ name: csvName, bytes: csv }], input.passphrase, ctx.now())).toString('base64') },
      students,
      run,
    };
  },

  'extracts.list': async (ctx) => {
    const rows = await ctx.db
      .selectFrom('extract_runs as x')
      .innerJoin('staff', 'staff.id', 'x.run_by')
      .selectAll('x')
      .select('staff.display_name')
      .orderBy('x.id', 'desc')
      .limit(200)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      period: { start: r.period_start, end: r.period_end },
      reason: r.reason,
      students: r.student_count,
      sha256: r.sha256,
      runBy: r.display_name,
      runAt: r.run_at,
    }));
  },
};
