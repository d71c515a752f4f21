// Storage failures (disk full, read-only folder, locked file, I/O error…) told apart, each with a plain message staff
// can act on, and the SQLite or system error code kept for the log.

export type StorageProblemKind = 'disk-full' | 'read-only' | 'locked' | 'io' | 'missing-folder' | 'corrupt';

export interface StorageProblem {
  kind: StorageProblemKind;
  /** The SQLite (`SQLITE_FULL`, `SQLITE_IOERR_WRITE`…) or system (`ENOSPC`) code, for the log. */
  code: string;
  /** For staff: what went wrong and what to do. */
  message: string;
}

const MESSAGES: Record<StorageProblemKind, string> = {
  'disk-full': 'The disk is full: free some space, then try again — nothing was saved.',
  'read-only':
    'The database folder cannot be written to (it is read-only, or this Windows account may not change it). Nothing was saved. Please ask IT to check the folder’s permissions.',
  locked: 'The database is locked by another program (a backup or antivirus tool, or a second copy of the app). Nothing was saved. Please wait a moment and try again; if it keeps happening, close other programs or restart the computer.',
  io: 'The computer could not read or write the database file (a disk or drive error). Nothing was saved. Please try again; if it keeps happening, ask IT to check the disk, and keep the latest backup safe.',
  'missing-folder': 'The folder for the database or its backups cannot be found (a drive may have been unplugged). Nothing was saved. Please reconnect it, or choose another folder.',
  corrupt: 'The database file is damaged. Nothing was saved. Please ask a manager to restore the latest backup (Settings → Backups).',
};

/** Classifies an error from SQLite or the file system; null when it is not a storage problem. */
export function storageProblem(e: unknown): StorageProblem | null {
  const code = typeof (e as { code?: unknown } | null)?.code === 'string' ? (e as { code: string }).code : '';
  const kind = kindOf(code);
  return kind ? { kind, code, message: MESSAGES[kind] } : null;
}

function kindOf(code: string): StorageProblemKind | null {
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') return 'disk-full';
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS' || code === 'EACCES' || code === 'EPERM' || code === 'SQLITE_PERM') return 'read-only';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED') || code === 'EBUSY') return 'locked';
  if (code === 'SQLITE_IOERR_NOMEM') return null;
  if (code.startsWith('SQLITE_IOERR') || code === 'EIO' || code === 'SQLITE_PROTOCOL') return 'io';
  if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'SQLITE_CANTOPEN') return 'missing-folder';
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return 'corrupt';
  return null;
}

export function storageMessage(kind: StorageProblemKind): string {
  return MESSAGES[kind];
}
