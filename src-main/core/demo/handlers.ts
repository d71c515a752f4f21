// API handlers for the separate training database.
import type { HandlersFor } from '../api/handlers';

export const demoHandlers: HandlersFor<'demo.'> = {
  'demo.open': async (ctx, input) => ctx.services.openDemo(input.scale),
  'demo.progress': async (ctx) => ctx.services.demoStatus(),
  'demo.close': async (ctx) => {
    await ctx.services.closeDemo();
    return null;
  },
};
