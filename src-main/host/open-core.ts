// Opens the real core inside the core's process. The demo generator is loaded only when the training database is offered.
import path from 'node:path';
import { Core } from '../core/api/core';
import { serverOptionsFor } from '../core/server/config';
import { InMemoryCredentialStoreForTests } from '../core/server/credentials';
import type { HostedCore, HostServices } from './host';
import type { HostCoreOptions } from './protocol';

export async function openHostedCore(options: HostCoreOptions, services?: HostServices): Promise<HostedCore> {
  const { demo, credentials: keptBy, ignoreSavedServer, ...rest } = options;
  const fillDemo = demo ? (await import('../core/demo/generate')).fillDemoDatabase : undefined;
  const credentials = keptBy === 'parent' ? services?.parentCredentials : keptBy === 'memory-for-tests' ? new InMemoryCredentialStoreForTests() : undefined;
  // Where the records live comes from the desk's settings (Settings → College server): its own file unless a server was
  // saved there (a server named in the options, e.g. the harness's RCD_SERVER_URL, wins). A desk never changes the
  // server's schema on its own: a manager sets it up with the owner's credential.
  const saved = rest.server || ignoreSavedServer ? null : await serverOptionsFor(rest.dataDir, credentials ?? null);
  const core = await Core.open({ ...rest, fillDemo, credentials, ...(saved ? { server: { connection: saved.connection, migrate: false } } : {}) });
  return {
    call: (key, method, input) => core.call(key, method, input),
    endSession: (key) => core.endSession(key),
    close: () => core.close(),
    // The records' backup service, like every other backup: encrypted when a recovery passphrase is set, integrity_check on
    // the copy, an atomic rename, the second folder, pruning, and listed in Settings → Backups. It throws when the backup
    // could not be made or checked (the failure is also kept for Settings → Backups), so an update is then refused.
    backupForUpdate: async () => {
      // On the college's server the app's update changes no data (a newer schema is one transaction, refused to older
      // desks), and the server is IT's to back up: there is no desk file to copy.
      const file = core.databaseFile;
      if (!file) return { verified: true, file: core.database.location };
      const taken = await core.liveBackups.take('before-upgrade');
      return { verified: true, file: path.join(file.backupsDir, taken.name) };
    },
  };
}
