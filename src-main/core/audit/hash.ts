// The audit row hash, on its own so the chain check and the copies kept outside the table (outside.ts) share it.
import { createHash } from 'node:crypto';

export const AUDIT_GENESIS = '0'.repeat(64);

export interface ChainedContent {
  at: string;
  staff_id: number | null;
  action: string;
  entity: string;
  entity_id: number | null;
  fields: string;
  summary: string | null;
}

/** The hash of one row: its content and the previous row's hash (the same formula as migration 0012a, which is frozen). */
export function auditRowHash(prev: string, r: ChainedContent): string {
  return createHash('sha256')
    .update(JSON.stringify([prev, r.at, r.staff_id, r.action, r.entity, r.entity_id, r.fields, r.summary]))
    .digest('hex');
}
