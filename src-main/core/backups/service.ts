// The backup service the core keeps while the database is open: a daily backup on a timer (not only at start), the
// deferred full check after a clean start, the second folder, the recovery passphrase, and the status a manager sees.
// Backups run one at a time; failures are kept (with the reason and code) and shown in Settings → Backups.
import { accessSync, constants, existsSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { LATEST_MIGRATION } from '../../../db/migrations/index';
import { ApiError } from '../../contract/errors';
import type { BackupEntry, BackupStatus } from '../../contract/backups';
import type { Db } from '../api/handlers';
import { checkAuditChainForBackup } from '../audit/chain';
import type { AuditPlace, BackupAuditHead } from '../audit/outside';
import { storageProblem } from '../db/errors';
import type { OpenedDatabase } from '../db/open';
import { checkFileInBackground } from './check';
import { createBackupKey, passphraseOpens, rewrapBackupKey, type BackupKey } from './crypto';
import { BackupFailedError, copyBackupTo, listBackups, pruneBackups, takeBackup, type BackupFile, type BackupKind } from './files';

const DAY_MS = 24 * 3600 * 1000;
const TIMER_MS = 15 * 60 * 1000;

export interface BackupConfig {
  key: BackupKey | null;
  secondFolder: string | null;
}

export async function readBackupConfig(db: Db): Promise<BackupConfig> {
  const rows = await db.selectFrom('backup_settings').select(['key', 'value']).execute();
  const get = (k: string) => rows.find((r) => r.key === k)?.value;
  const key = get('key');
  const second = get('secondFolder');
  return { key: key ? (JSON.parse(key) as BackupKey) : null, secondFolder: second ? (JSON.parse(second) as string) : null };
}

async function writeBackupSetting(db: Db, key: 'key' | 'secondFolder', value: unknown): Promise<void> {
  if (value === null) {
    await db.deleteFrom('backup_settings').where('key', '=', key).execute();
    return;
  }
  const v = JSON.stringify(value);
  await db
    .insertInto('backup_settings')
    .values({ key, value: v })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: v }))
    .execute();
}

export class BackupService {
  private chain: Promise<unknown> = Promise.resolve();
  private timer: ReturnType<typeof setInterval> | null = null;
  private lastFailure: BackupStatus['lastFailure'] = null;
  private secondFolderProblem: string | null = null;
  private lastCheck: BackupStatus['lastCheck'] = null;
  private lastAuditCheck: BackupStatus['auditChain'] = null;

  constructor(
    private readonly database: () => OpenedDatabase,
    private readonly now: () => Date,
  ) {}

  private get base(): string {
    return path.parse(this.database().file).name;
  }

