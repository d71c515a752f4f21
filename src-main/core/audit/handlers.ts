// API handlers for the audit log (managers): reading it, and checking its hash chain on demand.
import type { HandlersFor } from '../api/handlers';
import { listAudit } from './audit';
import { auditChainStatus, checkAndRecordAuditChain } from './chain';

export const auditHandlers: HandlersFor<'audit.'> = {
  'audit.list': async (ctx, input) => listAudit(ctx.db, { entity: input.entity, staffId: input.staffId, from: input.from, to: input.to }, input.page, input.pageSize),
  'audit.verifyChain': async (ctx) => checkAndRecordAuditChain(ctx.db, 'manual', ctx.staff.id, ctx.now()),
  'audit.chainStatus': async (ctx) => auditChainStatus(ctx.db),
};
