// Kysely types for the audit chain's own tables (migration 0012a); the audit log itself is in db/schema.ts.
import type { Generated } from 'kysely';

export interface AuditChainHeadTable {
  /** Always 1: one row, updated with every audit write. */
  id: number;
  last_id: number;
  last_hash: string;
  row_count: number;
}

export interface AuditChainChecksTable {
  id: Generated<number>;
  checked_at: string;
  trigger: 'manual' | 'weekly' | 'backup';
  staff_id: number | null;
  ok: 0 | 1;
  rows_checked: number;
  first_bad_id: number | null;
  problem: string | null;
  head_hash: string | null;
}

export interface AuditTables {
  audit_chain_head: AuditChainHeadTable;
  audit_chain_checks: AuditChainChecksTable;
}
