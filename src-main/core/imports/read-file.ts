// Reads a CSV or XLSX file into a plain table of text, refusing what is not a plain spreadsheet: the wrong type (by its
// bytes, not its name), an encrypted workbook, too big, formulas, merged cells, no rows.
import { parse } from 'csv-parse/sync';
import type ExcelJS from 'exceljs';
import { ApiError } from '../../contract/errors';
import { IMPORT_MAX_BYTES, IMPORT_MAX_COLUMNS, IMPORT_MAX_ROWS, IMPORT_TOO_BIG, type ImportRow, type ImportTable } from '../../contract/imports';
import { loadExcelJs, loadFileType } from '../files/libraries';

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Every OLE compound file (an old .xls, or an encrypted .xlsx wrapped in one) starts with these bytes. */
const CFB_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

export const REFUSALS = {
  empty: 'This file is empty. Please check you chose the right file, and that it was saved with the records in it.',
  unreadable: 'The file could not be read. Please choose it again.',
  encrypted:
    'This spreadsheet is protected with a password, so the app cannot read it. Please open it in Excel, remove the password (File → Info → Protect Workbook → Encrypt with Password, and clear it), save it, and choose it again.',
  oldExcel: 'This is an older Excel file (.xls), which the app does not read. Please open it in Excel and save it as an Excel Workbook (.xlsx) or as CSV, then choose that file.',
  badXlsx: 'This Excel file could not be read; it may be damaged. Please open it in Excel, save it again as an Excel Workbook (.xlsx) or as CSV, and choose the new file.',
  noRows: 'This file has headings but no rows of records under them, so there is nothing to import.',
  noSheet: 'This workbook has no sheet with anything in it, so there is nothing to import.',
  binary: 'This file is not a spreadsheet. Please choose a CSV file or an Excel Workbook (.xlsx).',
  tooManyRows: `This file has more than ${IMPORT_MAX_ROWS.toLocaleString('en-GB')} rows. Please split it into smaller files and import them one at a time.`,
  tooManyColumns: `This sheet has more than ${IMPORT_MAX_COLUMNS} columns. Please keep just the columns with the records’ details and choose the file again.`,
} as const;

function refuse(message: string): never {
  throw new ApiError('input.invalid', message, { fields: { file: message } });
}

/** What a person would call a file type that is not a spreadsheet. */
function wrongType(ext: string, mime: string): string {
  if (mime === 'application/vnd.oasis.opendocument.spreadsheet') {
    return 'This is an OpenDocument spreadsheet (.ods), which the app does not read. Please save it as an Excel Workbook (.xlsx) or as CSV and choose that file.';
  }
  return `This file is a ${ext.toUpperCase()} file, not a spreadsheet. Please choose a CSV file or an Excel Workbook (.xlsx).`;
}

export async function readImportFile(fileName: string, base64: string): Promise<ImportTable> {
  const cleaned = base64.replace(/^data:[^;,]*;base64,/, '').replace(/\s/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(cleaned)) refuse(REFUSALS.unreadable);
  const bytes = Buffer.from(cleaned, 'base64');
  if (bytes.length === 0) refuse(REFUSALS.empty);
  if (bytes.length > IMPORT_MAX_BYTES) refuse(IMPORT_TOO_BIG);

  // An encrypted .xlsx is not a zip at all: Office wraps it in a compound file with an "EncryptedPackage" stream.
  if (bytes.subarray(0, 8).equals(CFB_MAGIC)) {
    refuse(bytes.includes(Buffer.from('EncryptedPackage', 'utf16le')) || bytes.includes(Buffer.from('EncryptionInfo', 'utf16le')) ? REFUSALS.encrypted : REFUSALS.oldExcel);
  }
  const { fileTypeFromBuffer } = await loadFileType();
  const detected = await fileTypeFromBuffer(bytes);
  let table: Omit<ImportTable, 'fileName'>;
  if (detected?.mime === XLSX_MIME || (detected?.ext === 'zip' && bytes.includes(Buffer.from('xl/workbook.xml')))) {
    table = await readXlsx(bytes);
  } else if (detected) {
    return refuse(wrongType(detected.ext, detected.mime));
  } else {
    table = readCsv(bytes);
  }
  return { fileName, ...table };
}

// ── CSV ────────────────────────────────────────────────────────
/** Text from the bytes: UTF-8 (with or without a BOM), UTF-16 (Excel's "Unicode text"), else Windows-1252 (Excel's plain "CSV" on Windows). */
function decodeText(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  if (bytes.subarray(0, 4096).includes(0)) refuse(REFUSALS.binary);
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return new TextDecoder('windows-1252').decode(body);
  }
}

