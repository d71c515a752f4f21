// Kysely table types: the database as the core sees it. One interface per table; rows derived with Selectable/Insertable.
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { AuditTables } from '../audit/tables';
import type { SignInTables } from '../auth/tables';
import type { ExpensesTables } from '../expenses/tables';
import type { OutcomeTables } from '../outcomes/tables';
import type { PrivacyTables } from '../privacy/tables';
import type { RegisterTables } from '../registers/tables';
import type { SchedulingTables } from '../scheduling/tables';

export interface StaffTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  role: 'admin' | 'coordinator' | 'manager';
  password_hash: string;
  active: Generated<number>;
  must_change_password: Generated<number>;
  last_signed_in_at: string | null;
  created_at: string;
  /** Migration 0012b: the last data security training completed (the Toolkit expects it yearly). */
  training_completed_on: string | null;
}

export interface SettingsTable {
  key: string;
  value: string;
}

/** Manager-only backup settings (second folder, the backup key); see core/backups. */
export interface BackupSettingsTable {
  key: string;
  value: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  staff_id: number | null;
  action: string;
  entity: string;
  entity_id: number | null;
  fields: string;
  summary: string | null;
  /** The chain (core/audit/chain.ts): the previous row's hash and this row's. */
  prev_hash: string;
  hash: string;
}

export interface StudentsTable {
  id: Generated<number>;
  reference: string;
  first_name: string;
  surname: string;
  preferred_name: string | null;
  pronouns: string | null;
  date_of_birth: string;
  email: string | null;
  phone: string | null;
  phone_digits: string | null;
  address_line1: string | null;
  address_line2: string | null;
  town: string | null;
  postcode: string | null;
  emergency_contact_name: string | null;
  emergency_contact_phone: string | null;
  emergency_contact_relationship: string | null;
  support_needs: string | null;
  referral_source: string;
  referral_other: string | null;
  secondary_mh_services: string;
  ethnic_category: string;
  gender_identity: string;
  employment_status: string;
  nhs_number: string | null;
  archived_at: string | null;
  archived_reason: string | null;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
  /** Migration 0012b: when every personal field was replaced (privacy/anonymise.ts). */
  anonymised_at: string | null;
}

export interface DataSharingConsentsTable {
  id: Generated<number>;
  student_id: number;
  given_on: string;
  withdrawn_on: string | null;
  recorded_by: number;
  recorded_at: string;
  /** Migration 0012b: when the consent should be checked with the student again. */
  review_on: string | null;
}

export interface StudentsFtsTable {
  rowid: number;
  names: string;
  ids: string;
}

/** The foundation's tables (migration 0001). */
/** Counters for human references (migration 0008b). */
export interface CountersTable {
  name: string;
  next: number;
}

export interface FoundationTables {
  counters: CountersTable;
  staff: StaffTable;
  settings: SettingsTable;
  backup_settings: BackupSettingsTable;
  audit_log: AuditLogTable;
  students: StudentsTable;
  data_sharing_consents: DataSharingConsentsTable;
  students_fts: StudentsFtsTable;
}

/** Every table. A capability adds its `XxxTables` interface (in its own folder) to this list. */
export interface Database extends FoundationTables, SchedulingTables, RegisterTables, ExpensesTables, OutcomeTables, AuditTables, SignInTables, PrivacyTables {}

export type StaffRow = Selectable<StaffTable>;
export type StudentRow = Selectable<StudentsTable>;
export type NewStudentRow = Insertable<StudentsTable>;
export type StudentUpdate = Updateable<StudentsTable>;
