// Every migration, in order: a static list so bundling keeps them (Kysely's file provider reads a folder that bundling removes).
// Append only: never edit or reorder a migration once it has landed.
import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation';
import * as m0002 from './0002_scheduling';
import * as m0003 from './0003_registers';
import * as m0004 from './0004_expenses';
import * as m0005 from './0005_outcomes';
import * as m0006 from './0006_outcomes_indexes';
import * as m0008a from './0008a_sign_in';
import * as m0008b from './0008b_reference_counters';
import * as m0009 from './0009_college_rules';
import * as m0010 from './0010_backup_settings';
import * as m0011 from './0011_return_indexes';
import * as m0012a from './0012a_audit_chain';
import * as m0012b from './0012b_data_protection';
import * as m0013 from './0013_claim_hands';
import * as m0014 from './0014_server_search';

export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_scheduling': m0002,
  '0003_registers': m0003,
  '0004_expenses': m0004,
  '0005_outcomes': m0005,
  '0006_outcomes_indexes': m0006,
  '0008a_sign_in': m0008a,
  '0008b_reference_counters': m0008b,
  '0009_college_rules': m0009,
  '0010_backup_settings': m0010,
  '0011_return_indexes': m0011,
  '0012a_audit_chain': m0012a,
  '0012b_data_protection': m0012b,
  '0013_claim_hands': m0013,
  '0014_server_search': m0014,
};

export const MIGRATION_NAMES = Object.keys(migrations);
export const LATEST_MIGRATION = MIGRATION_NAMES[MIGRATION_NAMES.length - 1];
