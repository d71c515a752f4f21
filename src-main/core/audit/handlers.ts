// API handlers for reading the audit log (managers).
import type { HandlersFor } from '../api/handlers';
import { listAudit } from './audit';

export const auditHandlers: HandlersFor<'audit.'> = {
  'audit.list': async (ctx, input) => listAudit(ctx.db, { entity: input.entity }, input.page, input.pageSize),
};
