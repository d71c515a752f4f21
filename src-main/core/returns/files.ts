// The return's files: an XLSX workbook (one sheet per table, typed cells, no formulas, a Definitions sheet) and one
// combined CSV (a `table` column says which table each line belongs to). Only suppressed figures are written.
// Bytes are deterministic: the same figures give the same files, so their SHA-256 can be compared later.
import { createHash } from 'node:crypto';
import type ExcelJS from 'exceljs';
import { loadExcelJs } from '../files/libraries';
import { csvBytes, fixZipTimestamps, safeText } from '../files/spreadsheet';
import { publishCell, type Cell, type FigureDefinition, type PublishedCell, type ReturnParameters, type ReturnTable, type ResolvedPeriod } from '../../contract/returns';

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export interface ReturnDocument {
  collegeName: string;
  period: ResolvedPeriod;
  parameters: ReturnParameters;
  tables: ReturnTable[];
  definitions: FigureDefinition[];
}

export const SUPPRESSION_NOTE =
  'Small numbers are suppressed: a count of 1 to 7 is shown as *, other counts are rounded to the nearest 5, 0 stays 0; a mean or percentage resting on 1 to 7 people (or sessions) is shown as *. An empty cell means there was nothing to measure.';

/** The "About" lines at the top of both files: what the return covers and the parameters it used. */
export function aboutRows(doc: ReturnDocument): [string, string | number][] {
  return [
    ['College', doc.collegeName],
    ['Return', `Contract return: ${doc.period.label}`],
    ['Period start', doc.period.start],
    ['Period end', doc.period.end],
    ['Completion threshold (% of held sessions attended)', doc.parameters.completionThresholdPercent],
    ['Meaningful change, SWEMWBS (metric points)', doc.parameters.meaningfulChangeSwemwbs],
    ['Meaningful change, WEMWBS (points)', doc.parameters.meaningfulChangeWemwbs],
    ['Definitions version', doc.parameters.definitionsVersion],
    ['Suppression', SUPPRESSION_NOTE],
  ];
}

const FORMATS: Record<string, string> = { count: '0', percent: '0.0', mean: '0.00', hours: '0.0' };

function sheetName(title: string): string {
  return title.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31);
}

function writeValue(cell: ExcelJS.Cell, source: Cell, published: PublishedCell): void {
  if (published === null) return;
  if (typeof published === 'number') {
    cell.value = published;
    if (typeof source !== 'string') cell.numFmt = FORMATS[source.kind];
    return;
  }
  cell.value = safeText(published);
  if (typeof source !== 'string') cell.alignment = { horizontal: 'right' };
}

export async function buildXlsx(doc: ReturnDocument): Promise<Buffer> {
  const { Workbook } = await loadExcelJs();
  const wb = new Workbook();
  // Fixed dates from the period (never "now") so the same return gives the same bytes.
  const fixed = new Date(`${doc.period.end}T00:00:00Z`);
  wb.creator = safeText(doc.collegeName);
  wb.lastModifiedBy = safeText(doc.collegeName);
  wb.created = fixed;
  wb.modified = fixed;
  wb.title = safeText(`Contract return: ${doc.period.label}`);

  const about = wb.addWorksheet('About');
  about.columns = [{ width: 48 }, { width: 90 }];
  for (const [k, v] of aboutRows(doc)) about.addRow([safeText(k), typeof v === 'number' ? v : safeText(v)]);
  about.getColumn(1).font = { bold: true };

  for (const table of doc.tables) {
    const ws = wb.addWorksheet(sheetName(table.title));
    ws.columns = table.columns.map((_, i) => ({ width: i === 0 ? 52 : 14 }));
    const header = ws.addRow(table.columns.map(safeText));
    header.font = { bold: true };
    for (const r of table.rows) {
      const xr = ws.addRow([]);
      r.cells.forEach((c, i) => writeValue(xr.getCell(i + 1), c, publishCell(c)));
    }
  }

  const defs = wb.addWorksheet('Definitions');
  defs.columns = [{ width: 28 }, { width: 44 }, { width: 120 }];
  defs.addRow(['Table', 'Figure', 'Definition']).font = { bold: true };
  for (const t of doc.tables) {
    const seen = new Set<string>();
    for (const r of t.rows) {
      if (seen.has(r.definition)) continue;
      seen.add(r.definition);
      const def = doc.definitions.find((d) => d.key === r.definition)!;
      defs.addRow([safeText(t.title), safeText(def.label), safeText(def.description)]);
    }
  }

  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  return fixZipTimestamps(buffer, fixed);
}

/** One CSV for the whole return: table, row, column, value — plus the About and Definitions lines. */
export function buildCsv(doc: ReturnDocument): Buffer {
  const lines: (string | number)[][] = [['table', 'row', 'column', 'value']];
  const text = (v: string) => safeText(v);
  for (const [k, v] of aboutRows(doc)) lines.push(['About', text(k), 'Value', typeof v === 'number' ? v : text(v)]);
  for (const t of doc.tables) {
    for (const r of t.rows) {
      const label = typeof r.cells[0] === 'string' ? r.cells[0] : '';
      for (let i = 1; i < r.cells.length; i++) {
        const p = publishCell(r.cells[i]);
        lines.push([text(t.title), text(label), text(t.columns[i]), p === null ? '' : typeof p === 'number' ? p : text(p)]);
      }
    }
  }
  for (const t of doc.tables) {
    const seen = new Set<string>();
    for (const r of t.rows) {
      if (seen.has(r.definition)) continue;
      seen.add(r.definition);
      const def = doc.definitions.find((d) => d.key === r.definition)!;
      lines.push(['Definitions', text(`${t.title}: ${def.label}`), 'Definition', text(def.description)]);
    }
  }
  return csvBytes(lines);
}
