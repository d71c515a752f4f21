// API handler for other desks' changes (db/server-changes.ts): answered from memory, no query.
import type { HandlersFor } from '../api/handlers';

export const changesHandlers: HandlersFor<'changes.'> = {
  'changes.since': async (ctx, input) => ctx.services.changesSince(input.after),
};