  /**
   * After start: the deferred full check (if the open skipped it), then the daily backup if due; then every 15 minutes.
   * Resolves when the first round is done (never rejects: failures are kept for the status).
   */
  start(): Promise<void> {
    const opened = this.database();
    const first = this.exclusive(async () => {
      if (opened.fullCheckDeferred) await this.fullCheck(opened);
    })
      .then(() => this.dailyIfDue())
      .then(
        () => undefined,
        () => undefined,
      );
    if (!this.timer) {
      this.timer = setInterval(() => void this.dailyIfDue().catch(() => undefined), TIMER_MS);
      this.timer.unref?.();
    }
    return first;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Waits for a running backup to finish (before closing or swapping the database). */
  async idle(): Promise<void> {
    await this.chain.catch(() => undefined);
  }

  /** Runs `fn` when no backup is running, and holds the next one back until it is done. */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.catch(() => undefined).then(fn);
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async fullCheck(opened: OpenedDatabase): Promise<void> {
    const at = this.now().toISOString();
    try {
      const problems = await checkFileInBackground({ file: opened.file, immutable: false, nativeBinding: opened.nativeBinding });
      this.lastCheck = { at, ok: problems.length === 0, problems };
      if (problems.length > 0) console.error(`[backups] the background check of ${opened.file} found problems:`, problems.join('; '));
    } catch (e) {
      this.lastCheck = { at, ok: false, problems: [(e as Error).message] };
    }
  }

  async dailyIfDue(): Promise<BackupEntry | null> {
    const last = listBackups(this.database().backupsDir, this.base).find((f) => f.kind === 'daily');
    if (last && this.now().getTime() - Date.parse(last.takenAt) < DAY_MS) return null;
    return this.take('daily');
  }

  /** Takes a verified backup, copies it to the second folder, prunes both. Failures are recorded, then rethrown. */
  take(kind: BackupKind): Promise<BackupEntry> {
    return this.exclusive(async () => {
      const opened = this.database();
      const config = await readBackupConfig(opened.db);
      // Verify the audit log's hash chain against the copies kept outside it (issue 16), on one snapshot while work goes
      // on. A broken chain never stops the backup — it is evidence — but the backup is marked (its header says the log
      // was not intact, so it is never trusted as a copy later) and the break is shown in Settings → Backups and on the
      // data security page until a check finds the log intact again.
      const audit = await this.checkAuditChain(opened);
      let file: BackupFile;
      try {
        file = await takeBackup(opened.sqlite, { dir: opened.backupsDir, base: this.base, kind, now: this.now(), key: config.key, schema: LATEST_MIGRATION, nativeBinding: opened.nativeBinding, audit });
        pruneBackups(opened.backupsDir, this.base);
      } catch (e) {
        const problem = storageProblem(e);
        const code = e instanceof BackupFailedError ? e.code : (problem?.code ?? 'UNKNOWN');
        const message =
          e instanceof BackupFailedError
            ? e.message
            : problem?.kind === 'disk-full'
              ? `The backup could not be made because the disk is full. Please free some space; the app will try again within the hour. Your data is safe in the database.`
              : problem
                ? `The backup could not be made: ${problem.message.replace(' Nothing was saved.', '')}`
                : `The backup could not be made (${(e as Error).message}).`;
        console.error(`[backups] ${kind} backup failed (${code}):`, (e as Error).message);
        this.lastFailure = { at: this.now().toISOString(), message, code };
        throw new ApiError('backup.failed', message);
      }
      this.lastFailure = null;
      this.lastCheck = { at: file.takenAt, ok: true, problems: [] };
      if (config.secondFolder) this.copyToSecond(file, config.secondFolder);
      return toEntry(file, 'main');
    });
  }

  /** Where the copies of the audit head are: the file beside the database and both backup folders. */
  async auditPlace(db: Db): Promise<AuditPlace> {
    const opened = this.database();
    const { secondFolder } = await readBackupConfig(db);
    return { dbFile: opened.file, backupFolders: [{ dir: opened.backupsDir, base: this.base }, ...(secondFolder ? [{ dir: secondFolder, base: this.base }] : [])] };
  }

  private async checkAuditChain(opened: OpenedDatabase): Promise<BackupAuditHead | null> {
    const at = this.now().toISOString();
    try {
      const { verification, audit } = await checkAuditChainForBackup(opened.db, this.now(), { place: await this.auditPlace(opened.db), snapshot: opened.withSnapshot });
      this.lastAuditCheck = { at, ok: verification.ok, firstBadId: verification.firstBadId, problem: verification.problem };
      if (!verification.ok) console.error('[backups] the audit log is not intact:', verification.problem);
      return audit;
    } catch (e) {
      console.error('[backups] the audit chain check failed:', (e as Error).message);
      this.lastAuditCheck = { at, ok: false, firstBadId: null, problem: `The audit log could not be checked before this backup (${(e as Error).message}).` };
      return null;
    }
  }

  private copyToSecond(file: BackupFile, folder: string): void {
    try {
      if (!file.encrypted) throw new Error('Backups are copied to a second folder only once they are encrypted: please set a recovery passphrase.');
      copyBackupTo(file, folder);
      pruneBackups(folder, this.base);
      this.secondFolderProblem = null;
    } catch (e) {
      const problem = storageProblem(e);
      this.secondFolderProblem = `The latest backup could not be copied to ${folder}: ${problem?.kind === 'missing-folder' ? 'the folder cannot be found (is the drive plugged in?)' : (problem?.message ?? (e as Error).message)}`;
      console.error(`[backups] copying to the second folder failed (${problem?.code ?? 'UNKNOWN'}):`, (e as Error).message);
    }
  }

  async status(db: Db): Promise<BackupStatus> {
    const opened = this.database();
    const config = await readBackupConfig(db);
    const files = listBackups(opened.backupsDir, this.base);
    const lastDaily = files.find((f) => f.kind === 'daily');
    return {
      folder: opened.backupsDir,
      secondFolder: config.secondFolder,
      encrypted: !!config.key,
      lastBackup: files[0] ? toEntry(files[0], 'main') : null,
      lastVerified: !!files[0],
      nextDue: lastDaily ? new Date(Date.parse(lastDaily.takenAt) + DAY_MS).toISOString() : this.now().toISOString(),
      lastFailure: this.lastFailure,
      secondFolderProblem: this.secondFolderProblem,
      lastCheck: this.lastCheck,
      auditChain: this.lastAuditCheck,
    };
  }

  async list(db: Db): Promise<BackupEntry[]> {
    const { secondFolder } = await readBackupConfig(db);
    const main = listBackups(this.database().backupsDir, this.base).map((f) => toEntry(f, 'main'));
    const second = secondFolder && existsSync(secondFolder) ? listBackups(secondFolder, this.base).map((f) => toEntry(f, 'second')) : [];
    return [...main, ...second].sort((a, b) => b.takenAt.localeCompare(a.takenAt));
  }

  /** The full path of a listed backup (by name only: a name can never point outside its folder). */
  async pathOf(db: Db, name: string, folder: 'main' | 'second'): Promise<string> {
    const dir = folder === 'main' ? this.database().backupsDir : (await readBackupConfig(db)).secondFolder;
    const found = dir ? listBackups(dir, this.base).find((f) => f.name === name) : undefined;
    if (!found) throw new ApiError('record.not-found', 'That backup is no longer there. Please refresh the list.');
    return found.path;
  }

  async setSecondFolder(db: Db, folder: string | null): Promise<void> {
    if (folder === null || folder === '') {
      await writeBackupSetting(db, 'secondFolder', null);
      this.secondFolderProblem = null;
      return;
    }
    const config = await readBackupConfig(db);
    if (!config.key) throw new ApiError('input.invalid', 'Please set a recovery passphrase first: backups that leave this desk must be encrypted.', { fields: { folder: 'Set a recovery passphrase first.' } });
    if (!path.isAbsolute(folder)) throw fieldError('Please enter the folder’s full path (for example E:\\Backups).');
    if (path.resolve(folder) === path.resolve(this.database().backupsDir)) throw fieldError('That is the main backups folder already; please choose a different place (a USB drive or a network folder).');
    if (!existsSync(folder) || !statSync(folder).isDirectory()) throw fieldError('That folder cannot be found. Please check the drive is connected and the path is right.');
    const probe = path.join(folder, `.recovery-college-desk-probe-${process.pid}`);
    try {
      accessSync(folder, constants.W_OK);
      writeFileSync(probe, 'probe');
      rmSync(probe, { force: true });
    } catch (e) {
      rmSync(probe, { force: true });
      throw fieldError(`The app cannot write to that folder (${storageProblem(e)?.code ?? (e as Error).message}). Please choose a folder you can save files in.`);
    }
    await writeBackupSetting(db, 'secondFolder', path.resolve(folder));
  }

  async setPassphrase(db: Db, input: { passphrase: string; currentPassphrase?: string; startAfresh: boolean }): Promise<void> {
    const { key } = await readBackupConfig(db);
    let next: BackupKey;
    if (!key || input.startAfresh) {
      next = await createBackupKey(input.passphrase);
    } else {
      if (!input.currentPassphrase) {
        throw new ApiError('input.invalid', 'Please enter the current recovery passphrase (or choose to start afresh if it has been lost).', {
          fields: { currentPassphrase: 'Please enter the current recovery passphrase.' },
        });
      }
      if (!(await passphraseOpens(key, input.currentPassphrase))) {
        throw new ApiError('input.invalid', 'The current recovery passphrase is not right.', { fields: { currentPassphrase: 'This is not the current recovery passphrase.' } });
      }
      next = await rewrapBackupKey(key, input.currentPassphrase, input.passphrase);
    }
    await writeBackupSetting(db, 'key', next);
  }
}

function fieldError(message: string): ApiError {
  return new ApiError('input.invalid', message, { fields: { folder: message } });
}

function toEntry(f: BackupFile, folder: 'main' | 'second'): BackupEntry {
  return { name: f.name, folder, kind: f.kind, takenAt: f.takenAt, encrypted: f.encrypted, bytes: f.bytes };
}
