// API handlers for Today.
import type { HandlersFor } from '../api/handlers';
import { todaySummary } from './summary';

export const todayHandlers: HandlersFor<'today.'> = {
  'today.summary': async (ctx) => todaySummary(ctx),
};
