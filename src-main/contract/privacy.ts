// Data protection: the audit chain's checks, who has looked at a record, subject access, anonymisation and retention,
// consent reviews, and the data security page (evidence for the NHS Data Security and Protection Toolkit).
import { method, none, type MethodSpec } from './define';

export type ChainVerification =
  | { ok: true; rowsChecked: number; firstBadId: null; problem: null; headHash: string }
  | { ok: false; rowsChecked: number; firstBadId: number | null; problem: string };

export interface AuditChainStatus {
  lastCheck: {
    at: string;
    trigger: 'manual' | 'weekly' | 'backup';
    ok: boolean;
    rowsChecked: number;
    firstBadId: number | null;
    problem: string | null;
    checkedBy: string | null;
  } | null;
  /** When the log was last found intact. */
  lastVerifiedAt: string | null;
}

export const privacyMethods = {
  'audit.verifyChain': method<ChainVerification>()({
    kind: 'write',
    input: none,
    access: 'audit.read',
    summary: 'Check now that no audit entry has been changed, removed or reordered since it was written.',
  }),
  'audit.chainStatus': method<AuditChainStatus>()({ kind: 'read', input: none, access: 'audit.read', summary: 'When the audit log was last checked, and what was found.' }),
} satisfies Record<string, MethodSpec>;
