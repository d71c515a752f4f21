// The training database's sign-ins. Fictional data only ever lives in that separate database, never the real one.
import type { Role } from '../../contract/permissions';

export const DEMO_ACCOUNTS: { username: string; displayName: string; role: Role; password: string }[] = [
  { username: 'demo.manager', displayName: 'Morgan Demo (manager)', role: 'manager', password: 'training-only-1' },
  { username: 'demo.coordinator', displayName: 'Casey Demo (coordinator)', role: 'coordinator', password: 'training-only-1' },
  { username: 'demo.admin', displayName: 'Alex Demo (admin)', role: 'admin', password: 'training-only-1' },
];
