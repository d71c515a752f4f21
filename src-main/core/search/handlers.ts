// API handler for searching everything from one box: the kinds searched follow the signed-in person's role.
import type { HandlersFor } from '../api/handlers';
import { searchEverything } from './search';

export const searchHandlers: HandlersFor<'search.'> = {
  'search.everything': async (ctx, input) => searchEverything(ctx.db, ctx.staff, input),
};
