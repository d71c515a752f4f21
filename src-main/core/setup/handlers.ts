// Handlers for the set-up checklist (read, hide, reopen, confirm the rates) and the rules in plain words.
import type { HandlersFor } from '../api/handlers';
import { readChecklist, SETUP_KEYS, writeSetting } from './checklist';
import { ruleTexts } from './rules';

export const setupHandlers: HandlersFor<'setup.'> & HandlersFor<'help.'> = {
  'setup.checklist': async (ctx) => readChecklist(ctx.db),

  'setup.hide': async (ctx) => {
    const before = await readChecklist(ctx.db);
    await writeSetting(ctx.db, SETUP_KEYS.mode, 'hidden');
    ctx.audit({ action: 'hide-setup-checklist', entity: 'setup_checklist', entityId: null, summary: `${before.doneCount} of ${before.total} steps done` });
    return readChecklist(ctx.db);
  },

  'setup.reopen': async (ctx) => {
    await writeSetting(ctx.db, SETUP_KEYS.mode, 'shown');
    ctx.audit({ action: 'show-setup-checklist', entity: 'setup_checklist', entityId: null });
    return readChecklist(ctx.db);
  },

  'setup.confirmRates': async (ctx) => {
    await writeSetting(ctx.db, SETUP_KEYS.ratesConfirmed, { at: ctx.now().toISOString(), staffId: ctx.staff.id });
    ctx.audit({ action: 'confirm-rates', entity: 'setup_checklist', entityId: null, summary: 'Mileage rates, involvement rates and benefit limits checked' });
    return readChecklist(ctx.db);
  },

  'help.rules': async (ctx) => ruleTexts(ctx.db, ctx.now()),
};
