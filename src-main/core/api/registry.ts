// Every capability's handlers in one object; the compiler checks that each contract method has exactly one.
import { auditHandlers } from '../audit/handlers';
import { backupHandlers } from '../backups/handlers';
import { authHandlers } from '../auth/auth';
import { demoHandlers } from '../demo/handlers';
import { registerHandlers } from '../registers/registers';
import { outcomeHandlers } from '../outcomes/outcomes';
import { privacyHandlers } from '../privacy/handlers';
import { returnHandlers, returnPreparers } from '../returns/returns';
import { expensesHandlers } from '../expenses/handlers';
import { importHandlers } from '../imports/handlers';
import { exportHandlers, exportPreparers } from '../exports/lists';
import { settingsHandlers } from '../settings/settings';
import { setupHandlers } from '../setup/handlers';
import { staffHandlers } from '../staff/staff';
import { schedulingHandlers } from '../scheduling/handlers';
import { searchHandlers } from '../search/handlers';
import { serverHandlers, serverPreparers } from '../server/handlers';
import { studentHandlers } from '../students/students';
import { todayHandlers } from '../today/handlers';
import { changesHandlers } from '../changes/handlers';
import type { Handlers, Preparers } from './handlers';

export const allHandlers = {
  ...authHandlers,
  ...demoHandlers,
  ...staffHandlers,
  ...studentHandlers,
  ...auditHandlers,
  ...settingsHandlers,
  ...registerHandlers,
  ...schedulingHandlers,
  ...outcomeHandlers,
  ...returnHandlers,
  ...expensesHandlers,
  ...privacyHandlers,
  ...backupHandlers,
  ...importHandlers,
  ...setupHandlers,
  ...searchHandlers,
  ...todayHandlers,
  ...exportHandlers,
  ...serverHandlers,
  ...changesHandlers,
} satisfies Handlers as Handlers;

/** The write methods that compute on a snapshot before their transaction opens (see `Preparer`). */
export const allPreparers: Preparers = {
  ...returnPreparers,
  ...exportPreparers,
  ...serverPreparers,
};
