// Opens the real core inside the core's process. The demo generator is loaded only when the training database is offered.
import path from 'node:path';
import { Core } from '../core/api/core';
import { onlineBackup, openSqlite, quickCheck } from '../core/db/sqlite';
import type { HostedCore } from './host';
import type { HostCoreOptions } from './protocol';

export async function openHostedCore(options: HostCoreOptions): Promise<HostedCore> {
  const { demo, ...rest } = options;
  const fillDemo = demo ? (await import('../core/demo/generate')).fillDemoDatabase : undefined;
  const core = await Core.open({ ...rest, fillDemo });
  return {
    call: (key, method, input) => core.call(key, method, input),
    endSession: (key) => core.endSession(key),
    close: () => core.close(),
    backupForUpdate: async () => {
      const opened = core.database;
      const file = path.join(opened.backupsDir, `${path.parse(opened.file).name}-before-update-${new Date().toISOString().replace(/[:.]/g, '-')}.sqlite`);
      await onlineBackup(opened.sqlite, file);
      const check = openSqlite(file, { readonly: true, nativeBinding: options.nativeBinding });
      try {
        return { verified: quickCheck(check).length === 0, file };
      } finally {
        check.close();
      }
    },
  };
}
