// Backups and restore: the status a manager sees, taking a backup now, the second folder, the recovery passphrase,
// and restoring a backup (inspect first, then restore with confirmation).
import { z } from 'zod';
import { method, none, type MethodSpec } from './define';

export type BackupKind = 'daily' | 'manual' | 'before-upgrade' | 'before-restore';

export interface BackupEntry {
  name: string;
  /** `main`: the backups folder beside the database; `second`: the extra folder a manager chose. */
  folder: 'main' | 'second';
  kind: BackupKind;
  takenAt: string;
  encrypted: boolean;
  bytes: number;
}

export interface BackupStatus {
  folder: string;
  secondFolder: string | null;
  /** A recovery passphrase is set, so new backups are encrypted. */
  encrypted: boolean;
  lastBackup: BackupEntry | null;
  /** The last backup passed `integrity_check` before it was kept (every backup the app keeps does). */
  lastVerified: boolean;
  nextDue: string | null;
  lastFailure: { at: string; message: string; code: string } | null;
  /** Copying to the second folder failed last time (the backup itself is safe in the main folder). */
  secondFolderProblem: string | null;
  lastCheck: { at: string; ok: boolean; problems: string[] } | null;
  /** The audit log's check just before the last backup (issue 16): a break is shown here; the backup was still kept. */
  auditChain: { at: string; ok: boolean; firstBadId: number | null; problem: string | null } | null;
}

export interface DatabaseCounts {
  students: number;
  sessions: number;
  marks: number;
  claims: number;
}

export interface BackupInspection {
  /** The backup's name in a backups folder, or the file's path. */
  source: string;
  takenAt: string;
  schema: string | null;
  /** Made by an older version: restoring it upgrades it (after a backup of it). */
  schemaOlder: boolean;
  encrypted: boolean;
  counts: DatabaseCounts;
  current: DatabaseCounts;
}

export interface RestoreResult {
  restoredFrom: string;
  /** Where the database that was replaced now is (it is never deleted). */
  setAside: string;
}

export const passphraseSchema = z
  .string({ error: 'Please enter a recovery passphrase.' })
  .min(12, 'A recovery passphrase needs at least 12 characters — a few unrelated words work well.')
  .max(200, 'A recovery passphrase can be at most 200 characters.');

const sourceSchema = z.union([
  z.object({ name: z.string().min(1).max(200), folder: z.enum(['main', 'second']).default('main') }),
  z.object({ file: z.string().trim().min(1, 'Please enter the backup file’s full path.').max(1000) }),
]);

const restoreInput = z.object({ source: sourceSchema, passphrase: z.string().max(200).optional() });

// `takeNow`, `inspect` and `restore` are declared `read`: they must not run inside the call's transaction (a backup
// holds the connection for seconds; a restore closes and swaps the database). The restore writes its own audit rows,
// in the replaced database and in the restored one.
export const backupMethods = {
  'backups.status': method<BackupStatus>()({ kind: 'read', input: none, access: 'backups.manage', summary: 'Last backup, whether it was verified, where backups go, when the next is due, and any failure.', refuses: ['training.live-only', 'backup.on-server'] }),
  'backups.list': method<BackupEntry[]>()({ kind: 'read', input: none, access: 'backups.manage', summary: 'Every backup in the backups folder and the second folder, newest first.', refuses: ['training.live-only', 'backup.on-server'] }),
  'backups.takeNow': method<BackupEntry>()({ kind: 'read', input: none, access: 'backups.manage', summary: 'Take a verified backup now.', refuses: ['backup.failed', 'training.live-only', 'backup.on-server'] }),
  'backups.setSecondFolder': method<BackupStatus>()({ kind: 'write',
    input: z.object({ folder: z.string().trim().max(1000).nullable() }),
    access: 'backups.manage',
    summary: 'Choose (or stop using) a second folder that every backup is copied to, such as a USB drive or network folder.',
    refuses: ['training.live-only', 'backup.on-server'],
  }),
  'backups.setPassphrase': method<BackupStatus>()({ kind: 'write',
    input: z.object({ passphrase: passphraseSchema, currentPassphrase: z.string().max(200).optional(), startAfresh: z.boolean().default(false) }),
    access: 'backups.manage',
    summary: 'Set or change the recovery passphrase that encrypts backups.',
    refuses: ['training.live-only', 'backup.on-server'],
  }),
  'backups.inspect': method<BackupInspection>()({ kind: 'read',
    input: restoreInput,
    access: 'backups.manage',
    summary: 'Check a backup (decrypt, integrity check, version) and compare its counts with the current database.',
    refuses: ['record.not-found', 'training.live-only', 'backup.on-server'],
  }),
  'backups.restore': method<RestoreResult>()({ kind: 'read',
    input: restoreInput.extend({ confirm: z.literal(true, { error: 'Please confirm the restore.' }) }),
    access: 'backups.manage',
    summary: 'Replace the current database with a checked backup; the current one is kept aside, never deleted.',
    refuses: ['record.not-found', 'training.live-only', 'backup.on-server'],
  }),
} satisfies Record<string, MethodSpec>;
