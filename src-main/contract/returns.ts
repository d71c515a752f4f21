// Contract returns for the NHS commissioner and the NHS-number data-sharing extract: periods, figure shapes,
// small-number suppression (BRIEF.md) and the methods. Pure TypeScript: shared by the core and the Reports page.
import { DateTime } from 'luxon';
import { z } from 'zod';
import { id, method, realDate, reason, type ExportedFile, type MethodSpec } from './define';
import { archivePassphraseSchema } from './privacy';
import { formatDate } from './dates';

// ── periods ─────────────────────────────────────────────────────
const financialYear = z.number({ error: 'Please choose a financial year.' }).int().min(2000, 'Please choose a financial year from 2000.').max(2100);

export const periodSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('quarter'), financialYear, quarter: z.number().int().min(1, 'A quarter is 1 to 4.').max(4, 'A quarter is 1 to 4.') }),
    z.object({ kind: z.literal('financialYear'), financialYear }),
    z
      .object({
        kind: z.literal('custom'),
        start: realDate('start date'),
        end: realDate('end date'),
      })
      .refine((p) => p.start <= p.end, { path: ['end'], message: 'The end date must be on or after the start date.' }),
  ],
  { error: 'Please choose a quarter, a financial year or your own dates.' },
);
export type Period = z.output<typeof periodSchema>;
export type PeriodKind = Period['kind'];

export interface ResolvedPeriod {
  kind: PeriodKind;
  start: string;
  end: string;
  label: string;
}

const fy = (y: number) => `${y}/${String((y + 1) % 100).padStart(2, '0')}`;

/** Financial years run 1 April – 31 March; quarter 1 is April–June. */
export function resolvePeriod(p: Period): ResolvedPeriod {
  if (p.kind === 'custom') return { kind: 'custom', start: p.start, end: p.end, label: `${formatDate(p.start)} to ${formatDate(p.end)}` };
  const yearStart = DateTime.fromObject({ year: p.financialYear, month: 4, day: 1 }, { zone: 'utc' });
  if (p.kind === 'financialYear') {
    return { kind: 'financialYear', start: yearStart.toISODate()!, end: yearStart.plus({ years: 1 }).minus({ days: 1 }).toISODate()!, label: `Financial year ${fy(p.financialYear)}` };
  }
  const qs = yearStart.plus({ months: 3 * (p.quarter - 1) });
  const start = qs.toISODate()!;
  const end = qs.plus({ months: 3 }).minus({ days: 1 }).toISODate()!;
  return { kind: 'quarter', start, end, label: `Q${p.quarter} ${fy(p.financialYear)} (${formatDate(start)} to ${formatDate(end)})` };
}

/** The most recent financial quarter that has fully ended on `today`. */
export function lastCompletedQuarter(today: string): Extract<Period, { kind: 'quarter' }> {
  const d = DateTime.fromISO(today, { zone: 'utc' }).minus({ months: 3 });
  const fyStart = d.month >= 4 ? d.year : d.year - 1;
  const quarter = Math.floor(((d.month + 12 - 4) % 12) / 3) + 1;
  return { kind: 'quarter', financialYear: fyStart, quarter };
}

// ── figures and suppression ─────────────────────────────────────
/**
 * A figure as computed (internal). `base` is how many people (or, for session figures, sessions) it rests on:
 * a mean or percentage resting on 1–7 is not published.
 */
export type Figure =
  | { kind: 'count'; value: number }
  | { kind: 'percent' | 'mean' | 'hours'; value: number | null; base: number };

export type Cell = string | Figure;
/** What a published (exported) cell holds: a number, `*` for suppressed, text, or empty. */
export type PublishedCell = string | number | null;

export const SUPPRESSED = '*';

/** BRIEF.md's small-number suppression, declared once: the rule below and its plain-words help text both read these. */
export const SUPPRESSION = { largestHidden: 7, roundTo: 5 } as const;

/** BRIEF.md: a count of 1–7 is shown as `*`, other counts are rounded to the nearest 5, 0 stays 0. */
export function suppressCount(n: number): number | typeof SUPPRESSED {
  if (n === 0) return 0;
  if (n >= 1 && n <= SUPPRESSION.largestHidden) return SUPPRESSED;
  return Math.round(n / SUPPRESSION.roundTo) * SUPPRESSION.roundTo;
}

