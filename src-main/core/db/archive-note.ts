// The note left beside a desk file whose data has moved to the college's server (db/portable/move.ts writes it; open.ts
// reads it, so the archive is never opened as the live database again).
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The note left beside a desk file whose data now lives on the college's server. */
export interface ArchiveNote {
  movedAt: string;
  /** Where to: host, port and database (never a password). */
  server: { host: string | null; port: number | null; database: string | null };
  schema: string;
  tables: { name: string; rows: number; sha256: string }[];
  note: string;
}

export function archiveNoteFile(deskFile: string): string {
  return `${path.resolve(deskFile)}.moved-to-server.json`;
}

/**
 * The note beside a desk file that has been moved to the server, or null. open.ts refuses to use the archive as a live
 * database ("this college's data now lives on the server").
 */
export function readArchiveNote(deskFile: string): ArchiveNote | null {
  try {
    return JSON.parse(readFileSync(archiveNoteFile(deskFile), 'utf8')) as ArchiveNote;
  } catch {
    return null;
  }
}

