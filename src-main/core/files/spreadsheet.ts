// The one home for spreadsheet files the core writes: the formula-injection guard (BRIEF.md), CSV bytes, XLSX zip
// timestamps, and a typed table written to CSV (UK dates as text) or XLSX (real dates, money as numbers) for list exports.
import { stringify } from 'csv-stringify/sync';
import { DateTime } from 'luxon';
import { COLLEGE_ZONE } from '../../contract/dates';
import { formatPenceNumber } from '../../contract/money';
import { loadExcelJs } from './libraries';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_MIME = 'text/csv';

/** BRIEF.md spreadsheet safety: text beginning with = + - @ tab or carriage return gets a leading apostrophe. */
export function safeText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** `safeText` for a value that may be missing (an empty cell). */
export function safeCell(text: string | null | undefined): string {
  return safeText(text ?? '');
}

/** CSV lines as bytes: Windows line ends, and a byte-order mark so Excel reads accents, dashes and curly quotes as UTF-8. */
export function csvBytes(lines: (string | number)[][]): Buffer {
  return Buffer.from(`\uFEFF${stringify(lines, { record_delimiter: 'windows' })}`, 'utf8');
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

// ── typed tables (list exports) ──────────────────────────────────
/**
 * How a column's values are written. `text`: guarded text. `date`: a `YYYY-MM-DD` date. `timestamp`: an ISO instant,
 * shown in college (Europe/London) time. `money`: integer pence, written in pounds with two decimals. `number`: a count.
 */
export type ColumnKind = 'text' | 'date' | 'timestamp' | 'money' | 'number';

export interface TableColumn<R> {
  header: string;
  kind: ColumnKind;
  /** Text for `text`, `YYYY-MM-DD` for `date`, an ISO instant for `timestamp`, pence for `money`; null for an empty cell. */
  value: (row: R) => string | number | null;
  /** Width in characters in the workbook. */
  width?: number;
}

/** `2026-03-14` → `14/03/2026`. */
export function ukDate(iso: string): string {
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

/** An instant as the college's wall clock: `14/03/2026 09:05`. */
export function ukTimestamp(iso: string): string {
  return DateTime.fromISO(iso).setZone(COLLEGE_ZONE).toFormat('dd/MM/yyyy HH:mm');
}

/** The text a CSV cell holds for a value of a column kind. */
export function csvCell(kind: ColumnKind, value: string | number | null): string {
  if (value === null || value === '') return '';
  switch (kind) {
    case 'date':
      return ukDate(String(value));
    case 'timestamp':
      return ukTimestamp(String(value));
    case 'money':
      return formatPenceNumber(Number(value));
    case 'number':
      return String(value);
    default:
      return safeText(String(value));
  }
}

/** One CSV: a header line, then one line per row. */
export function tableCsv<R>(columns: TableColumn<R>[], rows: R[]): Buffer {
  return csvBytes([columns.map((c) => safeText(c.header)), ...rows.map((r) => columns.map((c) => csvCell(c.kind, c.value(r))))]);
}

/**
 * Excel keeps dates as wall-clock serial numbers with no time zone; exceljs turns a JS Date into one from its UTC
 * fields, so a date (or the college's wall-clock time) is given as that moment in UTC.
 */
function excelDate(kind: 'date' | 'timestamp', value: string): Date {
  if (kind === 'date') return new Date(`${value.slice(0, 10)}T00:00:00Z`);
  const local = DateTime.fromISO(value).setZone(COLLEGE_ZONE);
  return new Date(Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second));
}

const NUMBER_FORMATS: Partial<Record<ColumnKind, string>> = { date: 'dd/mm/yyyy', timestamp: 'dd/mm/yyyy hh:mm', money: '#,##0.00', number: '0' };

export interface WorkbookInfo {
  /** The data sheet's name (at most 31 characters; Excel's forbidden characters are replaced). */
  sheet: string;
  title: string;
  /** Label–value lines for a second "About" sheet (what the file holds, the filter, when and by whom). */
  about: [string, string][];
}

/** One workbook: the rows on the first sheet (bold, frozen header row; typed cells; no formulas), then an About sheet. */
export async function tableXlsx<R>(columns: TableColumn<R>[], rows: R[], info: WorkbookInfo): Promise<Buffer> {
  const { Workbook } = await loadExcelJs();
  const wb = new Workbook();
  wb.title = safeText(info.title);
  const ws = wb.addWorksheet(info.sheet.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ width: c.width ?? (c.kind === 'text' ? 24 : 14) }));
  ws.addRow(columns.map((c) => safeText(c.header))).font = { bold: true };
  for (const r of rows) {
    const xr = ws.addRow([]);
    columns.forEach((c, i) => {
      const v = c.value(r);
      if (v === null || v === '') return;
      const cell = xr.getCell(i + 1);
      if (c.kind === 'date' || c.kind === 'timestamp') cell.value = excelDate(c.kind, String(v));
      // Our own code turns pence into pounds (BRIEF.md): the text "12.50" read as a number, never pence / 100.
      else if (c.kind === 'money') cell.value = Number(formatPenceNumber(Number(v)));
      else if (c.kind === 'number') cell.value = Number(v);
      else cell.value = safeText(String(v));
      const fmt = NUMBER_FORMATS[c.kind];
      if (fmt) cell.numFmt = fmt;
    });
  }
  if (rows.length > 0) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  const about = wb.addWorksheet('About');
  about.columns = [{ width: 24 }, { width: 80 }];
  for (const [k, v] of info.about) about.addRow([safeText(k), safeText(v)]);
  about.getColumn(1).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
