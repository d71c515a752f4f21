// Where a desk's server password is kept: an interface only. The desktop app keeps it with the OS key store in its main
// process (shell/credentials.ts, reached from the core's process over the host channel); tests use the one below.

/** Keeps secrets by name. `set` throws `KeyStoreUnavailableError` when nothing safe is available to keep them. */
export interface CredentialStore {
  get(key: string): Promise<string | null>;
  set(key: string, secret: string): Promise<void>;
  delete(key: string): Promise<void>;
}

/** Nothing can keep a password safely on this computer (no OS key store); the message says so in plain words. */
export class KeyStoreUnavailableError extends Error {
  constructor(message = 'This computer has no safe place to keep the server password (its key store is not available), so it was not saved. Ask IT to check the computer’s key store (on Linux: a keyring such as GNOME Keyring or KWallet).') {
    super(message);
    this.name = 'KeyStoreUnavailableError';
  }
}

/** The name a server password is kept under: one per server, database and user, so it is never sent to another server. */
export function credentialKey(config: { host: string; port: number; database: string; user: string }): string {
  return `postgres://${config.user}@${config.host.toLowerCase()}:${config.port}/${config.database}`;
}

/** TESTS AND THE BROWSER HARNESS ONLY: keeps secrets in this process's memory, unencrypted, gone when it ends. */
export class InMemoryCredentialStoreForTests implements CredentialStore {
  private readonly secrets = new Map<string, string>();
  async get(key: string): Promise<string | null> {
    return this.secrets.get(key) ?? null;
  }
  async set(key: string, secret: string): Promise<void> {
    this.secrets.set(key, secret);
  }
  async delete(key: string): Promise<void> {
    this.secrets.delete(key);
  }
}
