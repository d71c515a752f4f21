// The portable export format (issue 12: moving a desk's database to the college's server and back): one gzip file of
// JSON lines, read and written as a stream, the same whichever engine it came from or goes to.
//
//   {"format":"recovery-college-desk-export","formatVersion":1,"schema":"0013_…","createdAt":"…","sourceEngine":"sqlite","tables":[{"name":"staff","rows":3},…]}
//   {"table":"staff","columns":["id","username",…]}      then one line per row, a JSON array in that column order
//   [1,"first.manager",…]
//   {"end":"staff","rows":3,"sha256":"…"}                 …and so on for every table, in foreign-key order
//   {"manifest":{…the first line's fields…,"tables":[{"name","columns","rows","sha256"},…]}}
//
// A row's line is its canonical form: integers as JSON numbers, text as JSON strings, null, and a blob (a receipt, a
// return's stored file) as {"b64":"…"}. A table's checksum is the SHA-256 of its rows' lines (each ending "\n") in
// primary-key order, so the same rows give the same checksum read from SQLite, from PostgreSQL or from the file.
import { createHash, type Hash } from 'node:crypto';

export const FORMAT = 'recovery-college-desk-export';
export const FORMAT_VERSION = 1;

export interface ExportHeader {
  format: typeof FORMAT;
  formatVersion: number;
  /** The app's schema version (the last migration) of the database it came from. */
  schema: string;
  createdAt: string;
  sourceEngine: 'sqlite' | 'postgres';
  /** Each table's row count, known before the rows (for progress). */
  tables: { name: string; rows: number }[];
}

export interface TableManifest {
  name: string;
  columns: string[];
  rows: number;
  sha256: string;
}

export interface Manifest extends Omit<ExportHeader, 'tables'> {
  tables: TableManifest[];
}

export type Line = ExportHeader | { table: string; columns: string[] } | { end: string; rows: number; sha256: string } | { manifest: Manifest } | CanonicalValue[];

export type CanonicalValue = number | string | null | { b64: string };

/** A value as the file (and the checksum) holds it. Anything but an integer, text, null or bytes is refused. */
export function canonicalValue(value: unknown, where: () => string): CanonicalValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new Error(`${where()} holds ${value}, which is not a whole number the export can carry exactly.`);
    return value;
  }
  if (typeof value === 'bigint') {
    if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) throw new Error(`${where()} holds ${value}, too large to carry exactly.`);
    return Number(value);
  }
  if (value instanceof Uint8Array) return { b64: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
  throw new Error(`${where()} holds a value of a kind the export cannot carry (${typeof value}).`);
}

/** A canonical value as the database takes it back: bytes as a Buffer (SQLite's blob, PostgreSQL's bytea). */
export function databaseValue(value: CanonicalValue): number | string | null | Buffer {
  if (value !== null && typeof value === 'object') return Buffer.from(value.b64, 'base64');
  return value;
}

/** A table's row count and checksum, fed one canonical row line at a time. */
export class TableDigest {
  rows = 0;
  private readonly hash: Hash = createHash('sha256');

  add(line: string): void {
    this.hash.update(line);
    this.hash.update('\n');
    this.rows++;
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}

/** The export file was not made by this app, or has been damaged or changed since. `table`: where it was found. */
export class ExportDamagedError extends Error {
  constructor(
    message: string,
    readonly table: string | null = null,
  ) {
    super(message);
    this.name = 'ExportDamagedError';
  }
}
