// The return's files: an XLSX workbook (one sheet per table, typed cells, no formulas, a Definitions sheet) and one
// combined CSV (a `table` column says which table each line belongs to). Only suppressed figures are written.
// Bytes are deterministic: the same figures give the same files, so their SHA-256 can be compared later.
import { createHash } from 'node:crypto';
import type ExcelJS from 'exceljs';
import { loadExcelJs } from '../files/libraries';
import { stringify } from 'csv-stringify/sync';
import { publishCell, type Cell, type FigureDefinition, type PublishedCell, type ReturnParameters, type ReturnTable, type ResolvedPeriod } from '../../contract/returns';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_MIME = 'text/csv';

/** BRIEF.md spreadsheet safety: text beginning with = + - @ tab or carriage return gets a leading apostrophe. */
export function safeText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

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

/**
 * The zip library inside exceljs stamps every entry with the current time; rewrite each entry's DOS date and time
 * (local header and central directory) to a fixed moment so the workbook's bytes depend only on its content.
 */
export function fixZipTimestamps(zip: Buffer, when: Date): Buffer {
  const out = Buffer.from(zip);
  const dosTime = (when.getUTCHours() << 11) | (when.getUTCMinutes() << 5) | Math.floor(when.getUTCSeconds() / 2);
  const dosDate = ((when.getUTCFullYear() - 1980) << 9) | ((when.getUTCMonth() + 1) << 5) | when.getUTCDate();
  let eocd = -1;
  for (let i = out.length - 22; i >= Math.max(0, out.length - 22 - 65535); i--) {
    if (out.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('The workbook is not a valid zip file (no end of central directory).');
  const entries = out.readUInt16LE(eocd + 10);
  let p = out.readUInt32LE(eocd + 16);
  for (let e = 0; e < entries; e++) {
    if (out.readUInt32LE(p) !== 0x02014b50) throw new Error('The workbook’s zip directory is damaged.');
    out.writeUInt16LE(dosTime, p + 12);
    out.writeUInt16LE(dosDate, p + 14);
    const local = out.readUInt32LE(p + 42);
    if (out.readUInt32LE(local) !== 0x04034b50) throw new Error('The workbook’s zip entries are damaged.');
    out.writeUInt16LE(dosTime, local + 10);
    out.writeUInt16LE(dosDate, local + 12);
    p += 46 + out.readUInt16LE(p + 28) + out.readUInt16LE(p + 30) + out.readUInt16LE(p + 32);
  }
  return out;
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
  // A byte-order mark so Excel reads the en dashes and curly quotes as UTF-8.
  return Buffer.from(`\uFEFF${stringify(lines, { record_delimiter: 'windows' })}`, 'utf8');
}
