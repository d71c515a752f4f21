// The desktop app's keeper of the college server's password: encrypted with the operating system's key store (Electron's
// safeStorage: DPAPI on Windows, the Keychain on macOS, the Secret Service or KWallet on Linux) and written to a file in
// the app's user-data folder. The core asks for it over the host channel (host/client.ts); it never holds a key itself.
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { CredentialStore } from '../host/protocol';

/** The part of Electron's `safeStorage` used here (a stand-in in tests). */
export interface OsKeyStore {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: `basic_text` means no real key store was found and Electron would use a fixed, well-known key. */
  getSelectedStorageBackend?(): string;
}

export const CREDENTIALS_FILE = 'desk-credentials.json';

const UNAVAILABLE =
  'This computer has no safe place to keep the server password (its key store is not available), so it was not saved. ' +
  'Ask IT to check the computer’s key store (on Linux: a keyring such as GNOME Keyring or KWallet, unlocked at sign-in).';

interface KeptFile {
  v: 1;
  /** Key → the OS key store's encryption of the secret, in base64. */
  secrets: Record<string, string>;
}

export class SafeStorageCredentialStore implements CredentialStore {
  /** `keyStore` is read when first needed, after the app is ready (safeStorage is not usable before). */
  constructor(
    private readonly file: string,
    private readonly keyStore: () => OsKeyStore,
  ) {}

  async get(key: string): Promise<string | null> {
    const kept = this.read().secrets[key];
    if (kept === undefined) return null;
    try {
      return this.usable().decryptString(Buffer.from(kept, 'base64'));
    } catch (e) {
      // Another user's or another computer's key store, or a reset one: the password has to be entered again.
      console.error('[shell] a kept server password could not be decrypted:', (e as Error).message);
      return null;
    }
  }

  async set(key: string, secret: string): Promise<void> {
    const encrypted = this.usable().encryptString(secret).toString('base64');
    const kept = this.read();
    kept.secrets[key] = encrypted;
    this.write(kept);
  }

  async delete(key: string): Promise<void> {
    const kept = this.read();
    if (!(key in kept.secrets)) return;
    delete kept.secrets[key];
    this.write(kept);
  }

  private usable(): OsKeyStore {
    const store = this.keyStore();
    const backend = store.getSelectedStorageBackend?.();
    if (!store.isEncryptionAvailable() || backend === 'basic_text') throw Object.assign(new Error(UNAVAILABLE), { name: 'KeyStoreUnavailableError' });
    return store;
  }

  private read(): KeptFile {
    if (!existsSync(this.file)) return { v: 1, secrets: {} };
    try {
      const parsed = JSON.parse(readFileSync(this.file, 'utf8')) as KeptFile;
      return { v: 1, secrets: typeof parsed.secrets === 'object' && parsed.secrets ? { ...parsed.secrets } : {} };
    } catch (e) {
      console.error('[shell] the kept passwords file cannot be read; starting a new one:', (e as Error).message);
      return { v: 1, secrets: {} };
    }
  }

  /** A new file, flushed, renamed over the old one: a crash leaves the old file or the new, readable by this user only. */
  private write(kept: KeptFile): void {
    mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${randomBytes(4).toString('hex')}.tmp`;
    const fd = openSync(tmp, 'wx', 0o600);
    try {
      writeSync(fd, JSON.stringify(kept));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    try {
      renameSync(tmp, this.file);
    } catch (e) {
      rmSync(tmp, { force: true });
      throw e;
    }
  }
}