/** A figure as it may leave the building. Means and percentages resting on 1–7 are not shown. */
export function publishCell(cell: Cell): PublishedCell {
  if (typeof cell === 'string') return cell;
  if (cell.kind === 'count') return suppressCount(cell.value);
  if (cell.value === null || cell.base === 0) return null;
  if (cell.base >= 1 && cell.base <= SUPPRESSION.largestHidden) return SUPPRESSED;
  return cell.value;
}

/** The internal (unsuppressed) value of a cell, for the manager's on-screen view. */
export function internalCell(cell: Cell): PublishedCell {
  return typeof cell === 'string' ? cell : cell.value;
}

export interface FigureDefinition {
  key: string;
  label: string;
  /** One line of plain English; also written on the workbook's Definitions sheet. */
  description: string;
}

export interface ReturnTable {
  key: string;
  title: string;
  columns: string[];
  rows: { definition: string; cells: Cell[] }[];
}

export interface ReturnParameters {
  completionThresholdPercent: number;
  meaningfulChangeSwemwbs: number;
  meaningfulChangeWemwbs: number;
  collegeName: string;
  /** Bumped when a definition changes, so an old return is never silently compared with a new one. */
  definitionsVersion: number;
}

export interface ReturnFileInfo {
  name: string;
  mimeType: string;
  sha256: string;
  size: number;
}

export interface ReturnSummary {
  id: number;
  period: ResolvedPeriod;
  producedBy: string;
  producedAt: string;
  figuresSha256: string;
  files: ReturnFileInfo[];
}

export interface ReturnDetail extends ReturnSummary {
  parameters: ReturnParameters;
  tables: ReturnTable[];
  definitions: FigureDefinition[];
}

export interface ReturnHistoryPage {
  rows: ReturnSummary[];
  total: number;
  page: number;
  pageSize: number;
}

export interface ReturnCharts {
  period: ResolvedPeriod;
  /** Month `YYYY-MM` → enrolments made and attendances (present or late). */
  byMonth: { month: string; enrolments: number; attendances: number; sessionsHeld: number; sessionsCoDelivered: number }[];
  /** Change in wellbeing score (end − baseline, rounded to whole points) → students. */
  wellbeingChange: { scale: 'SWEMWBS' | 'WEMWBS'; change: number; students: number }[];
  coDeliveryPercent: number | null;
}

export interface ExtractRun {
  id: number;
  period: { start: string; end: string };
  reason: string;
  students: number;
  sha256: string;
  runBy: string;
  runAt: string;
}

export const returnMethods = {
  'returns.produce': method<ReturnDetail>()({ kind: 'write',
    input: z.object({ period: periodSchema }),
    access: 'returns.run',
    summary: 'Produce the contract return for a period; it is kept with its files exactly as produced.',
    refuses: ['record.not-found'],
  }),
  'returns.list': method<ReturnHistoryPage>()({ kind: 'read',
    input: z.object({ page: z.number().int().min(1).default(1), pageSize: z.number().int().min(1).max(100).default(20) }),
    access: 'returns.run',
    summary: 'Returns produced so far, newest first.',
  }),
  'returns.get': method<ReturnDetail>()({ kind: 'read', input: z.object({ id }), access: 'returns.run', summary: 'Re-open a return exactly as it was produced.', refuses: ['record.not-found'] }),
  'returns.download': method<ExportedFile>()({ kind: 'write',
    input: z.object({ id, name: z.string().min(1).max(200) }),
    access: 'returns.run',
    summary: 'One of a return’s files (the XLSX workbook or the CSV), byte for byte as produced.',
    refuses: ['record.not-found'],
  }),
  'returns.charts': method<ReturnCharts>()({ kind: 'read',
    input: z.object({ period: periodSchema }),
    access: 'returns.run',
    summary: 'Enrolments and attendance by month, wellbeing change and co-delivery, for the Reports page (internal).',
  }),
  'extracts.run': method<{ file: ExportedFile; students: number; run: ExtractRun }>()({ kind: 'write',
    input: z.object({ period: periodSchema, reason, passphrase: archivePassphraseSchema }),
    access: 'extracts.run',
    summary: 'The NHS-number-level extract for the data-sharing agreement (a CSV in an AES-256 encrypted zip): consenting students only; each run is logged with its reason.',
  }),
  'extracts.list': method<ExtractRun[]>()({ kind: 'read',
    input: z.object({}).strict(),
    access: 'extracts.run',
    summary: 'Every run of the data-sharing extract: who, when, why.',
  }),
} satisfies Record<string, MethodSpec>;
