// Kysely table types for sign-in throttling and the manager recovery key (migration 0008a).

/** Failed sign-ins per username typed (real or not), so an unknown username behaves exactly like a known one. */
export interface SignInThrottleTable {
  username: string;
  failures: number;
  last_failure_at: string;
}

/** Failed sign-ins on one desk (one running core) across every username, in a fixed window. */
export interface SignInDesksTable {
  desk: string;
  failures: number;
  window_started_at: string;
}

/** The one manager recovery key: only a hash of it (single row, id = 1). */
export interface ManagerRecoveryTable {
  id: number;
  key_hash: string;
  created_at: string;
  created_by: number | null;
}

export interface SignInTables {
  sign_in_throttle: SignInThrottleTable;
  sign_in_desks: SignInDesksTable;
  manager_recovery: ManagerRecoveryTable;
}
