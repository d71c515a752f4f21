// API handlers for the audit log (managers): reading it, and checking its hash chain on demand.
import type { HandlersFor } from '../api/handlers';
import { listAudit } from './audit';
import { auditChainStatus, checkAndRecordAuditChain } from './chain';

export const auditHandlers: HandlersFor<'audit.'> = {
  'audit.list': async (ctx, input) => listAudit(ctx.db, { entity: input.entity, staffId: input.staffId, from: input.from, to: input.to }, input.page, input.pageSize, { sort: input.sort, direction: input.direction }),
  // Checked against the copies kept outside the table: beside the database and, for the real database, in each backup.
  // On the college's server there is no desk file to keep a copy beside: the log is checked on its own.
  'audit.verifyChain': async (ctx) => {
    const info = ctx.services.databaseInfo();
    const place = info.engine === 'postgres' ? null : info.kind === 'live' ? await ctx.services.backups.auditPlace(ctx.db) : { dbFile: info.path, backupFolders: [] };
    return checkAndRecordAuditChain(ctx.db, 'manual', ctx.staff.id, ctx.now(), { place });
  },
  'audit.chainStatus': async (ctx) => auditChainStatus(ctx.db),
};
