// Kysely types for the data protection tables (migration 0012b).
import type { Generated } from 'kysely';

export interface SubjectAccessRequestsTable {
  id: Generated<number>;
  student_id: number;
  received_on: string;
  /** One calendar month after receipt (UK GDPR Article 12(3)); the last day of the month when there is no such day. */
  due_on: string;
  how_received: string | null;
  logged_by: number;
  logged_at: string;
  last_exported_at: string | null;
  completed_on: string | null;
  completed_by: number | null;
}

export interface DiskEncryptionConfirmationsTable {
  id: Generated<number>;
  confirmed_on: string;
  confirmed_by: number;
  statement: string;
}

export interface PrivacyTables {
  subject_access_requests: SubjectAccessRequestsTable;
  disk_encryption_confirmations: DiskEncryptionConfirmationsTable;
}
