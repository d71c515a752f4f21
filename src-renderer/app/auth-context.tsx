// Who is signed in, what their role can do, and which database is open — for any screen that needs to know.
import { createContext, useContext } from 'react';
import { roleCan, type Permission } from '../../src-main/contract/permissions';
import type { AuthStatus, SignedInStaff } from '../../src-main/contract/staff';

export interface CurrentStaff {
  staff: SignedInStaff;
  database: AuthStatus['database'];
  idleLockMinutes: number;
  /** Cosmetic only (hides buttons and nav); the core checks every call. */
  can(permission: Permission): boolean;
}

export const AuthContext = createContext<CurrentStaff | null>(null);

export function useCurrentStaff(): CurrentStaff {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useCurrentStaff is only available once someone is signed in.');
  return value;
}

export function makeCurrentStaff(status: AuthStatus): CurrentStaff | null {
  if (!status.session) return null;
  const { staff, idleLockMinutes } = status.session;
  return { staff, database: status.database, idleLockMinutes, can: (p) => roleCan(staff.role, p) };
}