/** Comma, semicolon (Excel in much of Europe) or tab, whichever the heading line uses most. */
function guessDelimiter(text: string): string {
  const firstLine = text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  const outside = firstLine.replace(/"[^"]*"/g, '');
  const counts = [',', ';', '\t'].map((d) => [d, outside.split(d).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0][1] > 0 ? counts[0][0] : ',';
}

function readCsv(bytes: Buffer): Omit<ImportTable, 'fileName'> {
  const text = decodeText(bytes);
  if (text.trim() === '') refuse(REFUSALS.empty);
  let records: string[][];
  try {
    records = parse(text, { delimiter: guessDelimiter(text), relax_column_count: true, skip_empty_lines: false, bom: true, trim: false, max_record_size: 1_000_000 }) as string[][];
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    return refuse(
      `This CSV file could not be read${line ? ` (near line ${line})` : ''}: a quotation mark may be missing. Please open it in a spreadsheet program, save it as CSV again, and choose the new file.`,
    );
  }
  // Row numbers as a spreadsheet program shows them: one per record, blank lines included.
  return toTable(records.map((cells, i) => ({ n: i + 1, cells })), null, 0);
}

// ── XLSX ───────────────────────────────────────────────────────
async function readXlsx(bytes: Buffer): Promise<Omit<ImportTable, 'fileName'>> {
  const Excel = await loadExcelJs();
  const workbook = new Excel.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    return refuse(REFUSALS.badXlsx);
  }
  const sheets = workbook.worksheets.filter((ws) => ws.state !== 'hidden' && ws.state !== 'veryHidden');
  const sheet = sheets.find((ws) => ws.actualRowCount > 0);
  if (!sheet) return refuse(REFUSALS.noSheet);
  if (sheet.rowCount > IMPORT_MAX_ROWS + 1) refuse(REFUSALS.tooManyRows);

  const merges = (sheet.model as { merges?: string[] }).merges ?? [];
  if (merges.length > 0) {
    const named = merges.slice(0, 3).join(', ');
    refuse(
      `Some cells in the sheet “${sheet.name}” are merged (${named}${merges.length > 3 ? ` and ${merges.length - 3} more` : ''}), so the app cannot tell which row or column they belong to. Please unmerge them (Home → Merge & Center → Unmerge Cells), fill in each cell, save, and choose the file again.`,
    );
  }

  const rows: ImportRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (c, col) => {
      if (col > IMPORT_MAX_COLUMNS) refuse(REFUSALS.tooManyColumns);
      cells[col - 1] = cellText(c, sheet.name, Excel.ValueType);
    });
    for (let i = 0; i < cells.length; i++) cells[i] ??= '';
    rows.push({ n: rowNumber, cells });
  });
  return toTable(rows, sheet.name, sheets.length - 1);
}

/** A cell's value as the person sees it; a formula is refused, naming the cell, rather than guessing at its last result. */
function cellText(c: ExcelJS.Cell, sheetName: string, types: typeof ExcelJS.ValueType): string {
  if (c.type === types.Formula || c.formula || (c.value !== null && typeof c.value === 'object' && ('formula' in c.value || 'sharedFormula' in c.value))) {
    refuse(
      `Cell ${c.address} in the sheet “${sheetName}” holds a formula${c.formula ? ` (=${c.formula.slice(0, 60)})` : ''}. The app imports typed values only, so a formula cannot change what is imported later. Please copy the sheet, paste it back with Paste Special → Values, save, and choose the file again.`,
    );
  }
  const v = c.value;
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10);
  if (typeof v === 'number') return Number.isInteger(v) ? v.toFixed(0) : String(v);
  if (typeof v === 'boolean') return v ? 'Yes' : 'No';
  if (typeof v === 'string') return v;
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('text' in v && typeof v.text === 'string') return v.text;
    if ('error' in v) return String(v.error);
  }
  return String(c.text ?? '');
}

/** Heading row = first row with anything in it; data = non-empty rows after it; trailing empty columns dropped. */
function toTable(all: ImportRow[], sheetName: string | null, otherSheets: number): Omit<ImportTable, 'fileName'> {
  const filled = all.filter((r) => r.cells.some((c) => c.trim() !== ''));
  if (filled.length === 0) refuse(REFUSALS.empty);
  const [head, ...data] = filled;
  if (data.length === 0) refuse(REFUSALS.noRows);
  if (data.length > IMPORT_MAX_ROWS) refuse(REFUSALS.tooManyRows);
  const lastUsed = (cells: string[]) => {
    for (let i = cells.length - 1; i >= 0; i--) if (cells[i].trim() !== '') return i + 1;
    return 0;
  };
  const width = Math.max(lastUsed(head.cells), ...data.map((r) => lastUsed(r.cells)));
  if (width > IMPORT_MAX_COLUMNS) refuse(REFUSALS.tooManyColumns);
  const headers = Array.from({ length: width }, (_, i) => head.cells[i]?.trim() || `Column ${columnLetter(i)}`);
  const rows = data.map((r) => ({ n: r.n, cells: Array.from({ length: width }, (_, i) => (r.cells[i] ?? '').trim()) }));
  return { sheetName, otherSheets, headers, rows };
}

export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}
