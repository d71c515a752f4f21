// The backups capability's handlers: status, list, take now, second folder, recovery passphrase, inspect and restore.
import type { ParsedInput } from '../../contract/contract';
import { ApiError } from '../../contract/errors';
import type { HandlersFor, StaffContext } from '../api/handlers';
import { RestoreRefusedError } from './restore';

async function sourcePath(ctx: StaffContext, input: ParsedInput<'backups.inspect'>): Promise<string> {
  const s = input.source;
  return 'file' in s ? s.file : ctx.services.backups.pathOf(ctx.db, s.name, s.folder);
}

function refusal(e: unknown): never {
  if (e instanceof RestoreRefusedError) {
    const field = e.reason === 'needs-passphrase' || e.reason === 'wrong-passphrase' ? 'passphrase' : 'source';
    throw new ApiError('input.invalid', e.message, { fields: { [field]: e.message } });
  }
  throw e;
}

export const backupHandlers: HandlersFor<'backups.'> = {
  'backups.status': async (ctx) => ctx.services.backups.status(ctx.db),
  'backups.list': async (ctx) => ctx.services.backups.list(ctx.db),
  'backups.takeNow': async (ctx) => ctx.services.backups.take('manual'),
  'backups.setSecondFolder': async (ctx, input) => {
    await ctx.services.backups.setSecondFolder(ctx.db, input.folder);
    ctx.audit({ action: 'update', entity: 'backup_settings', entityId: null, fields: ['secondFolder'] });
    return ctx.services.backups.status(ctx.db);
  },
  'backups.setPassphrase': async (ctx, input) => {
    await ctx.services.backups.setPassphrase(ctx.db, input);
    ctx.audit({ action: 'update', entity: 'backup_settings', entityId: null, fields: ['passphrase'], summary: input.startAfresh ? 'started afresh' : null });
    return ctx.services.backups.status(ctx.db);
  },
  'backups.inspect': async (ctx, input) => ctx.services.inspectBackup(await sourcePath(ctx, input), input.passphrase).catch(refusal),
  'backups.restore': async (ctx, input) => ctx.services.restoreBackup(await sourcePath(ctx, input), input.passphrase, ctx).catch(refusal),
};
