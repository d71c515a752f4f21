// Spreadsheet files built by the tests themselves: CSV (csv-stringify), XLSX (exceljs), and an Office-encrypted workbook's
// container (a real OLE compound file holding the EncryptionInfo and EncryptedPackage streams, as Excel writes one).
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';

export type Cell = string | number | Date | null | { formula: string; result?: unknown };

export function csvFile(rows: (string | number)[][], opts: { bom?: boolean; delimiter?: string } = {}): Buffer {
  const text = stringify(rows.map((r) => r.map(String)), { delimiter: opts.delimiter ?? ',', record_delimiter: '\r\n' });
  return Buffer.from(`${opts.bom === false ? '' : '\ufeff'}${text}`, 'utf8');
}

export async function xlsxFile(rows: Cell[][], opts: { sheetName?: string; merge?: string; extraSheets?: string[] } = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(opts.sheetName ?? 'Students');
  for (const r of rows) ws.addRow(r);
  if (opts.merge) ws.mergeCells(opts.merge);
  for (const name of opts.extraSheets ?? []) wb.addWorksheet(name).addRow(['notes']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * A minimal, valid compound file (version 3, 512-byte sectors) with the two streams of an encrypted OOXML package.
 * What matters to the app is what Excel's "Encrypt with Password" produces: not a zip, but this container.
 */
export function encryptedWorkbook(): Buffer {
  const SECTOR = 512;
  const END = 0xfffffffe;
  const FREE = 0xffffffff;
  const NOSTREAM = 0xffffffff;
  const streamSectors = 8; // 4096 bytes each: at the mini-stream cut-off, so they live in ordinary sectors
  const total = 2 + 2 * streamSectors;
  const out = Buffer.alloc(SECTOR * (1 + total));
  // header
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(out, 0);
  out.writeUInt16LE(0x003e, 24);
  out.writeUInt16LE(0x0003, 26);
  out.writeUInt16LE(0xfffe, 28);
  out.writeUInt16LE(9, 30);
  out.writeUInt16LE(6, 32);
  out.writeUInt32LE(1, 44); // one FAT sector
  out.writeUInt32LE(1, 48); // directory starts at sector 1
  out.writeUInt32LE(4096, 56);
  out.writeUInt32LE(END, 60);
  out.writeUInt32LE(END, 68);
  out.writeUInt32LE(0, 76); // DIFAT[0]: the FAT is sector 0
  for (let i = 1; i < 109; i++) out.writeUInt32LE(FREE, 76 + i * 4);
  const sector = (n: number) => SECTOR * (n + 1);
  // FAT
  const fat = (i: number, v: number) => out.writeUInt32LE(v, sector(0) + i * 4);
  for (let i = 0; i < 128; i++) fat(i, FREE);
  fat(0, 0xfffffffd);
  fat(1, END);
  for (let s = 0; s < 2; s++) {
    const first = 2 + s * streamSectors;
    for (let i = 0; i < streamSectors; i++) fat(first + i, i === streamSectors - 1 ? END : first + i + 1);
  }
  // directory
  const entry = (i: number, name: string, type: number, o: { right?: number; child?: number; start?: number; size?: number }) => {
    const at = sector(1) + i * 128;
    const encoded = Buffer.from(`${name}\0`, 'utf16le');
    encoded.copy(out, at);
    out.writeUInt16LE(encoded.length, at + 64);
    out.writeUInt8(type, at + 66);
    out.writeUInt8(1, at + 67);
    out.writeUInt32LE(NOSTREAM, at + 68);
    out.writeUInt32LE(o.right ?? NOSTREAM, at + 72);
    out.writeUInt32LE(o.child ?? NOSTREAM, at + 76);
    out.writeUInt32LE(o.start ?? END, at + 116);
    out.writeUInt32LE(o.size ?? 0, at + 120);
  };
  entry(0, 'Root Entry', 5, { child: 1 });
  entry(1, 'EncryptionInfo', 2, { right: 2, start: 2, size: 4096 });
  entry(2, 'EncryptedPackage', 2, { start: 2 + streamSectors, size: 4096 });
  for (let i = 3; i < 4; i++) {
    const at = sector(1) + i * 128;
    out.writeUInt32LE(NOSTREAM, at + 68);
    out.writeUInt32LE(NOSTREAM, at + 72);
    out.writeUInt32LE(NOSTREAM, at + 76);
  }
  // stream contents: an EncryptionInfo version header (4.4, agile) and bytes that look like ciphertext
  out.writeUInt16LE(4, sector(2));
  out.writeUInt16LE(4, sector(2) + 2);
  for (let i = 0; i < 4096; i++) out[sector(2 + streamSectors) + i] = (i * 131 + 7) & 0xff;
  return out;
}

export const b64 = (buf: Buffer) => buf.toString('base64');
